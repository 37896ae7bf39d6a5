import type { Presenter } from "@edgewise/sdk-core";

/**
 * A presenter whose renderer is loaded on first need: `prepare()` loads it (the core awaits it
 * before showing a message); until it has loaded, `show` refuses (a `suppress`), so nothing is
 * counted as displayed that was not. A failed load is tried again at the next message.
 */
export function lazyPresenter(load: () => Promise<Presenter>): Presenter {
  let loaded: Presenter | undefined;
  let loading: Promise<void> | undefined;
  const prepare = (): Promise<void> =>
    (loading ??= load().then(
      (presenter) => void (loaded = presenter),
      (error) => {
        loading = undefined;
        throw error;
      },
    ));
  return {
    prepare,
    show: (decision, reply) => (loaded ? loaded.show(decision, reply) : (prepare().catch(() => {}), false)),
  };
}

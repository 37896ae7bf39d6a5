import type { CoreClient, MessageDecision } from "@edgewise/sdk-core";

/** How long a message that arrived before any host was mounted still waits for one. */
export const WAIT_FOR_HOST_MS = 30_000;

export interface MessageHost {
  /** Hands messages to `present` from now on, first the one that waited (if recent); returns a detach function. */
  attach(present: (decision: MessageDecision) => void): () => void;
}

const hosts = new WeakMap<CoreClient, MessageHost>();

/**
 * The client's message host: it listens to `on("message")` from the moment it is created, so a
 * message that arrives before `<EdgewiseMessages/>` is mounted (the `app.launch` message, decided
 * while the app still renders its first screen) waits for it instead of being lost. Only the
 * latest such message waits, for WAIT_FOR_HOST_MS; nothing is reported until one is presented.
 */
export function messageHost(client: CoreClient, now: () => number = Date.now): MessageHost {
  let host = hosts.get(client);
  if (host) return host;
  let present: ((decision: MessageDecision) => void) | undefined;
  let waiting: { decision: MessageDecision; at: number } | undefined;
  client.on("message", (decision) => {
    if (present) present(decision);
    else waiting = { decision, at: now() };
  });
  host = {
    attach(fn) {
      present = fn;
      const early = waiting;
      waiting = undefined;
      if (early && now() - early.at < WAIT_FOR_HOST_MS) fn(early.decision);
      return () => void (present === fn && (present = undefined));
    },
  };
  hosts.set(client, host);
  return host;
}

/**
 * `@edgewise/sdk-web`: the Edgewise browser SDK (ESM). Importing it does nothing; `createClient`
 * starts a client.
 *
 * @example
 * import { createClient } from "@edgewise/sdk-web";
 * const edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example" });
 * await edgewise.render();                       // every [data-edgewise-placement] in the page
 * edgewise.track("cart.add", { sku: "A1" });      // may show a triggered message at once
 */
import { createCore, PREVIEW_PARAMETER, type ClientDecision, type CoreClient, type CoreOptions, type MessageDecision, type Presenter, type Storage, type Transport } from "@edgewise/sdk-core";
import { browserLifecycle, pageContext } from "./platform/lifecycle.ts";
import { idbStorage } from "./platform/storage.ts";
import { browserTransport } from "./platform/transport.ts";
import { createPlacements, sanitize, type PlacementsOptions } from "./render/placements.ts";
import { lazyPresenter } from "./render/lazy-presenter.ts";
import { loadPresenter, loadPreview } from "./render/load-presenter.ts";
import { PREVIEW_KEY } from "./render/preview-key.ts";
import { createPresenter, type PresenterOptions } from "./render/presenter.ts";

export interface ClientOptions
  extends Omit<CoreOptions, "storage" | "transport" | "presenter">,
    PresenterOptions,
    Omit<PlacementsOptions, "nonce"> {
  /** Defaults: IndexedDB (memory if unavailable), `fetch` + keepalive, the preact presenter. */
  storage?: Storage;
  transport?: Transport;
  presenter?: Presenter;
}

export interface WebClient extends CoreClient {
  /**
   * Renders a message decision, or decides and renders the placements under `target` (default:
   * the whole document).
   */
  render(target?: ParentNode | MessageDecision): Promise<void>;
  /**
   * A page view (call it on load and after each single-page-app navigation): tracks `page.view`,
   * decides every placement again and shows the message placements' winners.
   */
  page(): Promise<void>;
}

/**
 * Creates a browser client: the shared core wired to IndexedDB, `fetch`/keepalive, the page
 * lifecycle and the preact presenter (loaded when a message is first about to show).
 *
 * @example const edgewise = createClient({ clientKey: "demo-client-key", mode: "local", consent: "pending" });
 */
export function createClient(options: ClientOptions): WebClient {
  const log = options.logger;
  const preview = options.preview ?? previewOfPage();
  const core = createCore({
    channel: "web",
    storage: idbStorage(log),
    transport: browserTransport(),
    lifecycle: browserLifecycle(),
    // The preact renderer loads when a message is first about to show.
    presenter: lazyPresenter(() => loadPresenter(options)),
    context: pageContext,
    ...options,
    ...(preview ? { preview } : {}),
  });
  if (preview) void loadPreview().then((show) => show(core), (error) => log?.("preview overlay not loaded", error));
  const placements = createPlacements(core, options);
  return {
    ...core,
    render: async (target = document) => {
      if ("placement" in target) {
        await core.prepareMessages();
        core.show(target);
      } else await placements.scan(target);
    },
    page: () => {
      const where = { path: location.pathname, url: location.href };
      const view = () => void core.track("page.view", where);
      const rendered = placements.navigate();
      // In edge mode the page's placements render first: a page view's trigger offers may load the
      // engine, which must not hold up what the edge decided.
      if (core.state().mode === "edge") void rendered.finally(view);
      else view();
      return rendered;
    },
  };
}

/**
 * A preview link's token (`?edgewise_preview=`, from the console): kept for this tab in
 * sessionStorage and taken off the address, so that a copied URL does not carry it on.
 */
function previewOfPage(): string | undefined {
  try {
    const url = new URL(location.href);
    const token = url.searchParams.get(PREVIEW_PARAMETER);
    if (token) {
      sessionStorage.setItem(PREVIEW_KEY, token);
      url.searchParams.delete(PREVIEW_PARAMETER);
      history.replaceState(history.state, "", url.href);
    }
    return token ?? sessionStorage.getItem(PREVIEW_KEY) ?? undefined;
  } catch {
    return undefined; // no sessionStorage (a sandboxed frame): no preview
  }
}

export { createPlacements, createPresenter, sanitize };
export type { ClientDecision, MessageDecision, PlacementsOptions, PresenterOptions };
export type * from "@edgewise/sdk-core";

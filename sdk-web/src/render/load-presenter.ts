import type { CoreClient, Presenter } from "@edgewise/sdk-core";
import type { PresenterOptions } from "./presenter.ts";

/**
 * Loads the message renderer (preact, the message styles, the html frame) when a message is first
 * about to show. A dynamic import: bundlers that split code put it in its own chunk. The script
 * tag replaces this module at build time with one that loads its messages chunk (`../script/`).
 */
export const loadPresenter = (options: PresenterOptions): Promise<Presenter> => import("./presenter.ts").then((m) => m.createPresenter(options));

/** Loads the preview overlay (with the message renderer's chunk in the script tag) for a page that previews. */
export const loadPreview = (): Promise<(client: Pick<CoreClient, "on">) => void> => import("./preview-overlay.ts").then((m) => m.showPreview);

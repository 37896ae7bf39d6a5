/**
 * `@edgewise/sdk-mobile`: the Edgewise SDK for JavaScript app runtimes. The client core is the web
 * SDK's (`@edgewise/sdk-core`); this package adds the app's ports (an AsyncStorage-shaped store,
 * an AppState-shaped lifecycle, `fetch`, a presenter), sessions, `getOffers` and the WebView
 * renderer. React Native apps use `@edgewise/sdk-mobile/react-native`, which wires AsyncStorage and
 * AppState. Importing does nothing.
 *
 * @example
 * import { createClient } from "@edgewise/sdk-mobile";
 * const edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example", storage: localStorage });
 * const offers = await edgewise.getOffers(["app-home"]);
 */
export { appContext, createClient } from "./client/client.ts";
export type { MobileClient, MobileOptions, Offer, OffersOptions } from "./client/client.ts";
export type { SessionRecord } from "./client/session.ts";
export { keyValueStorage } from "./platform/async-storage.ts";
export type { KeyValueStore, KeyValueStorageOptions } from "./platform/async-storage.ts";
export { watchApp } from "./platform/app-state.ts";
export type { AppStateLike, AppWatchers, ConnectivityLike } from "./platform/app-state.ts";
export { fetchTransport } from "./platform/fetch.ts";
export type { FetchInit, FetchLike } from "./platform/fetch.ts";
export { previewToken, watchPreviewLinks } from "./platform/preview-link.ts";
export type { LinkingLike } from "./platform/preview-link.ts";
export { PREVIEW_PARAMETER, previewReport, watchPreview } from "@edgewise/sdk-core";
export type { PreviewReport, PreviewWatch } from "@edgewise/sdk-core";
export { escapeHtml, LAYOUTS, renderMessageHtml } from "./render/html.ts";
export type { HtmlOptions } from "./render/html.ts";
export { parseBridgeMessage, webViewPresenter } from "./render/bridge.ts";
export type { BridgeMessage, WebViewMessage, WebViewPresenterOptions } from "./render/bridge.ts";
export type {
  ClientDecision,
  ClientEvents,
  Consent,
  DecideOptions,
  EventType,
  Message,
  MessageButton,
  MessageDecision,
  Mode,
  Presenter,
  PreviewState,
  QueuedEvent,
} from "@edgewise/sdk-core";

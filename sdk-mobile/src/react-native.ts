/**
 * `@edgewise/sdk-mobile/react-native`: the mobile client wired to React Native — AsyncStorage
 * (`@react-native-async-storage/async-storage`) for state and the event queue, `AppState` for the
 * lifecycle, `Platform` for the evaluation context, and React bindings (`EdgewiseProvider`,
 * `useDecision`, `useEdgewise`, `<EdgewiseMessages WebView={WebView}/>`, `<EdgewisePreview/>`). React, React Native,
 * AsyncStorage and react-native-webview are peer dependencies. Importing does nothing;
 * `createClient` starts a client.
 *
 * @example
 * import { createClient, webViewPresenter } from "@edgewise/sdk-mobile/react-native";
 * export const edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example", appVersion: "2.3.0" });
 */
import AsyncStorage from "@react-native-async-storage/async-storage";
import { AppState, Platform } from "react-native";
import { appContext, createClient as createMobileClient, type MobileClient, type MobileOptions } from "./client/client.ts";
import { messageHost } from "./react/message-host.ts";
import { previewWatch } from "./react/preview-host.ts";

export interface ReactNativeOptions extends Omit<MobileOptions, "storage"> {
  /** Default: AsyncStorage. */
  storage?: MobileOptions["storage"];
}

/** React Native's evaluation context: `channel: "app"`, `appVersion`, `locale`, `platform` (`ios`, `android`) and `osVersion`. */
export function reactNativeContext(appVersion?: string): Record<string, unknown> {
  return { ...appContext(appVersion), platform: Platform.OS, osVersion: String(Platform.Version) };
}

/**
 * Creates the client with AsyncStorage and AppState (each replaceable through the options).
 *
 * @example
 * const edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example",
 *   presenter: webViewPresenter({ present, close, open: (url) => Linking.openURL(url) }) });
 */
export function createClient(options: ReactNativeOptions): MobileClient {
  const client = createMobileClient({
    storage: AsyncStorage,
    lifecycle: AppState,
    context: () => reactNativeContext(options.appVersion),
    ...options,
  });
  // Without a presenter, messages go to <EdgewiseMessages/>: listen now, before it is mounted.
  if (!options.presenter) messageHost(client, () => (options.clock ?? Date).now());
  // Likewise <EdgewisePreview/>: it shows the decisions made under a preview before it was mounted.
  previewWatch(client);
  return client;
}

export {
  appContext,
  escapeHtml,
  fetchTransport,
  keyValueStorage,
  LAYOUTS,
  parseBridgeMessage,
  PREVIEW_PARAMETER,
  previewReport,
  previewToken,
  renderMessageHtml,
  watchApp,
  watchPreview,
  watchPreviewLinks,
  webViewPresenter,
} from "./index.ts";
export type * from "./index.ts";
export { EdgewiseMessages, EdgewiseProvider, useDecision, useEdgewise } from "./react/bindings.ts";
export type { DecisionState, EdgewiseMessagesProps, EdgewiseProviderProps, WebViewLikeProps } from "./react/bindings.ts";
export { EdgewisePreview } from "./react/preview.ts";
export type { EdgewisePreviewProps } from "./react/preview.ts";

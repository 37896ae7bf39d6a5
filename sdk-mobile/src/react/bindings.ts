/**
 * React bindings of the mobile client: `<EdgewiseProvider client>`, `useEdgewise()`,
 * `useDecision(placement)` and the `<EdgewiseMessages WebView={WebView}/>` host, which shows in-app
 * messages in a `react-native-webview` inside a `Modal`. Written with `createElement` (no JSX), so
 * the package needs no JSX transform.
 */
import { createContext, createElement, useCallback, useContext, useEffect, useRef, useState, type ComponentType, type ReactNode } from "react";
import { Modal } from "react-native";
import type { ClientDecision, MessageDecision } from "@edgewise/sdk-core";
import type { MobileClient, Offer, OffersOptions } from "../client/client.ts";
import { webViewPresenter, type WebViewMessage, type WebViewPresenterOptions } from "../render/bridge.ts";
import { messageHost } from "./message-host.ts";

const EdgewiseContext = createContext<MobileClient | null>(null);

export interface EdgewiseProviderProps {
  /** The client of `createClient` (create it once, outside components). */
  client: MobileClient;
  children?: ReactNode;
}

/** Makes `client` available to `useEdgewise`, `useDecision` and `<EdgewiseMessages/>` below it. */
export function EdgewiseProvider({ client, children }: EdgewiseProviderProps) {
  return createElement(EdgewiseContext.Provider, { value: client }, children);
}

/** The client of the nearest `<EdgewiseProvider>`; throws when there is none. */
export function useEdgewise(): MobileClient {
  const client = useContext(EdgewiseContext);
  if (!client) throw new Error("useEdgewise: no <EdgewiseProvider client={…}> above this component");
  return client;
}

export interface DecisionState {
  /** The placement's offer; `undefined` while deciding or when nothing qualifies. */
  offer: Offer | undefined;
  /** True until the first decision arrives. */
  loading: boolean;
  /** Decides again (after `identify`, a purchase, …). */
  refresh(): void;
}

const toOffer = (decision: ClientDecision | undefined): Offer | undefined =>
  decision?.offerId ? ({ ...decision, content: (decision.content ?? {}) as Record<string, unknown> } as Offer) : undefined;

/**
 * The offer of one placement, kept current: it re-renders when the edge's answer follows a local
 * one (hybrid mode) and whenever the client decides this placement again, anywhere in the app.
 * Report what you show: `useEdgewise().report("display", offer)`.
 *
 * @example
 * const { offer } = useDecision("app-home");
 * return offer ? <Card title={String(offer.content.title)} /> : null;
 */
export function useDecision(placement: string, options: Omit<OffersOptions, "onUpdate"> = {}): DecisionState {
  const client = useEdgewise();
  const [state, setState] = useState<{ offer: Offer | undefined; loading: boolean }>({ offer: undefined, loading: true });
  const [round, setRound] = useState(0);
  // The options of the latest render, without deciding again on every render.
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    let live = true;
    const set = (offer: Offer | undefined) => live && setState({ offer, loading: false });
    const off = client.on("decisions", ({ decisions }) => {
      const own = decisions.find((d) => d.placement === placement);
      if (own) set(toOffer(own));
    });
    void client.getOffers([placement], latest.current).then((offers) => set(offers[0]));
    return () => {
      live = false;
      off();
    };
  }, [client, placement, round]);

  // A preview started or ended (a preview link): the placement is decided again under it.
  useEffect(() => client.on("previewing", () => setRound((n) => n + 1)), [client]);

  const refresh = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, refresh };
}

/** The part of `react-native-webview`'s `WebView` props the host uses. */
export interface WebViewLikeProps {
  source: { html: string; baseUrl?: string };
  originWhitelist?: string[];
  onMessage(event: { nativeEvent: { data: string } }): void;
  onShouldStartLoadWithRequest?(request: { url: string }): boolean;
  javaScriptEnabled?: boolean;
  style?: unknown;
}

export interface EdgewiseMessagesProps extends Omit<WebViewPresenterOptions, "present" | "close"> {
  /** `WebView` of `react-native-webview` (a peer dependency): `import { WebView } from "react-native-webview"`. */
  WebView: ComponentType<WebViewLikeProps>;
  /** Opens what the person chose (`Linking.openURL`); URLs arrive checked by the URL policy. */
  open?(url: string, message: WebViewMessage): void;
  /** Style of the WebView (default: the whole screen, transparent). */
  style?: unknown;
}

/**
 * Shows the client's in-app messages, one at a time, each in a `WebView` inside a transparent
 * `Modal`. Mount it once, near the root, inside `<EdgewiseProvider>`; create the client without a
 * `presenter` (messages then reach this host; one that arrives before the host is mounted waits
 * for it, see `messageHost`). It reports `display` when a message is shown, and `interact` and
 * `dismiss` as the person uses it; Android's back button dismisses.
 *
 * @example
 * import { WebView } from "react-native-webview";
 * <EdgewiseProvider client={edgewise}><App /><EdgewiseMessages WebView={WebView} open={(url) => Linking.openURL(url)} /></EdgewiseProvider>
 */
export function EdgewiseMessages({ WebView, style, ...options }: EdgewiseMessagesProps) {
  const client = useEdgewise();
  const [current, setCurrent] = useState<WebViewMessage | null>(null);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    let shown: WebViewMessage | null = null;
    const presenter = webViewPresenter({
      ...latest.current,
      present: (message) => {
        // One at a time: another message is a suppress (a journey's stays pending at the edge).
        if (shown) return false;
        setCurrent((shown = message));
        return true;
      },
      close: (message) => {
        if (shown === message) shown = null;
        setCurrent((visible) => (visible === message ? null : visible));
      },
      open: (url, message) => latest.current.open?.(url, message),
    });
    return messageHost(client).attach((decision: MessageDecision) => {
      const reply = (type: "interact" | "dismiss", properties?: Record<string, unknown>) => client.report(type, decision, properties);
      if (presenter.show(decision, reply)) client.report("display", decision);
      else client.report("suppress", decision, { reason: "presenter" });
    });
  }, [client]);

  if (!current) return null;
  return createElement(
    Modal,
    { visible: true, transparent: true, animationType: "fade", onRequestClose: () => current.dismiss("back") },
    createElement(WebView, {
      source: { html: current.html },
      originWhitelist: ["about:blank"],
      javaScriptEnabled: true,
      // The document is the message: it never navigates; links go through the bridge to `open`.
      onShouldStartLoadWithRequest: (request) => request.url === "about:blank",
      onMessage: (event) => current.onMessage(event.nativeEvent.data),
      style: style ?? { flex: 1, backgroundColor: "transparent" },
    }),
  );
}

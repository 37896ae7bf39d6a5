import { safeUrl } from "@edgewise/decision-engine";
import { uuid, type MessageDecision, type Presenter } from "@edgewise/sdk-core";
import { LAYOUTS, renderMessageHtml, type HtmlOptions } from "./html.ts";

/**
 * What a message document posts to the app (as a JSON string), once checked:
 * - `ready`: rendered; `height` is the content's height in CSS pixels (size a banner's WebView with it).
 * - `dismiss`: closed (`properties.action`: `close`, `escape`, `backdrop` or `dismiss` for a dismiss button).
 * - `interact`: a button (`properties`: `action` `url`/`deeplink`/`custom`, `label`, `url`, `name`);
 *   `stay` when the message remains open (an `html` message's `edgewise.action(name)`).
 * - `link`: a link in an `html` message, or its `edgewise.open(url)`.
 * URLs pass the URL policy (`safeUrl`: http(s), mailto:, tel:, relative, or a deep link with one of
 * the declared `deepLinkSchemes`) and arrive as it cleaned them; anything else is dropped.
 */
export type BridgeMessage =
  | { type: "ready"; offerId?: string; height?: number }
  | { type: "dismiss"; offerId?: string; properties: Record<string, unknown> }
  | { type: "interact"; offerId?: string; properties: Record<string, unknown>; url?: string; stay: boolean }
  | { type: "link"; offerId?: string; url: string };

const text = (value: unknown) => (typeof value === "string" ? value : undefined);

/**
 * Checks what a WebView (`event.nativeEvent.data`) or an iframe (`event.data`) delivered: a bridge
 * message of this document (`channel`, when given), or `undefined` for anything else. A deep link
 * passes only with one of `deepLinkSchemes` (the ruleset's, `decision.deepLinkSchemes`); without
 * them none does.
 *
 * @example parseBridgeMessage('{"edgewise":"m1","type":"dismiss","action":"close"}', "m1"); // {type: "dismiss", properties: {action: "close"}}
 * @example parseBridgeMessage('{"edgewise":"m1","type":"link","url":"shopapp://cart"}', "m1", ["shopapp"]); // {type: "link", url: "shopapp://cart"}
 */
export function parseBridgeMessage(data: unknown, channel?: string, deepLinkSchemes?: readonly string[]): BridgeMessage | undefined {
  let m: Record<string, unknown>;
  try {
    m = typeof data === "string" ? JSON.parse(data) : (data as Record<string, unknown>);
  } catch {
    return undefined;
  }
  if (!m || typeof m !== "object" || typeof m.edgewise !== "string" || (channel !== undefined && m.edgewise !== channel)) return undefined;
  const offerId = text(m.offerId);
  const label = text(m.label);
  switch (m.type) {
    case "ready":
      return { type: "ready", offerId, height: typeof m.height === "number" && Number.isFinite(m.height) ? m.height : undefined };
    case "dismiss":
      return { type: "dismiss", offerId, properties: JSON.parse(JSON.stringify({ action: text(m.action), label })) };
    case "interact": {
      const action = text(m.action) ?? "custom";
      const url = safeUrl(m.url, deepLinkSchemes);
      return { type: "interact", offerId, properties: JSON.parse(JSON.stringify({ action, label, url, name: text(m.name) })), url, stay: m.stay === true };
    }
    case "link": {
      const url = safeUrl(m.url, deepLinkSchemes);
      return url === undefined ? undefined : { type: "link", offerId, url };
    }
  }
  return undefined;
}

/** One message on its way to a WebView. */
export interface WebViewMessage {
  decision: MessageDecision;
  /** The document (`<WebView source={{ html }} />`). */
  html: string;
  channel: string;
  /** Pass on everything the WebView posts (`onMessage={(e) => message.onMessage(e.nativeEvent.data)}`). */
  onMessage(data: unknown): void;
  /** Closes it from the app (Android's back button, navigation): reported as a dismiss. */
  dismiss(action?: string): void;
}

export interface WebViewPresenterOptions extends Omit<HtmlOptions, "channel"> {
  /** Shows the document, e.g. in a `<WebView>` inside a `<Modal>`; return `false` when it cannot be shown now. */
  present(message: WebViewMessage): boolean;
  /** Hides it: the person dismissed it, used a button or followed a link. */
  close(message: WebViewMessage): void;
  /**
   * Opens what the person chose (`Linking.openURL`): a URL the policy allows (`safeUrl`, with the
   * ruleset's deep-link schemes), cleaned; relative URLs arrive as they are.
   */
  open?(url: string, message: WebViewMessage): void;
  /** The document reported its content height. */
  onReady?(message: WebViewMessage, height: number | undefined): void;
}

/**
 * A presenter that shows each message as a `renderMessageHtml` document and turns the document's
 * bridge messages into the client's events (`interact`, `dismiss`), closing and opening links as
 * the person asks. The app only puts the document in a WebView.
 *
 * @example
 * const presenter = webViewPresenter({
 *   present: (message) => (setMessage(message), true),
 *   close: () => setMessage(null),
 *   open: (url) => Linking.openURL(url),
 * });
 */
export function webViewPresenter(options: WebViewPresenterOptions): Presenter {
  return {
    show(decision, reply) {
      if (!decision.message || !LAYOUTS.includes(decision.message.layout)) return false;
      const channel = uuid();
      let closed = false;
      const finish = () => {
        closed = true;
        options.close(message);
      };
      const message: WebViewMessage = {
        decision,
        channel,
        html: renderMessageHtml(decision, { ...options, channel }),
        onMessage(data) {
          const m = closed ? undefined : parseBridgeMessage(data, channel, decision.deepLinkSchemes);
          if (!m) return;
          if (m.type === "ready") return options.onReady?.(message, m.height);
          if (m.type === "interact" && m.stay) return reply("interact", m.properties);
          finish();
          if (m.type === "dismiss") return reply("dismiss", m.properties);
          const url = m.url;
          reply("interact", m.type === "link" ? { action: "link", url } : m.properties);
          if (url !== undefined) options.open?.(url, message);
        },
        dismiss(action = "app") {
          if (closed) return;
          finish();
          reply("dismiss", { action });
        },
      };
      return options.present(message);
    },
  };
}

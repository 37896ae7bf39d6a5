import { safeUrl } from "@edgewise/decision-engine";
import { h, render, type ComponentChildren } from "preact";
import { messageButtons, uuid, type Message, type MessageButton, type MessageDecision, type Presenter } from "@edgewise/sdk-core";
import { frameDocument, listenToFrame } from "./frame.ts";
import { adoptStyles, STYLES } from "./styles.ts";

export interface PresenterOptions {
  /** The page's CSP nonce, for the `<style>` in the shadow root and the html messages' bridge. */
  nonce?: string;
  /** Text direction and language when a message does not set its own; default: the page's. */
  dir?: string;
  lang?: string;
  /** Accessible names: the close button and untitled messages. */
  labels?: { close?: string; message?: string };
}

type Reply = Parameters<Presenter["show"]>[1];

/** The layouts; each one's CSS class is its first letter. */
const LAYOUT = /^(modal|fullscreen|html|banner|slideup|inline)$/;
const MODAL = /^(modal|fullscreen|html)$/;

/**
 * Shows messages with preact inside an open shadow root: the page's CSS cannot reach them and
 * theirs cannot leak. Modal layouts are accessible dialogs (focus moved in and trapped, ESC closes,
 * the background inert, focus restored); slide-ups and banners are announced politely. Text is
 * rendered as text; `html` messages run in a sandboxed frame. Buttons and the frame's
 * `edgewise.open(url)` follow only what the URL policy allows (`safeUrl`: http(s), mailto:, tel:,
 * relative, and deep links with a scheme the ruleset declares, `decision.deepLinkSchemes`), as it
 * cleaned it; a refused URL is not followed, and the frame's request for it is ignored.
 *
 * @example const client = createClient({ clientKey, presenter: createPresenter({ nonce: "r4nd0m" }) });
 */
export function createPresenter(options: PresenterOptions = {}): Presenter {
  return {
    show(decision, reply) {
      const message = decision.message;
      if (!message || typeof message !== "object" || !LAYOUT.test(message.layout)) return false;
      const inline = message.layout === "inline";
      const parent = inline ? document.querySelector(`[data-edgewise-placement="${CSS.escape(decision.placement)}"]`) : document.body;
      if (!parent) return false;
      mount(parent, decision, reply, options);
      return true;
    },
  };
}

/** The element that has focus, looking into open shadow roots. */
function activeElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active as HTMLElement | null;
}

function mount(parent: Element, decision: MessageDecision, reply: Reply, options: PresenterOptions): void {
  const message = decision.message;
  const modal = MODAL.test(message.layout);
  const host = document.createElement("div");
  host.setAttribute("data-edgewise-message", decision.offerId);
  const root = host.attachShadow({ mode: "open" });
  adoptStyles(root, STYLES, options.nonce);
  const previous = activeElement();
  const inerted: HTMLElement[] = [];
  let stopFrame: (() => void) | undefined;
  let closed = false;

  const close = (type?: "interact" | "dismiss", properties?: Record<string, unknown>) => {
    if (closed) return;
    closed = true;
    stopFrame?.();
    document.removeEventListener("keydown", onKey, true);
    render(null, root);
    host.remove();
    for (const element of inerted) element.inert = false;
    if (modal) previous?.focus?.();
    if (type) reply(type, properties);
  };

  /** A button or the frame's bridge asked for `action`; `stay` keeps the message open (bridge actions). */
  const act = ({ label, action }: MessageButton, stay?: boolean) => {
    const properties = { action: action?.type, label, name: action?.name };
    if (action?.type === "dismiss") return close("dismiss", properties);
    if (stay) reply("interact", properties);
    else close("interact", properties);
    if (action?.type === "url" || action?.type === "deeplink") {
      const url = safeUrl(action.url, decision.deepLinkSchemes);
      if (url) location.assign(url);
    } else if (action) document.dispatchEvent(new CustomEvent("edgewise:action", { detail: { ...action, offerId: decision.offerId, placement: decision.placement } }));
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === "Escape" && (modal || host.contains(event.target as Node))) {
      event.preventDefault();
      close("dismiss", { action: "escape" });
    } else if (event.key === "Tab" && modal) {
      const items = [...root.querySelectorAll<HTMLElement>("button,iframe")];
      const active = root.activeElement;
      const edge = event.shiftKey ? items[0] : items[items.length - 1];
      if (!active || active === edge) {
        event.preventDefault();
        (event.shiftKey ? items[items.length - 1] : items[0])?.focus();
      }
    }
  };

  const channel = uuid();
  const dir = message.dir ?? options.dir ?? (document.documentElement.dir || undefined);
  const lang = message.lang ?? options.lang ?? (document.documentElement.lang || undefined);
  render(view(message, { channel, close, act, options, dir, lang }), root);
  parent.append(host);

  if (modal) {
    for (const element of document.body.children) {
      if (element !== host && element instanceof HTMLElement && !element.inert) {
        element.inert = true;
        inerted.push(element);
      }
    }
    (root.querySelector<HTMLElement>(".a button") ?? root.querySelector<HTMLElement>("button"))?.focus();
  }
  document.addEventListener("keydown", onKey, true);
  const frame = root.querySelector("iframe");
  if (frame) {
    stopFrame = listenToFrame(frame, channel, (request) =>
      request.type === "dismiss"
        ? close("dismiss")
        : request.type === "custom"
          ? act({ label: "", action: { type: "custom", name: request.name } }, true)
          : safeUrl(request.url, decision.deepLinkSchemes) && act({ label: "", action: { type: "url", url: request.url } }),
    );
  }
  if (!modal) {
    const live = root.querySelector(".v");
    setTimeout(() => live && (live.textContent = [message.title, message.body].filter(Boolean).join(": ")), 150);
  }
}

interface ViewProps {
  channel: string;
  close: (type?: "dismiss", properties?: Record<string, unknown>) => void;
  act: (button: MessageButton, stay?: boolean) => void;
  options: PresenterOptions;
  dir: string | undefined;
  lang: string | undefined;
}

function view(message: Message, p: ViewProps) {
  const labels = p.options.labels ?? {};
  const modal = MODAL.test(message.layout);
  const titleId = message.title ? `t${p.channel}` : undefined;
  const buttons = messageButtons(message);
  const image = safeUrl(message.image);
  const content: ComponentChildren =
    message.layout === "html"
      ? h("iframe", { sandbox: "allow-scripts", srcdoc: frameDocument(String(message.html ?? ""), p.channel, p.options.nonce), title: message.title ?? labels.message ?? "Message" })
      : [
          image && h("img", { src: image, alt: message.imageAlt ?? "" }),
          titleId && h("h2", { id: titleId }, String(message.title)),
          message.body && h("p", null, String(message.body)),
          buttons.length > 0 && h("div", { class: "a" }, buttons.map((b) => h("button", { type: "button", onClick: () => p.act(b) }, String(b.label)))),
        ];
  return h(
    "div",
    {
      class: `r ${message.layout[0]}`,
      dir: p.dir,
      lang: p.lang,
      onClick: (event: MouseEvent) => modal && event.target === event.currentTarget && p.close("dismiss", { action: "backdrop" }),
    },
    !modal && h("div", { class: "v", role: "status", "aria-live": "polite" }),
    h(
      "div",
      {
        class: "x",
        role: "dialog",
        "aria-modal": modal ? "true" : "false",
        "aria-labelledby": titleId,
        "aria-label": titleId ? undefined : labels.message ?? "Message",
      },
      h("button", { type: "button", class: "c", "aria-label": labels.close ?? "Close", onClick: () => p.close("dismiss", { action: "close" }) }, "×"),
      content,
    ),
  );
}

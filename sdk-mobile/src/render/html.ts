import { safeUrl } from "@edgewise/decision-engine";
import { messageButtons, uuid, type Message, type MessageButton, type MessageDecision } from "@edgewise/sdk-core";

export interface HtmlOptions {
  /**
   * Sent with every bridge message, so that a host showing several documents can tell them apart
   * (and ignore anything else posting to it). Default: a random id.
   */
  channel?: string;
  /** Text direction and language when the message sets none. */
  dir?: "ltr" | "rtl" | "auto";
  lang?: string;
  /** Accessible names: the close button, and a message without a title. */
  labels?: { close?: string; message?: string };
  /**
   * What the document may load for the message's image: return a `data:` URL the app cached or
   * bundled (works offline) or an absolute http(s) URL; `undefined` leaves the image out. Default:
   * absolute http(s) URLs as they are, nothing for others.
   */
  image?: (url: string) => string | undefined;
}

/** The layouts a message document can show. */
export const LAYOUTS: readonly Message["layout"][] = ["modal", "banner", "slideup", "fullscreen", "inline", "html"];
const MODAL = new Set(["modal", "fullscreen"]);

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escapes text for HTML content and quoted attribute values.
 *
 * @example escapeHtml('<b title="x">'); // "&lt;b title=&quot;x&quot;&gt;"
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** JSON that is safe inside an inline `<script>` (no `</script>`, no line separators). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** A button as the document's script sees it: only a URL the policy allows survives, as it cleaned it. */
function safeButton({ label, action }: MessageButton, deepLinkSchemes?: readonly string[]): Record<string, string> {
  const button: Record<string, string> = { label: String(label ?? ""), action: String(action?.type ?? "custom") };
  const url = safeUrl(action?.url, deepLinkSchemes);
  if ((action?.type === "url" || action?.type === "deeplink") && url) button.url = url;
  if (typeof action?.name === "string") button.name = action.name;
  return button;
}

/** Absolute http(s) URLs, as the URL policy cleaned them. */
const defaultImage = (url: string) => {
  const clean = safeUrl(url);
  return clean && /^https?:\/\//i.test(clean) ? clean : undefined;
};
const isDataImage = (url: string) => /^data:image\/(png|jpe?g|gif|webp|avif);base64,[a-z0-9+/=\s]+$/i.test(url);

const STYLES = `*{box-sizing:border-box}
:root{color-scheme:light dark;--b:#fff;--f:#111;--m:#444;--a:#0b57d0;--o:#fff;--s:#0009}
@media(prefers-color-scheme:dark){:root{--b:#202124;--f:#eee;--m:#bbb;--a:#a8c7fa;--o:#062e6f;--s:#000b}}
html,body{margin:0;background:transparent;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--f);-webkit-text-size-adjust:100%}
.x{position:relative;background:var(--b);padding:20px;overflow:auto;box-shadow:0 4px 24px #0006}
.modal body,.fullscreen body{height:100vh}
.modal .k{position:fixed;inset:0;display:grid;place-items:center;padding:16px;background:var(--s)}
.modal .x{border-radius:16px;width:100%;max-width:480px;max-height:100%}
.fullscreen .x{position:fixed;inset:0;padding:max(24px,env(safe-area-inset-top)) 24px max(24px,env(safe-area-inset-bottom));box-shadow:none}
.banner .x{border-radius:0;padding-top:max(20px,env(safe-area-inset-top))}
.slideup .x{margin:8px;border-radius:16px}
.inline .x{box-shadow:none;border:1px solid #8888;border-radius:12px}
h1{font-size:1.25em;line-height:1.3;margin:0 48px 8px 0}
p{margin:0 0 16px;white-space:pre-line;color:var(--m)}
img{display:block;max-width:100%;height:auto;margin:0 0 16px;border-radius:8px}
.a{display:flex;flex-wrap:wrap;gap:8px}
button{font:inherit;min-width:44px;min-height:44px;padding:10px 18px;border-radius:10px;border:2px solid var(--a);background:var(--a);color:var(--o);cursor:pointer}
.a button+button{background:transparent;color:var(--f)}
button:focus-visible{outline:3px solid var(--f);outline-offset:2px}
.c{position:absolute;top:4px;right:4px;width:44px;height:44px;padding:0;border:0;background:transparent;color:var(--f);font-size:28px;line-height:1}
[dir=rtl] .c{right:auto;left:4px}[dir=rtl] h1{margin:0 0 8px 48px}
@media(prefers-reduced-motion:no-preference){.x{animation:e .2s ease-out}}
@keyframes e{from{opacity:0;transform:translateY(8px)}}`;

/**
 * The document's script (ES5, so that old WebViews run it): posts bridge messages as JSON strings to
 * `window.ReactNativeWebView.postMessage`, or to `parent.postMessage` where that is missing (a
 * browser iframe). A dismiss or a closing interaction is posted once; the rest are ignored after it.
 */
const BRIDGE = `function(C){var done=false;
function post(m){m.edgewise=C.channel;m.offerId=C.offerId;var s=JSON.stringify(m),w=window.ReactNativeWebView;if(w&&typeof w.postMessage==="function")w.postMessage(s);else parent.postMessage(s,"*")}
function end(m){if(!done){done=true;post(m)}}
function button(b){if(b.action==="dismiss")return end({type:"dismiss",action:"dismiss",label:b.label});var m={type:"interact",action:b.action,label:b.label};if(b.url)m.url=b.url;if(b.name)m.name=b.name;end(m)}
window.edgewise={close:function(){end({type:"dismiss",action:"close"})},open:function(u){end({type:"link",url:String(u)})},action:function(n){if(!done)post({type:"interact",action:"custom",name:String(n),stay:true})}};
document.addEventListener("click",function(e){var t=e.target,el=t&&t.closest?t.closest("[data-ew],a[href]"):null;if(!el)return;var k=el.getAttribute("data-ew");
if(k==="close")end({type:"dismiss",action:"close"});else if(k==="backdrop"){if(t===el)end({type:"dismiss",action:"backdrop"})}else if(k!==null){var b=C.buttons[+k];if(b)button(b)}else{var h=el.getAttribute("href");if(h.charAt(0)==="#")return;e.preventDefault();end({type:"link",url:h})}},true);
document.addEventListener("keydown",function(e){if(e.key==="Escape"||e.key==="Esc"){e.preventDefault();end({type:"dismiss",action:"escape"})}else if(e.key==="Tab"&&C.modal){var f=document.querySelectorAll("button"),a=document.activeElement,first=f[0],last=f[f.length-1];if(!first)return;if(e.shiftKey?(a===first||!a||a===document.body):(a===last)){e.preventDefault();(e.shiftKey?last:first).focus()}}});
function ready(){if(C.modal){var f=document.querySelector(".a button")||document.querySelector("button");if(f)f.focus()}var x=document.querySelector(".x");post({type:"ready",height:Math.ceil(x?x.offsetTop+x.offsetHeight+(parseFloat(getComputedStyle(x).marginBottom)||0):document.documentElement.scrollHeight)})}
if(document.readyState==="complete")ready();else addEventListener("load",ready)}`;

/**
 * Renders a message decision as one self-contained HTML document for a WebView: inline CSS (light
 * and dark), no remote assets (an image only where `options.image` allows one), every text escaped,
 * button URLs only as the URL policy allows and cleans them (`safeUrl`: http(s), mailto:, tel:,
 * relative, or a deep link with one of `decision.deepLinkSchemes`), and a Content-Security-Policy
 * that lets no other script run. Modal and fullscreen layouts are labelled dialogs that take focus
 * and keep it; every target is at least 44×44 px; Escape dismisses.
 *
 * The document talks to the app with JSON strings (see `parseBridgeMessage`): `ready` with the
 * content height, `dismiss`, `interact` (a button) and `link` (a link in an `html` message).
 * `html` layouts keep the operator's document and get the bridge (`edgewise.close()`,
 * `edgewise.open(url)`, `edgewise.action(name)`, link clicks, Escape).
 *
 * @example
 * const html = renderMessageHtml(decision, { channel: "m1" });
 * <WebView source={{ html }} onMessage={(e) => handle(parseBridgeMessage(e.nativeEvent.data, "m1"))} />
 */
export function renderMessageHtml(decision: MessageDecision, options: HtmlOptions = {}): string {
  const message: Partial<Message> = decision.message ?? {};
  const layout = LAYOUTS.includes(message.layout!) ? message.layout! : "modal";
  const modal = MODAL.has(layout);
  const nonce = uuid().replace(/-/g, "");
  const buttons = messageButtons(message);
  const config = { channel: options.channel ?? uuid(), offerId: decision.offerId, modal, buttons: buttons.map((b) => safeButton(b, decision.deepLinkSchemes)) };
  const script = `(${BRIDGE})(${scriptJson(config)})`;

  if (layout === "html") {
    const html = String(message.html ?? "");
    const tag = `<script>${script}</script>`;
    // The document's <head> (with or without attributes), never a <header>.
    const head = /<head(?:\s[^>]*)?>/i.exec(html);
    return head ? html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length) : `<!doctype html><html><head><meta charset="utf-8">${tag}</head><body>${html}</body></html>`;
  }

  const labels = options.labels ?? {};
  const title = message.title ? String(message.title) : undefined;
  const name = title ? 'aria-labelledby="ew-t"' : `aria-label="${escapeHtml(labels.message ?? "Message")}"`;
  const source = typeof message.image === "string" ? (isDataImage(message.image) ? message.image : (options.image ?? defaultImage)(message.image)) : undefined;
  const src = source && (isDataImage(source) ? source : defaultImage(source));
  const image = src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(message.imageAlt ?? "")}">` : "";
  const attrs = [message.lang ?? options.lang ? `lang="${escapeHtml(message.lang ?? options.lang)}"` : "", `dir="${escapeHtml(message.dir ?? options.dir ?? "auto")}"`].filter(Boolean).join(" ");
  const card =
    `<div class="x" role="dialog" aria-modal="${modal}" ${name}>` +
    `<button type="button" class="c" data-ew="close" aria-label="${escapeHtml(labels.close ?? "Close")}">×</button>` +
    image +
    (title ? `<h1 id="ew-t">${escapeHtml(title)}</h1>` : "") +
    (message.body ? `<p>${escapeHtml(message.body)}</p>` : "") +
    (buttons.length ? `<div class="a">${buttons.map((b, i) => `<button type="button" data-ew="${i}">${escapeHtml(b?.label ?? "")}</button>`).join("")}</div>` : "") +
    `</div>`;
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}'; img-src data: https: http:`;
  return (
    `<!doctype html><html class="${layout}" ${attrs}><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${csp}">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">` +
    `<meta name="color-scheme" content="light dark">` +
    `<title>${escapeHtml(title ?? labels.message ?? "Message")}</title>` +
    `<style nonce="${nonce}">${STYLES}</style>` +
    // In the head: the bridge listens on the document before any of the card is parsed.
    `<script nonce="${nonce}">${script}</script></head><body>` +
    (layout === "modal" ? `<div class="k" data-ew="backdrop">${card}</div>` : card) +
    `</body></html>`
  );
}

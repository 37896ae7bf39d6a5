// The catalog preview of app (`mobileapp:`) message placements: the mobile SDK's own WebView
// renderer (`renderMessageHtml`), whose document the console shows in a sandboxed iframe, as the
// mobile demo does; evaluated as the light or dark phone it previews, and kept a picture (no focus,
// no clicks). Built as a file of its own (`/console/catalog-preview-app.js`, see scripts/build.mjs)
// that the console imports with the first app message preview.
import { parseBridgeMessage, renderMessageHtml, type MessageDecision } from "@edgewise/sdk-mobile";

export { parseBridgeMessage };

export type Scheme = "light" | "dark";

/**
 * The WebView document of a message decision, as a phone set to `scheme` shows it: what
 * `webViewPresenter` hands an app's WebView (`renderMessageHtml` with the same defaults: no
 * `image` option, so only absolute http(s) images), its colour-scheme rules evaluated as `scheme`
 * (`inScheme`) and the preview's guard first in it (`asPicture`).
 *
 * @example appMessageDocument({ placement: "app-messages", offerId: "welcome", fallback: false, message }, "dark", "c1")
 */
export function appMessageDocument(decision: MessageDecision, scheme: Scheme, channel: string): string {
  return asPicture(inScheme(renderMessageHtml(decision, { channel }), scheme));
}

/**
 * What keeps a preview a picture, run first in the document: no element takes the focus (a modal
 * focuses its first button as it opens, and an `inert` frame does not stop that reliably while its
 * document loads) and no click, key or submission reaches the bridge or the message's own scripts.
 */
const GUARD = `HTMLElement.prototype.focus=function(){};window.focus=function(){};["click","auxclick","dblclick","keydown","keyup","submit"].forEach(function(t){addEventListener(t,function(e){e.stopImmediatePropagation();e.preventDefault()},true)})`;

/**
 * Puts the preview's guard at the start of the document's head, with the renderer's script nonce
 * (its Content-Security-Policy lets no other script run). Nothing of the renderer's is changed.
 *
 * @example asPicture("<html><head><title>M</title>…") // "<html><head><script>HTMLElement.prototype.focus=…</script><title>M</title>…"
 */
export function asPicture(html: string): string {
  const nonce = /'nonce-([\w+/=-]+)'/.exec(html)?.[1];
  const guard = `<script${nonce ? ` nonce="${nonce}"` : ""}>${GUARD}</script>`;
  const head = /<head\b[^>]*>/i.exec(html);
  return head ? html.slice(0, head.index + head[0].length) + guard + html.slice(head.index + head[0].length) : guard + html;
}

const STYLE = /(<style\b[^>]*>)([\s\S]*?)(<\/style\s*>)/gi;
const PREFERS = /\(\s*prefers-color-scheme\s*:\s*(light|dark)\s*\)/gi;
const BOTH = /(color-scheme\s*:\s*)(?:light\s+dark|dark\s+light)/gi;
const META = /(<meta\b[^>]*\bname=["']?color-scheme["']?[^>]*\bcontent=["'])([^"']*)(["'])/gi;

/**
 * Evaluates a document's colour-scheme rules as `scheme`. A frame's `prefers-color-scheme` is the
 * browser's, not its embedder's (Chromium ignores the iframe element's `color-scheme` for it), so a
 * console in light mode could not show the dark document otherwise. In the document's `<style>`
 * elements each `(prefers-color-scheme: …)` feature becomes one that always (`width >= 0px`) or
 * never (`width < 0px`) matches, and `color-scheme: light dark` the one scheme, as in the
 * `color-scheme` meta. Nothing else changes: markup, texts, CSP and bridge stay the renderer's
 * (stylesheets an `html` message links are left as they are).
 *
 * @example inScheme("<style>@media(prefers-color-scheme:dark){a{color:red}}</style>", "dark") // "<style>@media(width >= 0px){a{color:red}}</style>"
 */
export function inScheme(html: string, scheme: Scheme): string {
  return html
    .replace(STYLE, (_, open: string, css: string, close: string) => open + css.replace(PREFERS, (__, wanted: string) => (wanted.toLowerCase() === scheme ? "(width >= 0px)" : "(width < 0px)")).replace(BOTH, `$1${scheme}`) + close)
    .replace(META, `$1${scheme}$3`);
}

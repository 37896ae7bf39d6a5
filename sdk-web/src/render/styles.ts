/** The messages' stylesheet: system colours, light and dark, motion only when it is welcome. */
export const STYLES = `:host{all:initial}
*{box-sizing:border-box}
.r{--b:#fff;--f:#111;--a:#0b57d0;position:fixed;z-index:2147483647;font:16px/1.5 system-ui,sans-serif;color:var(--f)}
@media(prefers-color-scheme:dark){.r{--b:#202124;--f:#eee;--a:#a8c7fa}}
.m,.h,.f{inset:0;display:grid;place-items:center;background:#0009}
.x{position:relative;background:var(--b);border-radius:12px;padding:24px;max-width:min(480px,100vw - 32px);max-height:calc(100vh - 32px);overflow:auto;box-shadow:0 4px 24px #0006}
.f .x{width:100%;height:100%;max-width:none;max-height:none;border-radius:0}
.b{top:0;left:0;right:0}.b .x{max-width:none;border-radius:0}
.s{bottom:16px;right:16px}.s .x{width:min(360px,100vw - 32px)}
.i{position:static}.i .x{box-shadow:none;border:1px solid #8888}
.h .x{padding:44px 0 0;width:min(640px,100vw - 32px);height:min(480px,100vh - 32px)}
iframe{border:0;width:100%;height:100%}
h2{font-size:1.25em;margin:0 40px 8px 0}p,img{margin:0 0 16px}img{max-width:100%;display:block}
button{font:inherit;min-width:44px;min-height:44px;padding:8px 16px;margin:0 8px 0 0;border-radius:8px;border:2px solid var(--a);background:var(--a);color:var(--b)}
button+button{background:none;color:var(--f)}
.c{position:absolute;top:4px;right:4px;border:0;background:none;color:var(--f);font-size:24px;margin:0;padding:0}
.v{position:absolute;clip:rect(0 0 0 0)}
@media(prefers-reduced-motion:no-preference){.x{animation:e .2s}}
@keyframes e{from{opacity:0;transform:translateY(8px)}}`;

/**
 * Puts `css` into a shadow root without inline style attributes: a constructed stylesheet where
 * supported and no nonce is given, else a `<style nonce>` element (for strict CSPs).
 */
export function adoptStyles(root: ShadowRoot | Document, css: string, nonce?: string): () => void {
  if (!nonce && "adoptedStyleSheets" in root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    return () => (root.adoptedStyleSheets = root.adoptedStyleSheets.filter((s) => s !== sheet)) && undefined;
  }
  const style = document.createElement("style");
  if (nonce) style.nonce = nonce;
  style.textContent = css;
  (root instanceof Document ? root.head : root).append(style);
  return () => style.remove();
}

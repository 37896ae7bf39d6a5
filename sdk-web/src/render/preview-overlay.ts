import { watchPreview, type CoreClient } from "@edgewise/sdk-core";
import { PREVIEW_KEY } from "./preview-key.ts";

const CSS = `:host{all:initial}
.p{position:fixed;left:12px;bottom:12px;z-index:2147483646;max-width:min(420px,100vw - 24px);max-height:min(60vh,520px);overflow:auto;
background:#fff;color:#111;border:2px solid #7a1d6a;border-radius:10px;box-shadow:0 4px 24px #0005;font:14px/1.4 system-ui,sans-serif;padding:10px 12px}
@media(prefers-color-scheme:dark){.p{background:#202124;color:#eee}}
h2{font-size:15px;margin:0 0 6px}ul{margin:4px 0 8px;padding-left:18px}li{margin:2px 0}
.w{font-weight:700}.e{color:#b3261e}@media(prefers-color-scheme:dark){.e{color:#f2b8b5}}
button{font:inherit;min-height:36px;padding:4px 12px;border-radius:8px;border:2px solid #7a1d6a;background:#7a1d6a;color:#fff;margin-right:6px}
button+button{background:none;color:inherit}`;

/**
 * The preview overlay (a preview link's page, issue #21 "QA"): a panel in its own shadow root that
 * says what the link forces and until when, and for every placement decided what showed and why
 * each other offer did not (the edge's explanations); "Exit preview" ends it for this tab. Built
 * from text nodes only. Loaded with the message renderer, only when a page previews.
 *
 * @example showPreview(client) // after createClient({ preview: token })
 */
export function showPreview(client: Pick<CoreClient, "on">): void {
  const host = document.createElement("div");
  host.setAttribute("data-edgewise-preview", "");
  const root = host.attachShadow({ mode: "open" });
  const style = document.createElement("style");
  style.textContent = CSS;
  const panel = el("section", "p");
  panel.setAttribute("role", "region");
  panel.setAttribute("aria-label", "Edgewise preview");
  root.append(style, panel);
  document.body.append(host);
  const watch = watchPreview(client);
  let hidden = false;

  const draw = () => {
    const report = watch.report();
    panel.replaceChildren(el("h2", "", "Edgewise preview"), el("p", report.ok ? "" : "e", report.status));
    if (!hidden) {
      for (const { title, reasons } of report.placements) {
        panel.append(el("p", "w", title));
        const list = el("ul", "");
        for (const reason of reasons) list.append(el("li", "", reason));
        if (list.childElementCount) panel.append(list);
      }
    }
    const exit = button("Exit preview", () => {
      sessionStorage.removeItem(PREVIEW_KEY);
      location.reload();
    });
    const toggle = button(hidden ? "Show details" : "Hide details", () => {
      hidden = !hidden;
      draw();
    });
    toggle.setAttribute("aria-expanded", String(!hidden));
    panel.append(exit, toggle);
  };
  watch.subscribe(draw);
  draw();
}

function el(tag: string, className: string, text?: string): HTMLElement {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const node = el("button", "", label) as HTMLButtonElement;
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

// The mobile demo's preview overlay: what `<EdgewisePreview/>` of `@edgewise/sdk-mobile/react-native`
// draws in an app, drawn here with DOM (the demo's phone is a web page) from the same report
// (`watchPreview`): what the preview link forces and until when, each placement's winner and why
// every other offer lost. Built from text nodes only; laid out inside the phone's safe areas.
import { watchPreview, type MobileClient } from "@edgewise/sdk-mobile";

/** Shows the panel in `screen` while `client` previews; "Exit preview" ends it (`client.preview(null)`) and calls `onExit`. */
export function previewPanel(client: MobileClient, screen: HTMLElement, onExit: () => void): void {
  const watch = watchPreview(client);
  const panel = document.createElement("section");
  panel.className = "preview-panel";
  panel.setAttribute("aria-labelledby", "preview-panel-h");
  let open = true;

  const el = (tag: string, text: string, className = "") => Object.assign(document.createElement(tag), { textContent: text, className });
  const button = (label: string, onClick: () => void, className = "") => {
    const node = el("button", label, className) as HTMLButtonElement;
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  };

  const draw = () => {
    if (!watch.active()) return panel.remove();
    const report = watch.report();
    const heading = el("h2", "Edgewise preview");
    heading.id = "preview-panel-h";
    const status = el("p", report.status, report.ok ? "" : "problem");
    status.setAttribute("role", "status");
    panel.replaceChildren(heading, status);
    if (open) {
      const details = el("div", "", "details");
      for (const { title, reasons } of report.placements) {
        details.append(el("p", title, "winner"));
        const list = el("ul", "");
        for (const reason of reasons) list.append(el("li", reason));
        if (reasons.length) details.append(list);
      }
      panel.append(details);
    }
    const toggle = button(open ? "Hide details" : "Show details", () => {
      open = !open;
      draw();
    }, "secondary");
    toggle.setAttribute("aria-expanded", String(open));
    panel.append(
      button("Exit preview", () => {
        client.preview(null);
        onExit();
      }),
      toggle,
    );
    if (!panel.isConnected) screen.append(panel);
  };
  watch.subscribe(draw);
  draw();
}

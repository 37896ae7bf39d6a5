// The catalog editor's preview frame for web (`web:`) placements: a sandboxed iframe (opaque
// origin: no access to the console, its admin key or its storage) that renders what the console
// posts with the web SDK's own renderer — messages with `createPresenter` (shadow root, html
// layouts in the SDK's sandboxed frame), placements with `createPlacements` (html sanitised, text as
// text, json into `data-edgewise-field` elements). Built as a classic script
// (`/console/catalog-preview.js`) so the sandboxed frame can load it without CORS. The preview is a
// picture: its clicks and keys do nothing, it never takes the focus, and the console shows it inert.
// (App placements: catalog-preview-app.ts.)
import { createPlacements, createPresenter, type ClientDecision, type CoreClient, type MessageDecision } from "@edgewise/sdk-web";
import { describeMessage } from "./catalog-preview-text.ts";

/** What the console posts: one decision to render, for one colour scheme. */
export interface PreviewRequest {
  edgewisePreview: 1;
  theme: "light" | "dark";
  format: "html" | "json" | "text" | "message";
  decision: ClientDecision;
}

/** What the frame answers: ready to render, or what it rendered (for the console's text alternative). */
export type PreviewReply = { edgewisePreview: "ready" } | { edgewisePreview: "rendered"; summary: string };

function start(): void {
  // A preview never moves the focus: the SDK focuses a modal's first button when it opens.
  HTMLElement.prototype.focus = function () {};
  let closing = false;
  // Buttons and links do nothing here (a button would navigate this frame or report to no one).
  for (const type of ["click", "auxclick", "submit", "keydown"]) {
    addEventListener(
      type,
      (event) => {
        if (closing) return;
        event.stopPropagation();
        event.preventDefault();
      },
      true,
    );
  }

  let current: ClientDecision | undefined;
  const client = {
    decide: async () => (current ? [current] : []),
    report() {},
    on: () => () => {},
    prepareMessages: async () => {},
    show: () => true,
    messagePlacements: async () => [],
  } as unknown as CoreClient;
  const placements = createPlacements(client, { displayAfter: 1e9 });
  const presenter = createPresenter({ labels: { close: "Close" } });
  const page = document.getElementById("page")!;
  const slot = document.getElementById("slot")!;

  /** Closes what the SDK shows through its own close button: its listeners and the page's inert state go with it. */
  const clear = () => {
    closing = true;
    for (const host of document.querySelectorAll("[data-edgewise-message]")) host.shadowRoot?.querySelector<HTMLButtonElement>("button.c")?.click();
    closing = false;
    document.querySelectorAll("[data-edgewise-message]").forEach((host) => host.remove());
  };

  /**
   * The SDK's stylesheet follows `prefers-color-scheme`, which a frame takes from the browser, not
   * from its embedder: the preview evaluates those rules as the requested scheme instead.
   */
  const applyScheme = (root: ShadowRoot, theme: PreviewRequest["theme"]) => {
    for (const sheet of [...root.adoptedStyleSheets, ...[...root.querySelectorAll("style")].map((s) => s.sheet!).filter(Boolean)]) {
      for (const rule of sheet.cssRules) {
        if (rule instanceof CSSMediaRule && /prefers-color-scheme\s*:\s*dark/.test(rule.conditionText)) rule.media.mediaText = theme === "dark" ? "all" : "not all";
      }
    }
  };

  const render = async (request: PreviewRequest) => {
    clear();
    document.documentElement.dataset.theme = request.theme;
    document.documentElement.style.colorScheme = request.theme;
    const decision = request.decision;
    current = decision;
    // A fresh placement element each time: the SDK renders an element once per decision.
    const element = document.createElement("div");
    element.className = "slot";
    element.setAttribute("data-edgewise-placement", decision.placement);
    if (request.format === "json") element.append(...jsonTemplate(decision.content));
    slot.replaceChildren(element);
    if (request.format === "json") {
      // What the page's own code gets when it reads the decision itself (the edgewise:render event).
      const raw = document.createElement("pre");
      raw.className = "json";
      raw.textContent = `What the page receives:\n${JSON.stringify(decision.content, null, 2)}`;
      slot.append(raw);
    }
    let summary = "";
    if (request.format === "message") {
      const message = decision.message as MessageDecision["message"] | undefined;
      // Inline messages go into their placement's element; the others over the page.
      element.classList.toggle("inline", message?.layout === "inline");
      const shown = message && presenter.show(decision as MessageDecision, () => {});
      const host = document.querySelector("[data-edgewise-message]");
      if (host?.shadowRoot) applyScheme(host.shadowRoot, request.theme);
      summary = shown ? describeMessage(message) : "The SDK shows nothing for this message (no layout it knows).";
    } else {
      await placements.scan(slot);
      const shown = element.innerText.trim().replace(/\s+/g, " ");
      summary = shown ? `${request.format} placement: ${shown.slice(0, 300)}` : `The ${request.format} placement shows nothing for this content.`;
    }
    page.setAttribute("data-rendered", String(Date.now()));
    parent.postMessage({ edgewisePreview: "rendered", summary } satisfies PreviewReply, "*");
  };

  addEventListener("message", (event) => {
    const data = event.data as PreviewRequest | null;
    if (event.source !== parent || data?.edgewisePreview !== 1) return;
    void render(data);
  });
  parent.postMessage({ edgewisePreview: "ready" } satisfies PreviewReply, "*");
}

/** A json placement is the app's own template: here one field per content key, filled by the SDK. */
function jsonTemplate(content: unknown): Node[] {
  const list = document.createElement("dl");
  const fields = content && typeof content === "object" ? Object.keys(content as object) : [];
  for (const key of fields) {
    const term = document.createElement("dt");
    term.textContent = key;
    const value = document.createElement("dd");
    if (/^(cta|url|href|link)$/i.test(key)) {
      const link = document.createElement("a");
      link.setAttribute("data-edgewise-href", key);
      link.setAttribute("data-edgewise-field", key);
      value.append(link);
    } else if (/^(image|img|src|picture)$/i.test(key)) {
      const image = document.createElement("img");
      image.alt = "";
      image.setAttribute("data-edgewise-src", key);
      const text = document.createElement("span");
      text.setAttribute("data-edgewise-field", key);
      value.append(image, text);
    } else value.setAttribute("data-edgewise-field", key);
    list.append(term, value);
  }
  return fields.length ? [list] : [];
}

if (typeof document !== "undefined" && document.getElementById("page")) start();

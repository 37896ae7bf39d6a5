// The mobile demo: the real mobile SDK client (`@edgewise/sdk-mobile`) in a phone frame, with
// localStorage as its storage port, a small AppState-shaped lifecycle, and the WebView HTML renderer
// whose documents are shown in a sandboxed iframe standing in for a React Native WebView.
import { createClient, PREVIEW_PARAMETER, previewToken, webViewPresenter, type Offer, type WebViewMessage } from "@edgewise/sdk-mobile";
import { previewPanel } from "./preview-panel.ts";
import { PRODUCTS, svg } from "../shop/products.mjs";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const screen = $<HTMLDivElement>("screen");
const banner = $<HTMLDivElement>("app-home");
const log = $<HTMLOListElement>("log");

// The app's product list, with the shop's product drawings (parsed as SVG documents; the texts as text).
for (const p of PRODUCTS) {
  const drawing = new DOMParser().parseFromString(svg(p, { className: "thumb" }), "image/svg+xml").documentElement;
  const text = (className: string, value: string) => Object.assign(document.createElement("span"), { className, textContent: value });
  const tile = document.createElement("li");
  tile.append(document.importNode(drawing, true), text("name", p.name), text("price", `$${p.price}`));
  $<HTMLUListElement>("tiles").append(tile);
}

function note(text: string) {
  const li = document.createElement("li");
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  log.prepend(li);
  while (log.children.length > 12) log.lastElementChild?.remove();
}

/** AppState's shape: "active" | "background". */
const listeners = new Set<(state: string) => void>();
const lifecycle = {
  currentState: "active" as string,
  addEventListener(_type: "change", fn: (state: string) => void) {
    listeners.add(fn);
    return { remove: () => void listeners.delete(fn) };
  },
};
function setAppState(state: "active" | "background") {
  lifecycle.currentState = state;
  for (const fn of listeners) fn(state);
  document.body.dataset.appState = state;
  $<HTMLSpanElement>("app-state").textContent = state === "active" ? "foreground" : "background";
}

let frame: HTMLIFrameElement | undefined;
let current: WebViewMessage | undefined;
let opener: HTMLElement | null = null;
window.addEventListener("message", (event) => {
  if (frame && current && event.source === frame.contentWindow) current.onMessage(event.data);
});

const presenter = webViewPresenter({
  present(message) {
    if (current) return false;
    current = message;
    opener = document.activeElement as HTMLElement | null;
    frame = document.createElement("iframe");
    frame.setAttribute("sandbox", "allow-scripts");
    frame.title = message.decision.message?.title ?? "In-app message";
    const layout = message.decision.message?.layout ?? "modal";
    frame.className = `webview ${layout}`;
    frame.dataset.offerId = message.decision.offerId;
    frame.srcdoc = message.html;
    frame.addEventListener("load", () => frame?.focus());
    screen.append(frame);
    note(`message shown: ${message.decision.offerId} (${layout})`);
    return true;
  },
  onReady(message, height) {
    const layout = message.decision.message?.layout;
    // Shown and measured (tests wait for it).
    if (frame) frame.dataset.ready = "true";
    if (frame && height && (layout === "banner" || layout === "slideup" || layout === "inline")) frame.style.height = `${Math.ceil(height)}px`;
  },
  close(message) {
    note(`message closed: ${message.decision.offerId}`);
    frame?.remove();
    frame = undefined;
    current = undefined;
    opener?.focus();
  },
  open(url) {
    note(`open ${url}`);
  },
});

const client = createClient({
  clientKey: "demo-client-key",
  edgeUrl: location.origin,
  storage: localStorage,
  storagePrefix: "@edgewise-mobile-demo:",
  lifecycle,
  presenter,
  appVersion: "2.3.0",
  minInterval: 5000,
  // Preview links (the console's "Preview on my site"): this page's URL stands in for the link the
  // app was launched with, so /mobile/?edgewise_preview=<token> previews on this phone from launch.
  preview: previewToken(location.href),
});
client.on("event", (e) => note(`event ${e.type}${e.name ? ` ${e.name}` : ""}${e.offerId ? ` ${e.offerId}` : ""}`));

/** What the banner shows, and its display not yet reported (an app reports what people saw: after a second on screen). */
let bannerOffer: Offer | undefined;
let bannerSeen: ReturnType<typeof setTimeout> | undefined;

/**
 * Shows the banner's offer. The same offer again (the edge confirming the local decision) only
 * refreshes its decision (its token); another one replaces it, and the replaced one is reported
 * only if it had been on screen for a second.
 */
function showBanner(offer: Offer | undefined) {
  if (offer && bannerOffer && offer.offerId === bannerOffer.offerId) {
    bannerOffer = offer;
    return;
  }
  clearTimeout(bannerSeen);
  bannerOffer = offer;
  bannerSeen = offer ? setTimeout(reportBannerSeen, 1000) : undefined;
  banner.replaceChildren();
  const c = (offer?.content ?? { title: "New arrivals", subtitle: "Discover this week's picks" }) as Record<string, unknown>;
  const title = document.createElement("h2");
  title.textContent = String(c.title ?? "");
  const subtitle = document.createElement("p");
  subtitle.textContent = String(c.subtitle ?? "");
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Shop now";
  button.addEventListener("click", () => {
    if (bannerSeen) reportBannerSeen(); // a press proves it was seen
    if (offer) client.report("interact", bannerOffer ?? offer);
    // The app would open the offer's screen; the link is the web shop's page for it.
    note(`banner pressed${offer ? `: ${offer.offerId}` : ""}${typeof c.cta === "string" ? `, open ${c.cta}` : ""}`);
  });
  banner.append(title, subtitle, button);
  banner.dataset.offerId = offer?.offerId ?? "";
}

function reportBannerSeen() {
  clearTimeout(bannerSeen);
  bannerSeen = undefined;
  if (bannerOffer) client.report("display", bannerOffer);
}

async function refreshBanner() {
  const [first] = await client.getOffers(["app-home"], { onUpdate: ([updated]) => showBanner(updated) });
  showBanner(first);
}

const persona = $<HTMLSelectElement>("persona");
persona.value = localStorage.getItem("edgewise-mobile-demo:persona") ?? "";
persona.addEventListener("change", async () => {
  localStorage.setItem("edgewise-mobile-demo:persona", persona.value);
  await client.identify(persona.value || null);
  bannerOffer = undefined; // another person: what they see is a new display, even the same offer
  await refreshBanner();
  document.body.dataset.persona = persona.value || "anonymous";
});
$<HTMLButtonElement>("add-to-cart").addEventListener("click", () => {
  client.track("cart.add", { sku: "trail-runner", price: 89 });
  note("added Trail Runner shoes to the cart");
});
$<HTMLButtonElement>("background").addEventListener("click", () => {
  setAppState(lifecycle.currentState === "active" ? "background" : "active");
  $<HTMLButtonElement>("background").textContent = lifecycle.currentState === "active" ? "Send app to background" : "Bring app to foreground";
});

// The preview overlay, drawn while the phone previews; "Exit preview" ends it and forgets the link.
previewPanel(client, screen, () => {
  const url = new URL(location.href);
  url.searchParams.delete(PREVIEW_PARAMETER);
  history.replaceState(null, "", url);
});
client.on("previewing", (on) => {
  note(on ? "preview started: decisions are forced and explained, nothing is counted" : "preview ended");
  void refreshBanner();
});

void (async () => {
  if (persona.value) await client.identify(persona.value);
  await refreshBanner();
  document.body.dataset.ready = "true";
})();

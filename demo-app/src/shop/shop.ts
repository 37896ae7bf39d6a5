// The demo shop's own script: the cart and the order history (localStorage), cart and purchase
// events sent through the Edgewise SDK's queue (`edgewise.push`, which works before and after the SDK
// has loaded), the persona switcher (identify as a demo profile, then decide the page's placements
// again), and the rule that a message never covers the site's header (keepClearOfHeader).
type Command = [string, ...unknown[]];
interface Edgewise {
  push(command: Command): unknown;
  identify?(profileId: string | null): Promise<void>;
  render?(): Promise<unknown>;
}
declare global {
  interface Window {
    edgewise?: Edgewise | Command[];
  }
}

interface Item {
  sku: string;
  name: string;
  price: number;
  qty: number;
}

interface Order {
  placedAt: string;
  items: Item[];
  total: number;
}

const CART_KEY = "edgewise-demo:cart";
const ORDERS_KEY = "edgewise-demo:orders";
const PERSONA_KEY = "edgewise-demo:persona";

function queue(): Edgewise {
  window.edgewise = window.edgewise || [];
  return window.edgewise as Edgewise;
}
const push = (...command: Command) => queue().push(command);

function cart(): Item[] {
  try {
    return JSON.parse(localStorage.getItem(CART_KEY) ?? "[]") as Item[];
  } catch {
    return [];
  }
}
function orders(): Order[] {
  try {
    const list = JSON.parse(localStorage.getItem(ORDERS_KEY) ?? "[]") as unknown;
    return Array.isArray(list) ? (list as Order[]) : [];
  } catch {
    return [];
  }
}

function saveCart(items: Item[]) {
  localStorage.setItem(CART_KEY, JSON.stringify(items));
  const count = document.getElementById("cart-count");
  if (count) count.textContent = String(items.reduce((n, i) => n + i.qty, 0));
}

/** Resolves with the loaded client (the script tag replaces the queue array with it). */
function client(): Promise<Edgewise> {
  return new Promise((resolve) => {
    const check = () => {
      const e = window.edgewise;
      if (e && !Array.isArray(e) && typeof e.identify === "function") resolve(e);
      else setTimeout(check, 50);
    };
    check();
  });
}

function status(text: string) {
  const el = document.querySelector(".status");
  if (el) el.textContent = text;
}

function renderCart() {
  const host = document.getElementById("cart");
  if (!host) return;
  const items = cart();
  host.replaceChildren();
  if (items.length === 0) {
    host.append(emptyNote("Your cart is empty."));
    return;
  }
  const list = document.createElement("ul");
  list.className = "lines";
  for (const item of items) {
    const li = document.createElement("li");
    li.textContent = `${item.qty} × ${item.name} — $${item.qty * item.price}`;
    list.append(li);
  }
  const total = items.reduce((n, i) => n + i.qty * i.price, 0);
  const sum = document.createElement("p");
  sum.className = "total";
  sum.textContent = `Total: $${total}`;
  const buy = document.createElement("button");
  buy.type = "button";
  buy.textContent = "Place order";
  buy.addEventListener("click", () => {
    push("track", "purchase", { total, items: items.length });
    localStorage.setItem(ORDERS_KEY, JSON.stringify([{ placedAt: new Date().toISOString(), items, total }, ...orders()].slice(0, 20)));
    saveCart([]);
    renderCart();
    status(`Thank you! Order of $${total} placed.`);
  });
  host.append(list, sum, buy);
}

/** "Nothing here yet", with a link to every product. */
function emptyNote(text: string): HTMLParagraphElement {
  const p = document.createElement("p");
  const link = document.createElement("a");
  link.href = "/products/";
  link.textContent = "Shop all products";
  p.append(`${text} `, link);
  return p;
}

function renderOrders() {
  const host = document.getElementById("orders");
  if (!host) return;
  const list = orders();
  host.replaceChildren();
  if (list.length === 0) {
    host.append(emptyNote("No orders yet."));
    return;
  }
  const ol = document.createElement("ol");
  ol.className = "lines";
  for (const order of list) {
    const li = document.createElement("li");
    const when = new Date(order.placedAt);
    const date = Number.isNaN(when.getTime()) ? "" : when.toLocaleDateString("en", { day: "numeric", month: "long", year: "numeric" });
    const count = order.items.reduce((n, i) => n + i.qty, 0);
    li.textContent = `${date}: ${count} ${count === 1 ? "item" : "items"} (${order.items.map((i) => i.name).join(", ")}), $${order.total}`;
    ol.append(li);
  }
  host.append(ol);
}

/**
 * Messages never cover the navigation: a message shown at the top of the window that is not a dialog
 * over the whole page (a banner) is moved to just below the site's header. The SDK shows each message
 * in its own element (`[data-edgewise-message]`, a shadow root inside); the class `below-header`
 * (shop.css) places that element at the header's bottom edge and gives it a transform, which makes it
 * the containing block of the message's fixed position: the banner's `top: 0` becomes the header's
 * bottom, and it scrolls with the page. Modal dialogs (which cover the page on purpose, the rest
 * inert) and slide-ups (at the bottom) stay as they are.
 */
function keepClearOfHeader() {
  const header = document.querySelector<HTMLElement>("header.top");
  if (!header) return;
  const place = (host: HTMLElement) => {
    const dialog = host.shadowRoot?.querySelector<HTMLElement>("[role=dialog]");
    if (!dialog || dialog.getAttribute("aria-modal") === "true" || host.parentElement !== document.body) return;
    const anchor = dialog.parentElement ?? dialog;
    if (anchor.getBoundingClientRect().top <= 1) host.classList.add("below-header");
  };
  const measure = () => document.documentElement.style.setProperty("--header-bottom", `${Math.ceil(header.getBoundingClientRect().bottom + window.scrollY)}px`);
  measure();
  new ResizeObserver(measure).observe(header);
  const scan = (node: Node) => {
    if (node instanceof HTMLElement && node.hasAttribute("data-edgewise-message")) place(node);
  };
  document.querySelectorAll<HTMLElement>("[data-edgewise-message]").forEach(scan);
  new MutationObserver((records) => records.forEach((r) => r.addedNodes.forEach(scan))).observe(document.body, { childList: true });
}

function setup() {
  keepClearOfHeader();
  saveCart(cart());
  renderCart();
  renderOrders();
  for (const button of document.querySelectorAll<HTMLButtonElement>("button.add")) {
    button.addEventListener("click", () => {
      const { sku = "", name = "", price = "0" } = button.dataset;
      const items = cart();
      const line = items.find((i) => i.sku === sku);
      if (line) line.qty += 1;
      else items.push({ sku, name, price: Number(price), qty: 1 });
      saveCart(items);
      push("track", "cart.add", { sku, price: Number(price) });
      status(`${name} added to your cart.`);
    });
  }
  const select = document.getElementById("persona") as HTMLSelectElement | null;
  if (select) {
    select.value = localStorage.getItem(PERSONA_KEY) ?? "";
    select.addEventListener("change", async () => {
      const id = select.value;
      localStorage.setItem(PERSONA_KEY, id);
      document.body.dataset.persona = id || "anonymous";
      const edgewise = await client();
      await edgewise.identify!(id || null);
      // Decide the page's placements again for the new profile: swap each for a fresh element with
      // its default content (the SDK decides placements that are added to the page).
      for (const old of document.querySelectorAll<HTMLElement>("[data-edgewise-placement]")) {
        const name = old.dataset.edgewisePlacement ?? "";
        const fresh = document.createElement(old.tagName);
        for (const { name: attr, value } of old.attributes) if (attr === "data-edgewise-placement" || !attr.startsWith("data-edgewise-")) fresh.setAttribute(attr, value);
        const template = document.querySelector<HTMLTemplateElement>(`template[data-default-for="${name}"]`);
        if (template) fresh.append(template.content.cloneNode(true));
        old.replaceWith(fresh);
      }
      await edgewise.render!();
      document.body.dataset.personaReady = id || "anonymous";
    });
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
else setup();

export {};

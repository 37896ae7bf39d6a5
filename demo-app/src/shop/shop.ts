// The demo shop's own script: the cart (localStorage), cart and purchase events sent through the
// Edgewise SDK's queue (`edgewise.push`, which works before and after the SDK has loaded), and the
// persona switcher (identify as a demo profile, then decide the page's placements again).
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

const CART_KEY = "edgewise-demo:cart";
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
    const p = document.createElement("p");
    p.textContent = "Your cart is empty.";
    host.append(p);
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
    saveCart([]);
    renderCart();
    status(`Thank you! Order of $${total} placed.`);
  });
  host.append(list, sum, buy);
}

function setup() {
  saveCart(cart());
  renderCart();
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

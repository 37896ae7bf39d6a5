// The demo shop's static pages, written by scripts/build.mjs into edge/public/. Each page carries the
// web SDK's script tag exactly as a customer would paste it. Every page is in English, and every
// link leads to one of these pages: the offers' links in edge/demo/catalog.json point at them too
// (`/shop/offers.html#…`, `/shop/orders.html`, `/products/`).
import { PRODUCT, PRODUCTS, svg } from "./products.mjs";

export { PRODUCTS };

export const PERSONAS = [
  { id: "", label: "Anonymous visitor" },
  { id: "u-023", label: "New customer (Wanda, u-023)" },
  { id: "u-001", label: "VIP (Ana, u-001)" },
  { id: "u-013", label: "Churn risk (Mariana, u-013)" },
];

/** This week's picks on the home page (three: one row of three, or one column, never a hole). */
export const PICKS = ["trail-runner", "rain-jacket", "wool-beanie"];

/** The promotions the offers page describes; each section's id is a link target of the catalog. */
export const PROMOTIONS = [
  { id: "vip-sale", title: "VIP members' sale: 30% off", text: "VIP members take 30% off everything in the shop, applied at checkout.", link: ["/products/", "Shop the VIP sale"] },
  { id: "early-access", title: "Early access for VIPs", text: "Our new collection opens for VIP members 24 hours before everyone else.", link: ["/products/rain-jacket.html", "See the rain jacket"] },
  { id: "first-order", title: "10% off your first order", text: "New here? Use the code HELLO10 at checkout and take 10% off your first order.", link: ["/products/", "Start shopping"] },
  { id: "comeback", title: "20% off your comeback", text: "It has been a while: come back and take 20% off your next order.", link: ["/products/", "See what's new"] },
  { id: "free-shipping", title: "Free shipping over $50", text: "Orders over $50 ship free, and every order comes with free returns for 30 days.", link: ["/cart.html", "Go to your cart"] },
];

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const LOGO = `<svg class="logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg"><rect width="32" height="32" rx="8" fill="#e8a400"/><path d="M7 23l7-13 5 8 3-4 4 9z" fill="#14213d"/><circle cx="23" cy="9" r="3" fill="#14213d"/></svg>`;

const NAV = [
  ["/", "Home"],
  ["/products/", "Shop all"],
  ["/shop/offers.html", "Offers"],
  ["/shop/orders.html", "Orders"],
];

function layout(title, path, body, { section = path } = {}) {
  const link = ([href, label]) => `<li><a href="${href}"${href === path ? ' aria-current="page"' : ""}${href === section && href !== path ? ' class="current"' : ""}>${esc(label)}</a></li>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Edgewise demo shop</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="icon" href="/favicon.ico" sizes="32x32">
<link rel="stylesheet" href="/shop/shop.css">
<!-- The Edgewise web SDK, pasted as any customer would: -->
<script src="/v1/sdk.js" data-client-key="demo-client-key" async></script>
<script type="module" src="/shop/shop.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">${LOGO}<span>Edgewise <span class="sub">demo shop</span></span></a>
  <nav aria-label="Shop">
    <ul>${NAV.map(link).join("")}<li><a href="/cart.html"${path === "/cart.html" ? ' aria-current="page"' : ""}>Cart <span class="badge"><span id="cart-count">0</span><span class="visually-hidden"> items</span></span></a></li></ul>
  </nav>
  <div class="persona">
    <label for="persona">Persona</label>
    <select id="persona">${PERSONAS.map((p) => `<option value="${p.id}">${esc(p.label)}</option>`).join("")}</select>
  </div>
</header>
<main id="main">
${body}
</main>
<footer>
  <p>The Edgewise demo shop: made-up products, no real orders, nothing is charged.</p>
  <p><a href="/shop/offers.html">Offers</a> · <a href="/shop/orders.html">Your orders</a> · <a href="/mobile/">Mobile demo</a> · <a href="/console/">Operator console</a></p>
</footer>
</body>
</html>
`;
}

function productCard(p) {
  return `<li class="card"><a href="/products/${p.sku}.html">${svg(p)}<span class="name">${esc(p.name)}</span></a><p class="price">$${p.price}</p></li>`;
}

function grid(skus, label) {
  return `<ul class="grid grid-${skus.length}" aria-label="${esc(label)}">${skus.map((sku) => productCard(PRODUCT[sku])).join("")}</ul>`;
}

export function pages() {
  const out = {};
  out["index.html"] = layout("Home", "/", `
<section class="hero-wrap" aria-label="Featured">
  <div data-edgewise-placement="home-hero" class="hero" id="hero"><h2>New season, new arrivals</h2><p>Discover this week's picks.</p></div>
  <template data-default-for="home-hero"><h2>New season, new arrivals</h2><p>Discover this week's picks.</p></template>
</section>
<h2>This week's picks</h2>
${grid(PICKS, "This week's picks")}
<p class="more"><a href="/products/">Shop all ${PRODUCTS.length} products</a></p>
<ul class="perks" aria-label="Why shop with us">
  <li><strong>Free shipping</strong> on orders over $50</li>
  <li><strong>Free returns</strong> for 30 days</li>
  <li><strong>Members save</strong> with <a href="/shop/offers.html">our offers</a></li>
</ul>`);
  out["products/index.html"] = layout("All products", "/products/", `
<h1>All products</h1>
<p>Everything in the shop: gear for walking, running and staying dry, whatever the weather.</p>
${grid(PRODUCTS.map((p) => p.sku), "All products")}`);
  for (const p of PRODUCTS) {
    const others = PRODUCTS.filter((o) => o.sku !== p.sku).slice(0, 3).map((o) => o.sku);
    out[`products/${p.sku}.html`] = layout(p.name, `/products/${p.sku}.html`, `
<article class="product">
  <div class="product-picture">${svg(p, { label: true })}</div>
  <div class="product-info">
    <h1>${esc(p.name)}</h1>
    <p class="price">$${p.price}</p>
    <p>${esc(p.text)}</p>
    <button type="button" class="add" data-sku="${p.sku}" data-name="${esc(p.name)}" data-price="${p.price}">Add to cart</button>
    <p class="status" role="status" aria-live="polite"></p>
  </div>
</article>
<h2>You may also like</h2>
${grid(others, "You may also like")}`, { section: "/products/" });
  }
  out["cart.html"] = layout("Cart", "/cart.html", `
<h1>Your cart</h1>
<ul data-edgewise-placement="cart-banner" data-edgewise-list class="cart-banner" aria-label="For your order"><template><li></li></template></ul>
<div id="cart"><p>Your cart is empty. <a href="/products/">Shop all products</a></p></div>
<p class="status" role="status" aria-live="polite"></p>`);
  out["shop/offers.html"] = layout("Offers", "/shop/offers.html", `
<h1>Offers</h1>
<p>What you see on the home page depends on who you are: pick a persona at the top to see the offer made for them.</p>
<ul class="offers">${PROMOTIONS.map((o) => `
  <li><section id="${o.id}" aria-labelledby="${o.id}-h"><h2 id="${o.id}-h">${esc(o.title)}</h2><p>${esc(o.text)}</p><p><a href="${o.link[0]}">${esc(o.link[1])}</a></p></section></li>`).join("")}
</ul>`);
  out["shop/orders.html"] = layout("Your orders", "/shop/orders.html", `
<h1>Your orders</h1>
<div id="orders"><p>No orders yet. <a href="/products/">Shop all products</a></p></div>`);
  return out;
}

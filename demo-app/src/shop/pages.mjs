// The demo shop's static pages, written by scripts/build.mjs into edge/public/. Each page carries the
// web SDK's script tag exactly as a customer would paste it.
export const PRODUCTS = [
  { sku: "trail-runner", name: "Trail Runner shoes", price: 89, colour: "#1f6f5c", text: "Light, grippy trail shoes for wet autumn paths." },
  { sku: "rain-jacket", name: "Packable rain jacket", price: 120, colour: "#2b4c8c", text: "Fully taped seams; folds into its own pocket." },
  { sku: "wool-beanie", name: "Merino beanie", price: 25, colour: "#8c3b2b", text: "Soft merino that keeps you warm without itching." },
];

export const PERSONAS = [
  { id: "", label: "Anonymous visitor" },
  { id: "u-023", label: "New customer (Wanda, u-023)" },
  { id: "u-001", label: "VIP (Ana, u-001)" },
  { id: "u-013", label: "Churn risk (Mariana, u-013)" },
];

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title, path, body) {
  const nav = [["/", "Home"], ...PRODUCTS.map((p) => [`/products/${p.sku}.html`, p.name]), ["/cart.html", "Cart"]];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Edgewise demo shop</title>
<link rel="stylesheet" href="/shop/shop.css">
<!-- The Edgewise web SDK, pasted as any customer would: -->
<script src="/v1/sdk.js" data-client-key="demo-client-key" async></script>
<script type="module" src="/shop/shop.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="/">Edgewise <span>demo shop</span></a>
  <nav aria-label="Shop">
    <ul>${nav.map(([href, label]) => `<li><a href="${href}"${href === path ? ' aria-current="page"' : ""}>${esc(label)}</a></li>`).join("")}</ul>
  </nav>
  <div class="persona">
    <label for="persona">Persona</label>
    <select id="persona">${PERSONAS.map((p) => `<option value="${p.id}">${esc(p.label)}</option>`).join("")}</select>
    <span class="cart-count" aria-live="polite"><span id="cart-count">0</span> in cart</span>
  </div>
</header>
<main id="main">
${body}
</main>
<footer><p>Demo data only. <a href="/console/">Operator console</a> · <a href="/mobile/">Mobile demo</a></p></footer>
</body>
</html>
`;
}

function productCard(p) {
  return `<li class="card"><div class="swatch" style="background:${p.colour}" aria-hidden="true"></div>
<h3><a href="/products/${p.sku}.html">${esc(p.name)}</a></h3><p class="price">$${p.price}</p></li>`;
}

export function pages() {
  const out = {};
  out["index.html"] = layout("Home", "/", `
<section class="hero-wrap" aria-label="Featured">
  <div data-edgewise-placement="home-hero" class="hero" id="hero"><h2>New season, new arrivals</h2><p>Discover this week's picks.</p></div>
  <template data-default-for="home-hero"><h2>New season, new arrivals</h2><p>Discover this week's picks.</p></template>
</section>
<h2>This week's picks</h2>
<ul class="grid">${PRODUCTS.map(productCard).join("")}</ul>`);
  for (const p of PRODUCTS) {
    out[`products/${p.sku}.html`] = layout(p.name, `/products/${p.sku}.html`, `
<article class="product">
  <div class="swatch big" style="background:${p.colour}" aria-hidden="true"></div>
  <div>
    <h1>${esc(p.name)}</h1>
    <p class="price">$${p.price}</p>
    <p>${esc(p.text)}</p>
    <button type="button" class="add" data-sku="${p.sku}" data-name="${esc(p.name)}" data-price="${p.price}">Add to cart</button>
    <p class="status" role="status" aria-live="polite"></p>
  </div>
</article>`);
  }
  out["cart.html"] = layout("Cart", "/cart.html", `
<h1>Your cart</h1>
<ul data-edgewise-placement="cart-banner" data-edgewise-list class="cart-banner" aria-label="For your order"><template><li></li></template></ul>
<div id="cart"><p>Your cart is empty.</p></div>
<p class="status" role="status" aria-live="polite"></p>`);
  return out;
}

// The demo shop's products, shared by the shop's pages (scripts/build.mjs) and the mobile demo's
// product list. Each picture is a small drawing (inline SVG, no photos, no requests): `svg(p)` draws
// product `p` in a 240 × 180 box on its own pale background.
export const PRODUCTS = [
  {
    sku: "trail-runner",
    name: "Trail Runner shoes",
    price: 89,
    colour: "#1f6f5c",
    background: "#e3f1ec",
    text: "Light, grippy trail shoes for wet, muddy paths, with a rock plate under the forefoot.",
    picture: "A green trail running shoe with white laces and a dark, lugged sole",
    drawing: `<ellipse cx="122" cy="150" rx="96" ry="7" fill="#0000001f"/>
<path d="M30 126h180c6 0 10-4 10-10v-2H30z" fill="#24323f"/>
<path d="M44 124v10M64 124v10M84 124v10M104 124v10M124 124v10M144 124v10M164 124v10M184 124v10M202 122v10" stroke="#24323f" stroke-width="8"/>
<path d="M32 114V84c0-12 8-18 20-18h22c8 0 12-4 18-12l8-8c6-6 16-4 20 2l22 32c22 2 62 10 78 24 6 5 6 10 6 10z" fill="#1f6f5c"/>
<path d="M32 106h178v8H32z" fill="#f4f1ea"/>
<path d="M88 58l14 12M98 50l14 12M110 46l12 14" stroke="#f4f1ea" stroke-width="5" stroke-linecap="round"/>
<path d="M132 84c20 4 44 8 62 18" stroke="#8fd1bd" stroke-width="5" fill="none" stroke-linecap="round"/>
<path d="M32 92c-4-10 0-20 10-24" stroke="#e8a400" stroke-width="7" fill="none" stroke-linecap="round"/>`,
  },
  {
    sku: "rain-jacket",
    name: "Packable rain jacket",
    price: 120,
    colour: "#2b4c8c",
    background: "#e4ebf7",
    text: "Fully taped seams, a stiffened hood, and it folds into its own chest pocket.",
    picture: "A blue hooded rain jacket with a yellow zip",
    drawing: `<path d="M74 48L44 66 26 148h22l18-60z" fill="#2b4c8c"/>
<path d="M166 48l30 18 18 82h-22l-18-60z" fill="#2b4c8c"/>
<path d="M26 148h22v10H26zM192 148h22v10h-22z" fill="#1b2f57"/>
<path d="M72 46c30-10 66-10 96 0l8 114c-36 8-76 8-112 0z" fill="#3a63ad"/>
<path d="M90 48c0-20 12-34 30-34s30 14 30 34c-18 8-42 8-60 0z" fill="#2b4c8c"/>
<path d="M100 46c0-12 8-22 20-22s20 10 20 22c-12 5-28 5-40 0z" fill="#1b2f57"/>
<path d="M120 52v110" stroke="#e8a400" stroke-width="4"/>
<path d="M80 116h26M134 116h26" stroke="#1b2f57" stroke-width="5" stroke-linecap="round"/>
<path d="M140 70h18" stroke="#1b2f57" stroke-width="4" stroke-linecap="round"/>`,
  },
  {
    sku: "wool-beanie",
    name: "Merino beanie",
    price: 25,
    colour: "#8c3b2b",
    background: "#f6e6e1",
    text: "Soft, fine merino that keeps you warm without itching, with a turn-up cuff.",
    picture: "A rust-red knitted beanie with a cream pom-pom and a ribbed cuff",
    drawing: `<ellipse cx="120" cy="156" rx="76" ry="6" fill="#0000001f"/>
<path d="M52 122c0-44 30-74 68-74s68 30 68 74z" fill="#8c3b2b"/>
<path d="M76 118c0-34 18-58 44-62M96 118c0-30 10-54 24-62M144 118c0-30-10-54-24-62M164 118c0-34-18-58-44-62" stroke="#6f2c20" stroke-width="3" fill="none"/>
<rect x="44" y="112" width="152" height="38" rx="10" fill="#a9503e"/>
<path d="M60 116v30M74 116v30M88 116v30M102 116v30M116 116v30M130 116v30M144 116v30M158 116v30M172 116v30M186 118v26" stroke="#8c3b2b" stroke-width="4"/>
<circle cx="120" cy="42" r="20" fill="#f4f1ea"/>
<path d="M108 34l6 4M122 28l2 6M130 40l6-2M112 48l4-4M126 50l2-6" stroke="#d9d2c3" stroke-width="3" stroke-linecap="round"/>`,
  },
  {
    sku: "hiking-socks",
    name: "Hiking socks, two pairs",
    price: 18,
    colour: "#6b7f3a",
    background: "#eef1e0",
    text: "Cushioned wool-blend socks with a reinforced heel and toe, in a pair of two.",
    picture: "Two olive-green hiking socks with cream stripes at the cuff",
    drawing: `<path d="M112 22h44v78c0 8 4 12 10 16l24 16c12 8 12 24 0 30-8 4-18 2-26-4l-52-34c-8-6-10-12-10-22z" fill="#55662c"/>
<path d="M112 22h44v16h-44zM112 44h44v6h-44z" fill="#e9e2cf"/>
<path d="M64 34h44v78c0 8 4 12 10 16l24 16c12 8 12 24 0 30-8 4-18 2-26-4L64 136c-8-6-10-12-10-22z" fill="#6b7f3a"/>
<path d="M64 34h44v16H64zM64 56h44v6H64z" fill="#f4f1ea"/>
<path d="M118 150l24 14c8 4 16 2 20-4" stroke="#3f4c1f" stroke-width="8" fill="none" stroke-linecap="round"/>`,
  },
  {
    sku: "daypack",
    name: "Daypack, 20 litres",
    price: 75,
    colour: "#b4541a",
    background: "#f8e9dc",
    text: "A light 20-litre pack with a padded back, side bottle pockets and a rain cover.",
    picture: "An orange daypack with a grey front pocket and a top carry handle",
    drawing: `<ellipse cx="120" cy="162" rx="64" ry="6" fill="#0000001f"/>
<path d="M108 26c0-8 24-8 24 0v10h-8v-6h-8v6h-8z" fill="#5b6470"/>
<rect x="70" y="34" width="100" height="126" rx="30" fill="#b4541a"/>
<path d="M70 70c20-10 80-10 100 0" stroke="#8a3f12" stroke-width="4" fill="none"/>
<rect x="86" y="96" width="68" height="50" rx="14" fill="#5b6470"/>
<path d="M92 108h56" stroke="#e8a400" stroke-width="4" stroke-linecap="round"/>
<rect x="56" y="104" width="16" height="40" rx="6" fill="#8a3f12"/>
<rect x="168" y="104" width="16" height="40" rx="6" fill="#8a3f12"/>`,
  },
  {
    sku: "water-bottle",
    name: "Insulated bottle",
    price: 32,
    colour: "#2f7f9f",
    background: "#e1f0f5",
    text: "A steel bottle that keeps drinks cold for a day or hot for twelve hours; 750 ml.",
    picture: "A teal steel water bottle with a black loop cap and a white band",
    drawing: `<ellipse cx="120" cy="164" rx="40" ry="5" fill="#0000001f"/>
<path d="M108 14h24v18h-24z" fill="#1b1f24"/>
<path d="M112 14c0-10 16-10 16 0" stroke="#1b1f24" stroke-width="5" fill="none"/>
<path d="M104 32h32l6 16H98z" fill="#9aa7b3"/>
<rect x="92" y="46" width="56" height="116" rx="16" fill="#2f7f9f"/>
<rect x="92" y="96" width="56" height="22" fill="#f4f1ea"/>
<path d="M104 60v26" stroke="#7fc1d9" stroke-width="6" stroke-linecap="round"/>`,
  },
];

/** Products by SKU. */
export const PRODUCT = Object.fromEntries(PRODUCTS.map((p) => [p.sku, p]));

/**
 * The product's drawing as an inline `<svg>`: decorative (hidden from assistive technology) unless
 * `label` is set, then an image named by the product's picture description.
 */
export function svg(p, { label = false, className = "picture" } = {}) {
  const a11y = label ? `role="img" aria-label="${p.picture.replace(/"/g, "&quot;")}"` : `aria-hidden="true" focusable="false"`;
  return `<svg class="${className}" viewBox="0 0 240 180" ${a11y} xmlns="http://www.w3.org/2000/svg"><rect width="240" height="180" fill="${p.background}"/>${p.drawing.replace(/\n/g, "")}</svg>`;
}

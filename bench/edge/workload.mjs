// Seeded workload for `npm run bench:edge`: a 100-offer catalog over four placements, a small
// audience snapshot, the benchmark profile's event history and the decide request body. Everything
// derives from one seed, so every run publishes the same catalog (and the same catalog version).

import { mulberry32 } from "../workload.mjs";

export const SEED = 20261129;
const DAY = 86_400_000;

export const PLACEMENTS = [
  { id: "home-hero", surface: "web://shop.example/#hero", format: "html" },
  { id: "cart-banner", surface: "web://shop.example/cart#banner", format: "html" },
  { id: "product-reco", surface: "web://shop.example/product#reco", format: "html" },
  { id: "app-home", surface: "mobileapp://com.example.shop/home", format: "json" },
];

/** The placements every benchmark decide asks for. */
export const DECIDE_PLACEMENTS = ["home-hero", "cart-banner", "product-reco"];

export const BENCH_PROFILE_ID = "bench-001";
const AUDIENCES = ["vip", "loyal", "newsletter", "mobile-first", "churn-risk", "new", "bargain-hunter", "b2b"];

/** The benchmark profile as the snapshot holds it. */
const BENCH_PROFILE = {
  profileId: BENCH_PROFILE_ID,
  audiences: ["vip", "loyal", "newsletter", "mobile-first"],
  attributes: { firstName: "Beatriz", tier: "gold", ltv: 820, orders: 14, age: 36, address: { country: "PT", city: "Lisboa" } },
};

/** What the benchmark's decide requests send as `context` (the client's part of it). */
export const DECIDE_CONTEXT = {
  channel: "web",
  path: "/cart/checkout",
  locale: "pt-PT",
  device: "mobile",
  geo: { country: "PT", region: "11" },
  cart: { value: 84.5, items: 3 },
};

export function decideBody(profileId = BENCH_PROFILE_ID, placements = DECIDE_PLACEMENTS) {
  return { profileId, anonymousId: `anon-${profileId}`, placements, context: DECIDE_CONTEXT };
}

const pick = (rand, list) => list[Math.floor(rand() * list.length)];

/**
 * Condition families. Each returns one leaf condition; an offer uses a family at most once.
 * Thresholds and values are drawn so that the benchmark profile meets roughly three in four.
 */
const FAMILIES = [
  (r) => (r() < 0.75
    ? { in: [{ var: "profile.tier" }, pick(r, [["gold", "platinum"], ["silver", "gold", "platinum"], ["gold"]])] }
    : { "==": [{ var: "profile.tier" }, pick(r, ["bronze", "silver", "platinum"])] }),
  (r) => ({ ">=": [{ var: "profile.ltv" }, pick(r, [50, 100, 250, 500, 750, 1000, 2000])] }),
  (r) => ({ [pick(r, [">", ">="])]: [{ var: "profile.orders" }, pick(r, [0, 1, 3, 5, 10, 20])] }),
  (r) => ({ "<=": [pick(r, [18, 21, 25, 30]), { var: "profile.age" }, pick(r, [35, 45, 65, 99])] }),
  (r) => ({ audience: pick(r, AUDIENCES.slice(0, 6)) }),
  (r) => ({ "!": { audience: pick(r, ["churn-risk", "new", "b2b", "vip"]) } }),
  (r) => (r() < 0.8
    ? { in: [{ var: "context.geo.country" }, pick(r, [["PT"], ["PT", "ES"], ["PT", "BR", "ES", "FR"]])] }
    : { "==": [{ var: "context.geo.country" }, pick(r, ["BR", "US", "DE"])] }),
  (r) => ({ starts_with: [{ var: "context.locale" }, pick(r, ["pt", "pt", "pt-PT", "en", "es"])] }),
  (r) => ({ "==": [{ var: "context.channel" }, pick(r, ["web", "web", "web", "ios"])] }),
  (r) => ({ ">=": [{ var: "context.cart.value" }, pick(r, [0, 25, 50, 75, 100, 150])] }),
  (r) => ({ starts_with: [{ var: "context.path" }, pick(r, ["/cart", "/cart", "/product", "/"])] }),
  (r) => ({ in: [{ var: "context.device" }, pick(r, [["mobile"], ["mobile", "tablet"], ["desktop"]])] }),
  (r) => (r() < 0.85
    ? { "<=": [{ time: "2026-01-01T00:00:00Z" }, { var: "now" }, { time: "2031-01-01T00:00:00Z" }] }
    : { "<=": [{ time: "2025-01-01T00:00:00Z" }, { var: "now" }, { time: "2025-06-30T00:00:00Z" }] }),
  (r) => ({ ">=": [{ history: { name: pick(r, ["product.view", "page.view", "cart.add"]), within: pick(r, ["P7D", "P30D"]) } }, pick(r, [1, 2, 5, 10, 400])] }),
  (r, offerId) => ({ "<": [{ history: { name: "dismiss", offer: offerId, within: "P7D" } }, 2] }),
  (r) => ({ "<": [{ bucket: pick(r, ["exp-hero", "exp-cart", "exp-reco"]) }, pick(r, [2500, 5000, 7500, 9000])] }),
];

function eligibility(rand, offerId) {
  const count = 3 + Math.floor(rand() * 6); // 3–8 leaf conditions
  const families = [...FAMILIES.keys()];
  for (let i = families.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [families[i], families[j]] = [families[j], families[i]];
  }
  const leaves = families.slice(0, count).map((family) => FAMILIES[family](rand, offerId));
  // Some offers group two of their leaves in an `or`, as real audience rules do.
  if (leaves.length >= 4 && rand() < 0.3) leaves.splice(0, 2, { or: [leaves[0], leaves[1]] });
  return { rules: { and: leaves }, conditions: count };
}

function content(rand, offerId, format) {
  const title = `Offer ${offerId}`;
  if (format === "json") return { title, image: `/img/${offerId}.png`, cta: `/o/${offerId}` };
  const greeting = rand() < 0.5 ? `Olá {{profile.firstName | default: "cliente"}}, ` : "";
  return { html: `<h2>${greeting}${title}</h2><p>Save {{context.cart.value | number: 2}} today.</p>`, title, cta: `/o/${offerId}` };
}

/** The 100-offer catalog: 96 targeted offers and one fallback offer per placement. */
export function buildCatalog(seed = SEED) {
  const rand = mulberry32(seed);
  const offers = [];
  const priorities = Array.from({ length: 96 }, (_, i) => i + 1);
  for (let i = priorities.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [priorities[i], priorities[j]] = [priorities[j], priorities[i]];
  }
  let conditions = 0;
  for (let i = 0; i < 96; i++) {
    const id = `offer-${String(i + 1).padStart(3, "0")}`;
    const primary = PLACEMENTS[i % PLACEMENTS.length];
    const placements = [primary.id];
    const others = PLACEMENTS.filter((p) => p.id !== primary.id && p.format === primary.format);
    if (rand() < 0.25 && others.length > 0) placements.push(pick(rand, others).id);
    const rule = eligibility(rand, id);
    conditions += rule.conditions;
    const offer = { id, name: `Benchmark offer ${i + 1}`, placements, priority: priorities[i] * 10, eligibility: rule.rules };
    const caps = [];
    const capRoll = rand();
    if (capRoll < 0.4) caps.push({ event: "display", limit: pick(rand, [1, 2, 3, 5]), period: pick(rand, ["day", "week"]), scope: "profile" });
    if (capRoll > 0.85) caps.push({ event: "display", limit: 1_000_000, period: "lifetime", scope: "global" });
    if (rand() < 0.1) caps.push({ event: "dismiss", limit: 1, period: "month", scope: "profile" });
    if (caps.length > 0) offer.caps = caps;
    if (rand() < 0.2) offer.schedule = { start: "2026-01-01T00:00:00Z", end: "2031-01-01T00:00:00Z" };
    offer.content = content(rand, id, primary.format);
    offers.push(offer);
  }
  const fallbacks = {};
  for (const placement of PLACEMENTS) {
    const id = `default-${placement.id}`;
    offers.push({ id, name: `Default for ${placement.id}`, placements: [], content: content(rand, id, placement.format) });
    fallbacks[placement.id] = id;
  }
  return { catalog: { placements: PLACEMENTS, offers, fallbacks }, conditions };
}

/** NDJSON snapshot: the benchmark profile plus 49 others (`bench-002`…`bench-050`). */
export function buildSnapshot(seed = SEED) {
  const rand = mulberry32(seed ^ 0x5eed);
  const lines = [{ type: "header", version: `bench-${seed}`, audiences: AUDIENCES.map((id) => ({ id })) }, BENCH_PROFILE];
  for (let i = 2; i <= 50; i++) {
    lines.push({
      profileId: `bench-${String(i).padStart(3, "0")}`,
      audiences: AUDIENCES.filter(() => rand() < 0.35),
      attributes: {
        firstName: pick(rand, ["Ana", "Bruno", "Carla", "Duarte", "Eva"]),
        tier: pick(rand, ["bronze", "silver", "gold", "platinum"]),
        ltv: Math.round(rand() * 2500),
        orders: Math.floor(rand() * 30),
        age: 18 + Math.floor(rand() * 60),
        address: { country: pick(rand, ["PT", "ES", "BR", "FR"]) },
      },
    });
  }
  return `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`;
}

/** The benchmark profile's attributes and audiences, as the edge builds its evaluation context. */
export function benchProfileState() {
  return { profile: { ...BENCH_PROFILE.attributes, id: BENCH_PROFILE_ID }, audiences: BENCH_PROFILE.audiences };
}

/**
 * About 200 events for the benchmark profile (`POST /v1/events` bodies): enough displays today to
 * exhaust the profile display caps of `cappedOffers` (offers it is eligible for), two dismisses of
 * `dismissedOffers`, a few interactions, and page views, product views and cart adds over 30 days.
 */
export function buildHistory({ cappedOffers, dismissedOffers, interactedOffers, now, total = 200, seed = SEED }) {
  const rand = mulberry32(seed ^ 0x417);
  const dayStart = now - (now % DAY);
  const events = [];
  const base = { profileId: BENCH_PROFILE_ID, anonymousId: `anon-${BENCH_PROFILE_ID}` };
  const today = () => Math.max(dayStart, now - Math.floor(rand() * 3_600_000) - 1_000);
  for (const { offerId, placement, limit } of cappedOffers) {
    for (let i = 0; i < limit; i++) events.push({ ...base, type: "display", offerId, placement, timestamp: today() });
  }
  for (const { offerId, placement } of dismissedOffers) {
    for (let i = 0; i < 2; i++) {
      events.push({ ...base, type: "display", offerId, placement, timestamp: now - (1 + i) * DAY });
      events.push({ ...base, type: "dismiss", offerId, placement, timestamp: now - (1 + i) * DAY + 5_000 });
    }
  }
  for (const { offerId, placement } of interactedOffers) {
    events.push({ ...base, type: "display", offerId, placement, timestamp: now - 3 * DAY });
    events.push({ ...base, type: "interact", offerId, placement, timestamp: now - 3 * DAY + 8_000 });
  }
  const names = ["product.view", "product.view", "product.view", "page.view", "page.view", "cart.add"];
  while (events.length < total) {
    events.push({ ...base, type: "track", name: pick(rand, names), timestamp: now - Math.floor(rand() * 30 * DAY) - 1_000 });
  }
  events.sort((a, b) => a.timestamp - b.timestamp);
  return events.slice(0, Math.max(total, events.length)).map((event, i) => ({ id: `bench-evt-${seed}-${i}`, ...event }));
}

// Seeded workload for the decision benchmark: an offer catalog (1,000 offers, 3–8 conditions each)
// and evaluation contexts (10,000 profiles), plus the translations of every rule into the formats the
// peers and the hand-written ceiling need. Everything is derived from one seed, so every run sees the
// same catalog and the same profiles.
//
// Rules are first built as a small neutral tree (see `leaf*` / `group` below) and then emitted:
//   toEngineLogic  → Edgewise JSON Logic ({"audience": "vip"} for membership)
//   toJsonLogic    → standard JSON Logic ({"in": ["vip", {"var": "audiences"}]})
//   toAdobe        → @adobe/aep-rules-engine condition (no `not`: pushed down with De Morgan)
//   toJs           → a plain JS expression over `d` (the hand-written ceiling)

/** mulberry32: small, fast, deterministic 32-bit PRNG. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const YEAR_START = Date.UTC(2026, 0, 1);

// ---- the attribute pool ------------------------------------------------------------------------

const TIERS = ["bronze", "silver", "gold", "platinum"];
const COUNTRIES = ["BR", "PT", "US", "DE", "FR", "ES", "MX", "AR", "GB", "IT"];
const LOCALES = {
  BR: ["pt-BR"], PT: ["pt-PT"], US: ["en-US", "es-US"], DE: ["de-DE", "en-GB"], FR: ["fr-FR"],
  ES: ["es-ES", "ca-ES"], MX: ["es-MX"], AR: ["es-AR"], GB: ["en-GB"], IT: ["it-IT"],
};
const ALL_LOCALES = [...new Set(Object.values(LOCALES).flat())];
const REGIONS = ["north", "south", "east", "west", "central"];
const CHANNELS = ["web", "ios", "android", "email"];
const AUDIENCES = [
  "vip", "churn-risk", "new-customer", "high-value", "cart-abandoner", "newsletter",
  "app-user", "loyalty-member", "bargain-hunter", "lapsed", "b2b", "student",
];

/** String attributes: path → values. */
const STRING_ATTRS = [
  { path: "profile.tier", values: TIERS },
  { path: "profile.address.country", values: COUNTRIES },
  { path: "context.geo.country", values: COUNTRIES },
  { path: "context.geo.region", values: REGIONS },
  { path: "context.channel", values: CHANNELS },
  { path: "context.locale", values: ALL_LOCALES },
];

/** Numeric attributes: path → thresholds operators are drawn against. */
const NUMERIC_ATTRS = [
  { path: "profile.ltv", thresholds: [50, 100, 250, 500, 1000, 2000] },
  { path: "profile.orders", thresholds: [1, 2, 3, 5, 10, 20] },
  { path: "profile.age", thresholds: [18, 21, 25, 30, 40, 50, 65] },
  { path: "context.cart.value", thresholds: [20, 50, 100, 150, 250] },
];

const pick = (rnd, xs) => xs[Math.floor(rnd() * xs.length)];
const int = (rnd, lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));

/** A finite pool of campaign windows, so offers share them as real catalogs do. */
function makeWindows(rnd) {
  const windows = [];
  for (let i = 0; i < 24; i++) {
    const start = YEAR_START + int(rnd, 0, 300) * DAY;
    const end = start + int(rnd, 14, 120) * DAY;
    windows.push([start, end]);
  }
  return windows;
}

// ---- neutral rule tree -------------------------------------------------------------------------
// leaves: {t:"eq"|"ne", path, v} {t:"in", path, vs} {t:"cmp", op, path, n} {t:"aud", a}
//         {t:"win", s, e, style: "between"|"pair"}
// groups: {t:"and"|"or", c:[...]} {t:"not", c:[x]}

/**
 * One condition. `market` steers country/locale values towards the offer's market; `used` (for the
 * conditions of one `and`) avoids constraining the same attribute twice, which real rules rarely do
 * and which mostly produces contradictions (`ltv > 2000 && ltv <= 2000`).
 */
function randomLeaf(rnd, { market = null, used = null, geo = true } = {}) {
  for (let attempt = 0; ; attempt++) {
    const r = rnd();
    let leaf;
    let key;
    if (r < 0.4) {
      const attrs = geo ? STRING_ATTRS : STRING_ATTRS.filter((x) => !/country|locale|region/.test(x.path));
      const a = pick(rnd, attrs);
      key = a.path;
      let values = a.values;
      if (market && a.path.endsWith("country") && rnd() < 0.85) values = [market];
      else if (market && a.path === "context.locale" && rnd() < 0.85) values = LOCALES[market];
      const x = rnd();
      if (x < 0.75) leaf = { t: "eq", path: a.path, v: pick(rnd, values) };
      else if (x < 0.85) leaf = { t: "ne", path: a.path, v: pick(rnd, a.values) };
      else leaf = { t: "in", path: a.path, vs: [...new Set([pick(rnd, values), pick(rnd, a.values), pick(rnd, a.values)])] };
    } else if (r < 0.72) {
      const a = pick(rnd, NUMERIC_ATTRS);
      key = a.path;
      leaf = { t: "cmp", op: pick(rnd, [">=", ">=", ">", "<", "<="]), path: a.path, n: pick(rnd, a.thresholds) };
    } else {
      const a = pick(rnd, AUDIENCES);
      key = "audience:" + a;
      leaf = { t: "aud", a };
    }
    if (!used || !used.has(key) || attempt > 8) {
      used?.add(key);
      return leaf;
    }
  }
}

/** Shared segments many offers reuse (e.g. "engaged app users", "high spenders"), market-neutral. */
function makeFragments(rnd) {
  const fragments = [];
  for (let i = 0; i < 40; i++) {
    const n = int(rnd, 2, 3);
    const used = new Set();
    const c = [];
    for (let j = 0; j < n; j++) c.push(randomLeaf(rnd, { used, geo: false }));
    fragments.push({ t: rnd() < 0.6 ? "and" : "or", c });
  }
  return fragments;
}

const countLeaves = (n) => (n.c ? n.c.reduce((s, x) => s + countLeaves(x), 0) : 1);

/** A campaign window from the shared pool, in one of the two usual spellings. */
function windowLeaf(rnd, windows) {
  const [s, e] = pick(rnd, windows);
  return { t: "win", s, e, style: rnd() < 0.5 ? "between" : "pair" };
}

/** An eligibility rule with 3–8 leaf conditions, and/or/not nested. */
function randomRule(rnd, windows, fragments) {
  const target = int(rnd, 3, 8);
  const market = rnd() < 0.7 ? pick(rnd, COUNTRIES) : null;
  const used = new Set();
  const parts = [];
  let leaves = 0;
  let usedFragment = false;
  if (market) {
    // Market offers say where they run: home country, current country, or the market's locales.
    const m = rnd();
    const leaf = m < 0.4 ? { t: "eq", path: "profile.address.country", v: market }
      : m < 0.8 ? { t: "eq", path: "context.geo.country", v: market }
      : { t: "in", path: "context.locale", vs: LOCALES[market] };
    used.add(leaf.path);
    parts.push(leaf);
    leaves++;
  }
  if (rnd() < 0.5) { parts.push(windowLeaf(rnd, windows)); leaves++; }
  while (leaves < target) {
    const left = target - leaves;
    const r = rnd();
    let node;
    if (r < 0.3 && left >= 2 && !usedFragment) {
      const f = pick(rnd, fragments);
      if (countLeaves(f) <= left) { node = f; usedFragment = true; }
    } else if (r < 0.5 && left >= 2) {
      const n = int(rnd, 2, Math.min(3, left));
      const c = [];
      const orUsed = new Set();
      for (let j = 0; j < n; j++) c.push(randomLeaf(rnd, { market, used: orUsed }));
      node = { t: "or", c };
    }
    if (!node) node = randomLeaf(rnd, { market, used });
    if (rnd() < 0.1) node = { t: "not", c: [node] };
    parts.push(node);
    leaves += countLeaves(node);
  }
  // Sometimes the top level is an `or` of two `and` branches (e.g. "VIPs, or gold members in BR").
  if (parts.length >= 4 && rnd() < 0.15) {
    const k = int(rnd, 2, parts.length - 2);
    return { t: "or", c: [{ t: "and", c: parts.slice(0, k) }, { t: "and", c: parts.slice(k) }] };
  }
  return { t: "and", c: parts };
}

// ---- emitters ----------------------------------------------------------------------------------

const v = (path) => ({ var: path });

function toLogic(n, audience) {
  switch (n.t) {
    case "and": case "or": return { [n.t]: n.c.map((x) => toLogic(x, audience)) };
    case "not": return { "!": [toLogic(n.c[0], audience)] };
    case "eq": return { "==": [v(n.path), n.v] };
    case "ne": return { "!=": [v(n.path), n.v] };
    case "in": return { in: [v(n.path), n.vs] };
    case "cmp": return { [n.op]: [v(n.path), n.n] };
    case "aud": return audience(n.a);
    case "win": return n.style === "between"
      ? { "<=": [n.s, v("now"), n.e] }
      : { and: [{ ">=": [v("now"), n.s] }, { "<=": [v("now"), n.e] }] };
    default: throw new Error(`unknown node ${n.t}`);
  }
}

/** Edgewise's JSON Logic, with the `audience` extension operator. */
export const toEngineLogic = (n) => toLogic(n, (a) => ({ audience: a }));
/** Standard JSON Logic for json-logic-js and json-logic-engine. */
export const toJsonLogic = (n) => toLogic(n, (a) => ({ in: [a, v("audiences")] }));

const NEG = { ">=": "lt", ">": "le", "<": "ge", "<=": "gt" };
const POS = { ">=": "ge", ">": "gt", "<": "lt", "<=": "le" };
const matcher = (key, m, values) => ({ type: "matcher", definition: values ? { key, matcher: m, values } : { key, matcher: m } });
const agroup = (logic, conditions) => ({ type: "group", definition: { logic, conditions } });

/**
 * @adobe/aep-rules-engine condition. It reads flat keys (`context["profile.tier"]`), compares strings
 * case-insensitively, and has only `and`/`or` groups, so `not` is pushed down to the leaves (De Morgan;
 * exact here because every profile has every attribute). Audience membership becomes an `ex`/`nx`
 * (exists / not exists) matcher on the flattened key `audiences.<id>`.
 */
export function toAdobe(n, neg = false) {
  switch (n.t) {
    case "and": return agroup(neg ? "or" : "and", n.c.map((x) => toAdobe(x, neg)));
    case "or": return agroup(neg ? "and" : "or", n.c.map((x) => toAdobe(x, neg)));
    case "not": return toAdobe(n.c[0], !neg);
    case "eq": return matcher(n.path, neg ? "ne" : "eq", [n.v]);
    case "ne": return matcher(n.path, neg ? "eq" : "ne", [n.v]);
    case "in": return matcher(n.path, neg ? "ne" : "eq", n.vs);
    case "cmp": return matcher(n.path, neg ? NEG[n.op] : POS[n.op], [n.n]);
    case "aud": return matcher(`audiences.${n.a}`, neg ? "nx" : "ex");
    case "win": return neg
      ? agroup("or", [matcher("now", "lt", [n.s]), matcher("now", "gt", [n.e])])
      : agroup("and", [matcher("now", "ge", [n.s]), matcher("now", "le", [n.e])]);
    default: throw new Error(`unknown node ${n.t}`);
  }
}

/** Flattens an evaluation context the way the Adobe engine reads it (dotted keys, audience flags). */
export function flattenForAdobe(d) {
  const out = {};
  const walk = (obj, prefix) => {
    for (const k in obj) {
      const val = obj[k];
      if (val !== null && typeof val === "object" && !Array.isArray(val)) walk(val, prefix + k + ".");
      else out[prefix + k] = val;
    }
  };
  walk(d, "");
  const aud = d.audiences;
  for (let i = 0; i < aud.length; i++) out["audiences." + aud[i]] = true;
  return out;
}

const js = (path) => "d." + path;
const lit = (x) => JSON.stringify(x);

const wrapLeaf = (s) => (s.startsWith("(") || s.startsWith("!") ? s : "(" + s + ")");

/** The hand-written ceiling: what a developer would type for this rule. */
export function toJs(n) {
  switch (n.t) {
    case "and": return "(" + n.c.map(toJs).join(" && ") + ")";
    case "or": return "(" + n.c.map(toJs).join(" || ") + ")";
    case "not": return "!" + wrapLeaf(toJs(n.c[0]));
    case "eq": return `${js(n.path)} === ${lit(n.v)}`;
    case "ne": return `${js(n.path)} !== ${lit(n.v)}`;
    case "in": return "(" + n.vs.map((x) => `${js(n.path)} === ${lit(x)}`).join(" || ") + ")";
    case "cmp": return `${js(n.path)} ${n.op} ${n.n}`;
    case "aud": return `d.audiences.includes(${lit(n.a)})`;
    case "win": return `(${n.s} <= d.now && d.now <= ${n.e})`;
    default: throw new Error(`unknown node ${n.t}`);
  }
}

const jsNode = (n) => (n.c ? toJs(n) : wrapLeaf(toJs(n)));

/** Reference interpreter of the neutral tree (used for calibration only). */
export function evalTree(n, d) {
  const get = (path) => path.split(".").reduce((o, k) => o[k], d);
  switch (n.t) {
    case "and": return n.c.every((x) => evalTree(x, d));
    case "or": return n.c.some((x) => evalTree(x, d));
    case "not": return !evalTree(n.c[0], d);
    case "eq": return get(n.path) === n.v;
    case "ne": return get(n.path) !== n.v;
    case "in": return n.vs.includes(get(n.path));
    case "cmp": {
      const x = get(n.path);
      return n.op === ">=" ? x >= n.n : n.op === ">" ? x > n.n : n.op === "<" ? x < n.n : x <= n.n;
    }
    case "aud": return d.audiences.includes(n.a);
    case "win": return n.s <= d.now && d.now <= n.e;
    default: throw new Error(`unknown node ${n.t}`);
  }
}

// ---- profiles ----------------------------------------------------------------------------------

function randomProfile(rnd, i) {
  const home = pick(rnd, COUNTRIES);
  const traveling = rnd() < 0.1;
  const geoCountry = traveling ? pick(rnd, COUNTRIES) : home;
  const orders = rnd() < 0.2 ? 0 : Math.floor(Math.pow(rnd(), 2) * 40) + 1;
  const ltv = Math.round(orders * (20 + rnd() * 120));
  const tierRoll = ltv > 2000 ? 3 : ltv > 800 ? 2 : ltv > 200 ? 1 : 0;
  const tier = TIERS[Math.max(0, Math.min(3, tierRoll + (rnd() < 0.2 ? (rnd() < 0.5 ? -1 : 1) : 0)))];
  const audiences = [];
  for (const a of AUDIENCES) if (rnd() < 0.18) audiences.push(a);
  if (tier === "platinum" && !audiences.includes("vip") && rnd() < 0.6) audiences.push("vip");
  const cartValue = rnd() < 0.35 ? 0 : Math.round(rnd() * 300 * 100) / 100;
  // Same key order for every profile: all contexts share one object shape.
  return {
    profile: {
      id: `u-${String(i).padStart(5, "0")}`,
      tier,
      ltv,
      orders,
      age: int(rnd, 18, 80),
      address: { country: home, city: `city-${int(rnd, 1, 50)}` },
    },
    audiences,
    context: {
      channel: pick(rnd, CHANNELS),
      path: pick(rnd, ["/", "/cart", "/product/a1", "/search", "/account"]),
      locale: pick(rnd, LOCALES[geoCountry]),
      geo: { country: geoCountry, region: pick(rnd, REGIONS) },
      cart: { value: cartValue },
    },
    now: YEAR_START + Math.floor(rnd() * 365 * DAY),
  };
}

// ---- the workload ------------------------------------------------------------------------------

export const PLACEMENT = "bench-slot";

/**
 * @returns {{ offers: {id, priority, tree}[], catalog: object, profiles: object[], stats: object }}
 */
export function makeWorkload({ seed = 20261129, offers: nOffers = 1000, profiles: nProfiles = 10000 } = {}) {
  const rnd = mulberry32(seed);
  const windows = makeWindows(rnd);
  const fragments = makeFragments(rnd);

  const trees = [];
  for (let i = 0; i < nOffers; i++) trees.push(randomRule(rnd, windows, fragments));

  // Priorities: unique (1..n), so "the winner" never depends on a tie-break rule. As in real catalogs,
  // targeted offers tend to outrank broad ones: the rank follows each rule's eligibility rate on a
  // separate calibration sample (log scale), blurred with noise.
  const calRnd = mulberry32(seed ^ 0x9e3779b9);
  const calibration = Array.from({ length: 1000 }, (_, i) => randomProfile(calRnd, i));
  const score = trees.map((t) => {
    let hits = 0;
    for (const d of calibration) if (evalTree(t, d)) hits++;
    return -Math.log10(hits / calibration.length + 0.001) + rnd() * 1.5;
  });
  const byScore = trees.map((_, i) => i).sort((a, b) => score[a] - score[b]);
  const priorities = new Array(nOffers);
  byScore.forEach((offerIndex, rank) => { priorities[offerIndex] = rank + 1; });

  const offers = [];
  for (let i = 0; i < nOffers; i++) {
    offers.push({ id: `offer-${String(i).padStart(4, "0")}`, priority: priorities[i], tree: trees[i] });
  }

  const profiles = [];
  for (let i = 0; i < nProfiles; i++) profiles.push(randomProfile(rnd, i));

  // The catalog as an operator would publish it; the JSON round trip means no offer shares object
  // identity with another (as when it is loaded from storage).
  const catalog = JSON.parse(JSON.stringify({
    placements: [{ id: PLACEMENT, surface: "web://bench.example/#slot", format: "html" }],
    offers: offers.map((o) => ({
      id: o.id,
      name: `Bench offer ${o.id}`,
      placements: [PLACEMENT],
      priority: o.priority,
      eligibility: toEngineLogic(o.tree),
      content: { html: `<p>${o.id}</p>` },
    })),
  }));

  const leaves = offers.map((o) => countLeaves(o.tree));
  return {
    offers,
    catalog,
    profiles,
    stats: {
      seed,
      offers: nOffers,
      profiles: nProfiles,
      leavesMin: Math.min(...leaves),
      leavesMax: Math.max(...leaves),
      leavesAvg: leaves.reduce((a, b) => a + b, 0) / leaves.length,
    },
  };
}

/** Source of the generated ceiling module: one plain function per offer. */
export function ceilingModuleSource(offers) {
  const lines = [
    "// GENERATED by bench/workload.mjs — one hand-written-style function per offer. Do not edit.",
    "export const ids = " + JSON.stringify(offers.map((o) => o.id)) + ";",
    "export const priorities = " + JSON.stringify(offers.map((o) => o.priority)) + ";",
    "export const rules = [",
  ];
  for (const o of offers) lines.push(`  (d) => ${jsNode(o.tree)},`);
  lines.push("];", "");
  return lines.join("\n");
}

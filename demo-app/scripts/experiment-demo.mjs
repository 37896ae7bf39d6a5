// A demo experiment with a week of data, for the console's Experiments view (its Chromium test and
// docs/console-experiments.png): adds a "promo-strip" placement with two offers and the experiment
// "promo-test" to the active catalog, decides `profiles` profiles through /v1/decide and posts their
// displays (exposures, spread over the last 6 days) and conversions (12 % for control, 16 % for
// "gift-wrap"), each event through /v1/events as the SDKs send them.
const DAY = 86_400_000;
const ADMIN = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };

async function call(url, init) {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${url}: ${response.status} ${text}`);
  return JSON.parse(text);
}

/** Adds the experiment to the active catalog (once) and posts its data; resolves with the experiment id. */
export async function loadDemoExperiment(edgeUrl, profiles = 600) {
  const { catalog } = await call(`${edgeUrl}/v1/admin/catalog`, { headers: ADMIN });
  if (!catalog.experiments?.some((e) => e.id === "promo-test")) {
    const next = {
      ...catalog,
      placements: [...catalog.placements, { id: "promo-strip", format: "html" }],
      offers: [
        ...catalog.offers,
        { id: "strip-free-returns", name: "Free returns strip", placements: ["promo-strip"], content: { html: "<p>Free returns for 60 days</p>" } },
        { id: "strip-gift-wrap", name: "Gift wrap strip", placements: ["promo-strip"], content: { html: "<p>Free gift wrapping for the holidays</p>" } },
      ],
      experiments: [...(catalog.experiments ?? []), {
        id: "promo-test", name: "Promo strip: free returns vs gift wrap", placement: "promo-strip", start: "2026-11-01T00:00:00Z",
        variants: [{ id: "control", offer: "strip-free-returns", weight: 50 }, { id: "gift-wrap", offer: "strip-gift-wrap", weight: 50 }],
        metric: { event: "conversion" }, attributionWindow: "P7D",
      }],
    };
    await call(`${edgeUrl}/v1/admin/catalog`, { method: "PUT", headers: ADMIN, body: JSON.stringify(next) });
  }
  const now = Date.now();
  const events = [];
  let random = 42;
  const next = () => ((random = (random * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < profiles; i += 20) {
    const batch = Array.from({ length: Math.min(20, profiles - i) }, (_, j) => `exp-demo-${i + j}`);
    await Promise.all(batch.map(async (id, j) => {
      const n = i + j;
      const client = { "x-client-key": "demo-client-key", "content-type": "application/json", "cf-connecting-ip": `10.77.${(n >> 8) & 255}.${n & 255}` };
      const { decisions } = await call(`${edgeUrl}/v1/decide`, { method: "POST", headers: client, body: JSON.stringify({ profileId: id, anonymousId: `a-${id}`, placements: ["promo-strip"] }) });
      const decision = decisions[0];
      const shownAt = now - 6 * DAY + Math.floor((n / profiles) * 6 * DAY);
      events.push({ id: crypto.randomUUID(), type: "display", token: decision.token, profileId: id, anonymousId: `a-${id}`, timestamp: shownAt });
      if (next() < (decision.variantId === "gift-wrap" ? 0.16 : 0.12)) {
        events.push({ id: crypto.randomUUID(), type: "conversion", profileId: id, anonymousId: `a-${id}`, timestamp: Math.min(now - 1000, shownAt + 3_600_000) });
      }
    }));
  }
  for (let i = 0; i < events.length; i += 250) {
    const answer = await call(`${edgeUrl}/v1/events`, { method: "POST", headers: { "x-client-key": "demo-client-key", "content-type": "application/json", "cf-connecting-ip": `10.78.0.${i / 250}` }, body: JSON.stringify({ events: events.slice(i, i + 250) }) });
    if (answer.rejected.length) throw new Error(`events rejected: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
  }
  return "promo-test";
}

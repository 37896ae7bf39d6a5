// Prototype keys in every id and key field of every route, and of catalogs, snapshots and events.
// Afterwards the edge is healthy, Object.prototype is untouched, and another profile decides
// exactly as before. (Finding 1 took the whole edge down with one event whose offerId was __proto__.)
import { describe, expect, it } from "vitest";
import { testCatalog } from "../fixtures/catalog.ts";
import { adminHeaders, clientHeaders, fetchApp, json, publish, uid } from "../helpers.ts";

/** Object.prototype as this isolate (the Worker's and its Durable Objects') started with. */
const PRISTINE = Object.getOwnPropertyNames(Object.prototype).sort();

const KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

/** An object whose own keys are `keys` (JSON.parse makes "__proto__" an own key, as a client's body would). */
const withKeys = (keys: string[], value: (key: string) => unknown): Record<string, unknown> =>
  JSON.parse(`{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value(key))}`).join(",")}}`);

/** The test catalog plus offers, placements, audiences, journeys and campaigns named by the hostile keys. */
function hostileCatalog() {
  const catalog = testCatalog() as Record<string, unknown> & ReturnType<typeof testCatalog>;
  const placements = KEYS.map((key) => ({ id: key, format: "message", surface: "web://shop", metadata: withKeys(KEYS, (k) => k) }));
  const offers = KEYS.map((key) => ({
    id: key,
    placements: [key],
    priority: 1,
    eligibility: { and: [{ "!": { audience: key } }, { "!!": [{ var: `profile.${key}` }] }] },
    caps: [{ event: "display", limit: 2, period: "day", scope: "profile" }, { event: "display", limit: 5, period: "lifetime", scope: "global" }],
    message: { layout: "banner", title: `{{profile.${key} | default: "x"}}` },
    metadata: withKeys(KEYS, (k) => ({ [k]: k })),
  }));
  return {
    ...catalog,
    placements: [...catalog.placements, ...placements],
    offers: [...catalog.offers, ...offers],
    audiences: KEYS.map((key) => ({ id: `rt-${key}`, rule: { ">=": [{ history: { name: key, within: "P1D" } }, 1] } })),
    ranking: withKeys(KEYS, () => ({ strategy: "priority", limit: 2 })),
    journeys: KEYS.map((key) => ({ id: key, trigger: { event: key }, steps: [{ set: withKeys(KEYS, (k) => k) }, { message: key }] })),
    campaigns: KEYS.map((key) => ({ id: `c-${key}`, audience: key, offer: key, schedule: { start: "2026-01-01T00:00:00Z", end: "2027-12-01T00:00:00Z" } })),
    metadata: withKeys(KEYS, (k) => k),
  };
}

async function call(method: string, path: string, headers: Record<string, string>, body?: string) {
  const response = await fetchApp(path, { method, headers, ...(body === undefined ? {} : { body }) });
  const text = await response.text();
  return { status: response.status, text };
}

describe("prototype keys everywhere", () => {
  it("are taken or refused with a 4xx, never a 5xx; the edge stays healthy and nothing leaks into Object.prototype", { timeout: 120_000 }, async () => {
    await publish(testCatalog());
    const other = uid("other");
    const baselineBody = JSON.stringify({ profileId: other, anonymousId: "a", placements: ["home-hero", "banner", "global-spot"], context: { locale: "pt-BR", geo: { country: "BR" } } });
    const baseline = (await json(await fetchApp("/v1/decide", { method: "POST", headers: clientHeaders(), body: baselineBody }))).decisions;

    const statuses: string[] = [];
    const expectNo5xx = async (label: string, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
      const result = await call(method, path, headers, body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
      statuses.push(`${result.status} ${label}`);
      expect({ label, status: result.status < 500 }).toEqual({ label, status: true });
      return result;
    };

    // The catalog with hostile ids everywhere publishes (Maps and own keys only, in the engine and the edge).
    const published = await expectNo5xx("catalog", "PUT", "/v1/admin/catalog", adminHeaders(), JSON.stringify(hostileCatalog()));
    expect(published.status).toBe(200);
    await expectNo5xx("catalog validate", "POST", "/v1/admin/catalog/validate", adminHeaders(), JSON.stringify(hostileCatalog()));
    const snapshot = [
      { type: "header", version: uid("hostile"), audiences: KEYS.map((id) => ({ id, name: id })) },
      ...KEYS.map((key) => ({ profileId: key, audiences: [key], attributes: withKeys(KEYS, (k) => k) })),
    ].map((line) => JSON.stringify(line)).join("\n");
    await expectNo5xx("snapshot", "POST", "/v1/admin/snapshots", adminHeaders({ "content-type": "application/x-ndjson" }), snapshot);

    for (const key of KEYS) {
      const properties = withKeys(KEYS, (k) => k);
      for (const who of [{ profileId: key, anonymousId: key }, { anonymousId: key }]) {
        await expectNo5xx(`decide ${key}`, "POST", "/v1/decide", clientHeaders(), {
          ...who, placements: [key, "home-hero", "web-messages"], context: withKeys(KEYS, (k) => ({ [k]: k })), event: { name: key, properties }, explain: true,
        });
        await expectNo5xx(`events ${key}`, "POST", "/v1/events", clientHeaders(), {
          events: ["track", "display", "interact", "dismiss", "suppress", "conversion", "trigger"].map((type) => ({
            id: `${key}-${type}-${uid()}`, type, name: key, offerId: key, placement: key, ...who, timestamp: Date.now(), properties,
          })),
        });
      }
      await expectNo5xx(`profile ${key}`, "GET", `/v1/profile/${encodeURIComponent(key)}`, clientHeaders());
      await expectNo5xx(`simulate ${key}`, "POST", "/v1/admin/simulate", adminHeaders(), {
        profileId: key, placements: [key], profile: withKeys(KEYS, (k) => k), audiences: [key], history: [{ name: key, offerId: key, timestamp: Date.now() }], event: { name: key, properties },
      });
      await expectNo5xx(`stats ${key}`, "GET", `/v1/admin/stats?offerId=${encodeURIComponent(key)}&journeyId=${encodeURIComponent(key)}&campaignId=${encodeURIComponent(key)}`, adminHeaders());
      await expectNo5xx(`catalog version ${key}`, "GET", `/v1/admin/catalog?version=${encodeURIComponent(key)}`, adminHeaders());
      await expectNo5xx(`catalog activate ${key}`, "POST", `/v1/admin/catalog/versions/${encodeURIComponent(key)}/activate`, adminHeaders());
      for (const [method, suffix] of [["GET", ""], ["POST", "/activate"], ["POST", "/commit"], ["DELETE", ""]] as const) {
        await expectNo5xx(`snapshot ${method} ${key}${suffix}`, method, `/v1/admin/snapshots/${encodeURIComponent(key)}${suffix}`, adminHeaders());
      }
      await expectNo5xx(`snapshot part ${key}`, "POST", `/v1/admin/snapshots/${encodeURIComponent(key)}/parts/1`, adminHeaders({ "content-type": "application/x-ndjson" }), `{"type":"header","version":${JSON.stringify(key)}}`);
      await expectNo5xx(`route ${key}`, "GET", `/v1/${encodeURIComponent(key)}`, clientHeaders());
    }
    // The profiles named by hostile keys are readable again (their stored rows load without harm).
    for (const key of KEYS) expect((await call("GET", `/v1/profile/${encodeURIComponent(key)}`, clientHeaders())).status).toBe(200);

    expect((await call("GET", "/v1/health", {})).status).toBe(200);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PRISTINE);
    expect(({} as Record<string, unknown>)["display"]).toBeUndefined();
    expect(({} as Record<string, unknown>)["lifetime"]).toBeUndefined();
    // Another profile decides exactly as before (the hostile offers sit on their own placements).
    const after = (await json(await fetchApp("/v1/decide", { method: "POST", headers: clientHeaders(), body: baselineBody }))).decisions;
    const strip = (decisions: { token: string }[]) => decisions.map(({ token: _t, ...d }) => d);
    expect(strip(after)).toEqual(strip(baseline));
    console.log(`hostile keys: ${statuses.length} requests, statuses ${[...new Set(statuses.map((s) => s.split(" ")[0]))].sort().join(", ")}`);
  });
});

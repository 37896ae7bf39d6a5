// Issue #18's end-to-end proof under wrangler dev: 2,000 profiles decided through /v1/decide,
// exposures and conversions posted through /v1/events with duplicates and retries (each batch sent
// twice); the report's unique-profile counts equal the simulated truth exactly, the observed split
// is within 2 % of the weights, and local decisions (the device's ruleset) agree for every profile.
import { compileDeviceRuleset, decide as decideLocally } from "@edgewise/decision-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge } from "../../scripts/local-edge.mjs";
import { experimentCatalog, experimentEvents, type Decided } from "../fixtures/experiment-run.ts";

const PROFILES = 2_000;
const ADMIN = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };
let edge: Awaited<ReturnType<typeof startEdge>>;
beforeAll(async () => {
  edge = await startEdge();
});
afterAll(() => edge?.stop());

/** Each profile from its own address, as visitors are (one address for all meets the per-address rate limit). */
const from = (n: number) => ({ "x-client-key": "demo-client-key", "content-type": "application/json", "cf-connecting-ip": `10.9.${(n >> 8) & 255}.${n & 255}` });

async function post(path: string, body: unknown, headers: Record<string, string>): Promise<any> {
  const response = await fetch(`${edge.url}${path}`, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

describe("an experiment end to end under wrangler dev", () => {
  it(`${PROFILES} profiles: exact unique counts, the split within 2 % of the weights, local decisions agree`, async () => {
    const experimentId = "hero-test-e2e";
    const published = await fetch(`${edge.url}/v1/admin/catalog`, { method: "PUT", headers: ADMIN, body: JSON.stringify(experimentCatalog(experimentId)) });
    expect(published.status).toBe(200);
    const started = Date.now();
    const ids = Array.from({ length: PROFILES }, (_, i) => `e2e-p${i}`);
    const decided: Decided[] = [];
    for (let i = 0; i < ids.length; i += 20) {
      decided.push(...(await Promise.all(ids.slice(i, i + 20).map(async (id, j) => ({ id, decision: (await post("/v1/decide", { profileId: id, anonymousId: `a-${id}`, placements: ["home-hero"] }, from(i + j))).decisions[0] })))));
    }
    const spring = decided.filter(({ decision }) => decision.variantId === "spring").length / PROFILES;
    console.log(`decided ${PROFILES} profiles in ${((Date.now() - started) / 1000).toFixed(1)} s; observed split: control ${((1 - spring) * 100).toFixed(1)} %, spring ${(spring * 100).toFixed(1)} % (weights 50/50)`);
    expect(Math.abs(spring - 0.5)).toBeLessThan(0.02);

    const device = compileDeviceRuleset(await (await fetch(`${edge.url}/v1/ruleset`, { headers: from(0) })).json());
    const disagreements = decided.filter(({ id, decision }) => {
      const [local] = decideLocally(device, { profile: { id }, placements: ["home-hero"] }).decisions;
      return local!.offerId !== decision.offerId || local!.variantId !== decision.variantId;
    });
    expect(disagreements).toEqual([]);

    const { events, expected } = experimentEvents(decided, experimentId, Date.now());
    let accepted = 0;
    for (let i = 0; i < events.length; i += 250) {
      const batch = events.slice(i, i + 250);
      const first = await post("/v1/events", { events: batch }, from(i));
      expect(first.rejected).toEqual([]);
      accepted += first.accepted;
      // The same batch again, as a client retries after a lost answer: every event a duplicate.
      expect(await post("/v1/events", { events: batch }, from(i + 1))).toMatchObject({ accepted: 0, duplicates: batch.length });
    }
    expect(accepted).toBe(events.length);

    const deadline = Date.now() + 90_000;
    let report: any;
    for (;;) {
      report = await (await fetch(`${edge.url}/v1/admin/experiments/${experimentId}`, { headers: ADMIN })).json();
      const got = report.variants.map(({ id, exposures, conversions }: any) => ({ id, exposures, conversions }));
      if (JSON.stringify(got) === JSON.stringify(expected) || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    console.log(`${events.length} events (each sent twice); truth ${JSON.stringify(expected)}; report ${JSON.stringify(report.variants)}; srm ${JSON.stringify(report.srm)}`);
    expect(report.variants.map(({ id, exposures, conversions }: any) => ({ id, exposures, conversions }))).toEqual(expected);
    expect(report.srm.mismatch).toBe(false);
  }, 300_000);
});

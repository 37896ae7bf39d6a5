// Experiments in workerd: decisions through /v1/decide, exposures and conversions through
// /v1/events (tokens and device displays, duplicates, retries, conversions that must not count);
// the report's unique-profile counts equal the truth exactly. The 2,000-profile proof runs the same
// under wrangler dev (test/dev/experiments.test.ts): hundreds of Durable Objects slow the test pool.
import { compileDeviceRuleset, decide as decideLocally } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { experimentCatalog, experimentEvents, type Decided } from "./fixtures/experiment-run.ts";
import { adminHeaders, CLIENT_KEY, eventually, fetchApp, publish, uid } from "./helpers.ts";

async function postApp(path: string, body: unknown, headers: Record<string, string> = { "x-client-key": CLIENT_KEY, "content-type": "application/json" }): Promise<any> {
  const response = await fetchApp(path, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${text}`);
  return JSON.parse(text);
}

const twoVariants = (id: string) => ({
  placements: [{ id: "home-hero", format: "json" }],
  offers: [{ id: "a", placements: ["home-hero"], content: {} }, { id: "b", placements: ["home-hero"], content: {} }],
  experiments: [{ id, placement: "home-hero", variants: [{ id: "x", offer: "a", weight: 1 }, { id: "y", offer: "b", weight: 1 }], start: "2026-01-01T00:00:00Z" }],
});

describe("experiments at the edge (workerd)", () => {
  it("counts unique exposures and attributed conversions exactly, and agrees with local decisions", async () => {
    const experimentId = "hero-test-workerd";
    await publish(experimentCatalog(experimentId));
    const ids = Array.from({ length: 100 }, (_, i) => `workerd-p${i}`);
    const decided: Decided[] = await Promise.all(ids.map(async (id) => ({ id, decision: (await postApp("/v1/decide", { profileId: id, anonymousId: `a-${id}`, placements: ["home-hero"] })).decisions[0] })));
    const ruleset = await (await fetchApp("/v1/ruleset", { headers: { "x-client-key": CLIENT_KEY } })).json();
    const device = compileDeviceRuleset(ruleset);
    for (const { id, decision } of decided) {
      expect(decision).toMatchObject({ experimentId, offerId: decision.variantId === "control" ? "default-hero" : "spring" });
      const [local] = decideLocally(device, { profile: { id }, placements: ["home-hero"] }).decisions;
      expect([local!.offerId, local!.variantId]).toEqual([decision.offerId, decision.variantId]);
    }
    const { events, expected } = experimentEvents(decided, experimentId, Date.now());
    const first = await postApp("/v1/events", { events });
    expect(first.rejected).toEqual([]);
    expect(await postApp("/v1/events", { events })).toMatchObject({ accepted: 0, duplicates: events.length });
    const report = await eventually(async () => {
      const body = await (await fetchApp(`/v1/admin/experiments/${experimentId}`, { headers: adminHeaders() })).json<any>();
      const got = body.variants.map(({ id, exposures, conversions }: any) => ({ id, exposures, conversions }));
      return JSON.stringify(got) === JSON.stringify(expected) ? body : undefined;
    }, 30_000);
    expect(report).toMatchObject({ id: experimentId, status: "running", control: "control", metric: "conversion", attributionWindowDays: 7, srm: { mismatch: false } });
    expect(report.variants[0]).toMatchObject({ id: "control", lift: null, interval: null, significant: false });
    expect(report.variants[1].interval).toHaveLength(2);
    // Daily, cumulative: the last day holds every exposure.
    expect(report.daily.at(-1).variants.map((v: any) => v.exposures)).toEqual(expected.map((v) => v.exposures));
    const list = await (await fetchApp("/v1/admin/experiments", { headers: adminHeaders() })).json<any>();
    expect(list.experiments).toEqual([expect.objectContaining({ id: experimentId, status: "running", exposures: expected[0]!.exposures + expected[1]!.exposures })]);
  }, 60_000);

  it("refuses a display naming a variant no catalog has, and a report of an unknown experiment", async () => {
    const id = uid("exp");
    await publish(twoVariants(id));
    const answer = await postApp("/v1/events", { events: [{ id: crypto.randomUUID(), type: "display", offerId: "a", anonymousId: "a-1", timestamp: Date.now(), experimentId: id, variantId: "zzz" }] });
    expect(answer.rejected).toEqual([{ index: 0, error: expect.objectContaining({ code: "unknown_variant", path: "$.events[0].variantId" }) }]);
    // A variant that shows nothing: the device reports its exposure by naming experiment and variant alone.
    const nothing = await postApp("/v1/events", { events: [{ id: crypto.randomUUID(), type: "display", placement: "home-hero", anonymousId: "a-2", timestamp: Date.now(), experimentId: id, variantId: "y" }] });
    expect(nothing).toMatchObject({ accepted: 1, rejected: [] });
    // With a token, the experiment and variant the event names must be the token's.
    const decided = await postApp("/v1/decide", { profileId: "p-mismatch", anonymousId: "a-m", placements: ["home-hero"] });
    const other = decided.decisions[0].variantId === "x" ? "y" : "x";
    const mismatch = await postApp("/v1/events", { events: [{ id: crypto.randomUUID(), type: "display", token: decided.decisions[0].token, profileId: "p-mismatch", anonymousId: "a-m", timestamp: Date.now(), experimentId: id, variantId: other }] });
    expect(mismatch.rejected).toEqual([{ index: 0, error: expect.objectContaining({ code: "token_mismatch", path: "$.events[0].experimentId" }) }]);
    const missing = await fetchApp("/v1/admin/experiments/nope", { headers: adminHeaders() });
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe("unknown_experiment");
  });

  it("stops an experiment and ships the winner: a new catalog where its offer leads the placement", async () => {
    const id = uid("exp");
    await publish(twoVariants(id));
    const stop = (body: unknown) => fetchApp(`/v1/admin/experiments/${id}/stop`, { method: "POST", headers: adminHeaders(), body: JSON.stringify(body) });
    expect((await (await stop({ ship: "zzz" })).json<any>()).error).toMatchObject({ code: "invalid_body", path: "$.ship" });
    const shipped = await stop({ ship: "y" });
    expect(shipped.status).toBe(200);
    const { catalog } = await (await fetchApp("/v1/admin/catalog", { headers: adminHeaders() })).json<any>();
    expect(catalog.experiments[0].end).toBeDefined();
    expect(catalog.offers.find((o: any) => o.id === "b").priority).toBe(1);
    // Everyone now sees the shipped offer, outside any experiment; the report stays readable.
    const answer = await postApp("/v1/decide", { profileId: "after-1", anonymousId: "a", placements: ["home-hero"] });
    expect(answer.decisions[0]).toEqual(expect.objectContaining({ offerId: "b" }));
    expect(answer.decisions[0].experimentId).toBeUndefined();
    expect((await (await fetchApp(`/v1/admin/experiments/${id}`, { headers: adminHeaders() })).json<any>()).status).toBe("ended");
    expect((await stop({})).status).toBe(409);
  });

  it("reports the holdout: held-out profiles (fallbacks only) against the treated, counted exactly", async () => {
    await publish({
      placements: [{ id: "home-hero", format: "json" }],
      offers: [{ id: "fallback", placements: [], content: {} }, { id: "sale", placements: ["home-hero"], content: {} }],
      fallbacks: { "home-hero": "fallback" },
      holdout: { percent: 50 },
    });
    const ids = Array.from({ length: 60 }, (_, i) => `holdout-p${i}`);
    const decided = await Promise.all(ids.map(async (id) => ({ id, decision: (await postApp("/v1/decide", { profileId: id, anonymousId: `a-${id}`, placements: ["home-hero"] })).decisions[0] })));
    const truth = { holdout: { exposures: 0, conversions: 0 }, treated: { exposures: 0, conversions: 0 } };
    const events: unknown[] = [];
    decided.forEach(({ id, decision }, i) => {
      const group = decision.holdout ? truth.holdout : truth.treated;
      expect(decision.offerId).toBe(decision.holdout ? "fallback" : "sale");
      events.push({ id: crypto.randomUUID(), type: "display", token: decision.token, profileId: id, anonymousId: `a-${id}`, timestamp: Date.now() - 60_000 });
      group.exposures++;
      if (i % 3 === 0) {
        events.push({ id: crypto.randomUUID(), type: "conversion", profileId: id, anonymousId: `a-${id}`, timestamp: Date.now() - 1000 });
        group.conversions++;
      }
    });
    expect(truth.holdout.exposures).toBeGreaterThan(15);
    expect((await postApp("/v1/events", { events })).rejected).toEqual([]);
    const expected = [{ id: "holdout", ...truth.holdout }, { id: "treated", ...truth.treated }];
    const report = await eventually(async () => {
      const body = await (await fetchApp("/v1/admin/experiments/holdout", { headers: adminHeaders() })).json<any>();
      const got = body.variants?.map(({ id, exposures, conversions }: any) => ({ id, exposures, conversions }));
      return JSON.stringify(got) === JSON.stringify(expected) ? body : undefined;
    }, 30_000);
    expect(report).toMatchObject({ id: "holdout", control: "holdout", metric: "conversion" });
    expect((await fetchApp("/v1/admin/experiments/holdout/stop", { method: "POST", headers: adminHeaders(), body: "{}" })).status).toBe(409);
  });

  it("simulates a forced variant for QA", async () => {
    const id = uid("exp");
    await publish(twoVariants(id));
    for (const variant of ["x", "y"]) {
      const body = await postApp("/v1/admin/simulate", { profileId: "qa-1", placements: ["home-hero"], variants: { [id]: variant } }, adminHeaders());
      expect(body.decisions[0]).toMatchObject({ offerId: variant === "x" ? "a" : "b", experimentId: id, variantId: variant });
      expect(body.decisions[0].explanation.assignment).toBe(`experiment ${id}, variant ${variant}`);
    }
  });
});

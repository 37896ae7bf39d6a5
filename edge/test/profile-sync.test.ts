import { clientRuleset, compileCatalog, compileRuleset, decide as decideLocally, type CatalogJson } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { clearGlobalCountsCache } from "../src/adapters/global-counts.ts";
import { clientHeaders, event, fetchEdge, importSnapshot, json, publish, sendEvents, uid } from "./helpers.ts";
import { instancesOf, journeyStatsEventually, orchestrationCatalog, track } from "./journeys-helpers.ts";

// A device in local mode decides from GET /v1/ruleset and GET /v1/profile/:id. These tests play
// that device with the engine itself, against the real edge.

async function sync(profileId: string) {
  const response = await fetchEdge(`/v1/profile/${profileId}`, { headers: clientHeaders() });
  expect(response.status).toBe(200);
  return json(response);
}

async function deviceCatalog() {
  const response = await fetchEdge("/v1/ruleset", { headers: clientHeaders() });
  return compileRuleset((await response.json()) as CatalogJson);
}

describe("GET /v1/profile/:id for local decisions", () => {
  it("lists a journey's pending message; the device shows it and its display event delivers it", async () => {
    const journeyId = uid("sync");
    const catalog = orchestrationCatalog({
      journeys: [{ id: journeyId, trigger: { event: "cart.add" }, steps: [{ message: "cart-reminder" }, { wait_for: { event: "display", timeout: "P3D" } }] }],
    });
    await publish(catalog);
    const profileId = uid("p");
    expect((await sync(profileId)).pending).toEqual([]);
    await track(profileId, "cart.add");
    const synced = await sync(profileId);
    expect(synced.pending).toEqual(["cart-reminder"]);

    // The ruleset carries the offer, marked orchestrated: shown only because the sync lists it.
    const device = await deviceCatalog();
    expect(device.offers.get("cart-reminder")!.orchestrated).toBe(true);
    expect(JSON.parse(JSON.stringify(clientRuleset(compileCatalog(catalog))))).toEqual(JSON.parse(JSON.stringify(device.source)));
    const input = { placements: ["web-messages"], profile: { id: profileId }, history: synced.history, now: Date.now() };
    expect(decideLocally(device, input).decisions[0]!.offerId).toBeNull();
    expect(decideLocally(device, { ...input, pending: synced.pending }).decisions[0]).toMatchObject({ offerId: "cart-reminder", fallback: false });

    // A display without a decision token (decided on the device) delivers it: no longer pending,
    // the journey's wait_for display completes, and the step counts it delivered and displayed.
    const shown = event({ type: "display", offerId: "cart-reminder", placement: "web-messages", profileId, anonymousId: `a-${profileId}` });
    expect((await sendEvents([shown])).accepted).toBe(1);
    expect((await sync(profileId)).pending).toEqual([]);
    expect(await instancesOf(profileId)).toEqual([]);
    const stats = await journeyStatsEventually(journeyId, (j) => j.completed === 1 && j.displayed === 1);
    expect(stats).toMatchObject({ entered: 1, completed: 1, delivered: 1, displayed: 1 });
  });

  it("lists an open campaign for a profile in its audience, once", async () => {
    const campaignId = uid("camp");
    const now = Date.now();
    await publish(
      orchestrationCatalog({
        campaigns: [{ id: campaignId, audience: "vip", offer: "spring-sale", schedule: { start: new Date(now - 3_600_000).toISOString(), end: new Date(now + 86_400_000).toISOString() } }],
      }),
    );
    const [vip, other] = [uid("vip"), uid("other")];
    expect((await importSnapshot(uid("sync-snap"), [{ profileId: vip, audiences: ["vip"], attributes: {} }, { profileId: other, audiences: [], attributes: {} }])).status).toBe(201);
    expect((await sync(vip)).pending).toEqual(["spring-sale"]);
    expect((await sync(other)).pending).toEqual([]);
    await sendEvents([event({ type: "display", offerId: "spring-sale", placement: "home-hero", profileId: vip })]);
    expect((await sync(vip)).pending).toEqual([]);
  });

  it("includes real-time audiences that hold now, attributes and the global cap counts of capped offers", async () => {
    const base = orchestrationCatalog();
    await publish({
      ...base,
      offers: [
        ...(base.offers as unknown[]),
        { id: "limited", placements: ["home-hero"], content: { html: "x" }, caps: [{ event: "display", limit: 100, period: "lifetime", scope: "global" }] },
      ],
      audiences: [{ id: "cart-recent", rule: { ">=": [{ history: { name: "cart.add", within: "PT24H" } }, 1] } }],
    });
    const profileId = uid("rt");
    expect((await sync(profileId)).audiences).toEqual([]);
    await track(profileId, "cart.add");
    await sendEvents([event({ type: "display", offerId: "limited", placement: "home-hero", profileId })]);
    clearGlobalCountsCache(); // counts are cached for up to GLOBAL_COUNTS_CACHE_MS
    const body = await sync(profileId);
    expect(body.audiences).toEqual(["cart-recent"]);
    expect(body.attributes).toEqual({});
    expect(body.globalCounts).toEqual({ limited: expect.objectContaining({ display: 1 }) });
    const device = await deviceCatalog();
    expect(device.audiences.map((a) => a.id)).toEqual(["cart-recent"]);
  });
});

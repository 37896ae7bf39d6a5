// DESIGN.md, "Channels and message delivery": a journey or campaign message leaves `pending` only
// through its display, only on the asking channel; `suppress` consumes no cap and no delivery.
import { describe, expect, it } from "vitest";
import { decide, event, fetchEdge, json, publish, sendEvents } from "./helpers.ts";
import { advance, journeyStatsEventually, MINUTE, orchestrationCatalog, report, track, uid } from "./journeys-helpers.ts";

/** The orchestration catalog with an app message placement, and the journey's message offer on both channels. */
function twoChannelCatalog(journeyId: string, capped = false) {
  const catalog = orchestrationCatalog({
    journeys: [{ id: journeyId, trigger: { event: "cart.add" }, steps: [{ wait: "PT1M" }, { message: "both-channels" }] }],
    offers: [
      {
        id: "both-channels",
        placements: ["web-messages", "app-messages"],
        message: { layout: "slideup", title: "Your cart misses you" },
        ...(capped ? { caps: [{ event: "display", limit: 1, period: "week", scope: "profile" }] } : {}),
      },
    ],
  });
  (catalog["placements"] as unknown[]).push({ id: "app-messages", surface: "mobileapp://com.example.shop", format: "message" });
  return catalog;
}

async function pendingMessage(capped = false) {
  const journeyId = uid("j");
  await publish(twoChannelCatalog(journeyId, capped));
  const profileId = uid("p");
  await track(profileId, "cart.add");
  await advance(profileId, 2 * MINUTE);
  return { journeyId, profileId };
}

const ask = (profileId: string, channel: string | undefined, placements = ["web-messages", "app-messages"]) =>
  decide({ profileId, anonymousId: `a-${profileId}`, placements, ...(channel ? { context: { channel } } : {}) });

async function profileOf(profileId: string) {
  return json(await fetchEdge(`/v1/profile/${profileId}`, { headers: { "x-client-key": "test-client-key" } }));
}

describe("message delivery", () => {
  it("delivers a pending message only on the asking channel's placements (the engine decides by surface scheme)", async () => {
    const { profileId } = await pendingMessage();
    const web = await ask(profileId, "web");
    expect(web.decisions.map((d) => [d.placement, d.offerId])).toEqual([["web-messages", "both-channels"], ["app-messages", null]]);
    expect(web.decisions[0]).toMatchObject({ orchestrated: true });
    // Leased to that decision: the app does not get it meanwhile, nor a second web page.
    expect((await ask(profileId, "app")).decisions.map((d) => d.offerId)).toEqual([null, null]);
    // The web page's pacing suppresses it: the lease ends and the app may show it at once.
    expect((await report(profileId, "suppress", web.decisions[0]!.token)).accepted).toBe(1);
    const app = await ask(profileId, "app");
    expect(app.decisions.map((d) => [d.placement, d.offerId])).toEqual([["web-messages", null], ["app-messages", "both-channels"]]);
  });

  it("keeps a message pending through decisions and suppressions; only its display delivers it, once", async () => {
    const { journeyId, profileId } = await pendingMessage();
    for (let i = 0; i < 3; i++) {
      const [decision] = (await ask(profileId, "web", ["web-messages"])).decisions;
      expect(decision!.offerId).toBe("both-channels");
      expect((await report(profileId, "suppress", decision!.token)).accepted).toBe(1);
    }
    expect((await profileOf(profileId)).pending).toEqual(["both-channels"]);
    const [shown] = (await ask(profileId, "web", ["web-messages"])).decisions;
    expect((await report(profileId, "display", shown!.token)).accepted).toBe(1);
    expect((await profileOf(profileId)).pending).toEqual([]);
    expect((await ask(profileId, "web")).decisions.map((d) => d.offerId)).toEqual([null, null]);
    const stats = await journeyStatsEventually(journeyId, (j) => j.delivered === 1 && j.displayed === 1);
    expect(stats).toMatchObject({ delivered: 1, displayed: 1 });
  });

  it("a decision that is never answered releases its lease after a minute", async () => {
    const { profileId } = await pendingMessage();
    expect((await ask(profileId, "web", ["web-messages"])).decisions[0]!.offerId).toBe("both-channels");
    expect((await ask(profileId, "web", ["web-messages"])).decisions[0]!.offerId).toBeNull();
    await advanceLeases(profileId, MINUTE + 1);
    expect((await ask(profileId, "web", ["web-messages"])).decisions[0]!.offerId).toBe("both-channels");
  });

  it("a suppressed decision consumes no cap: its reservation goes and the offer is shown next time", async () => {
    const { profileId } = await pendingMessage(true);
    const [first] = (await ask(profileId, "web", ["web-messages"])).decisions;
    expect((await profileOf(profileId)).caps["both-channels"]?.display).toMatchObject({ week: 1 }); // reserved
    await report(profileId, "suppress", first!.token);
    expect((await profileOf(profileId)).caps["both-channels"]?.display?.week ?? 0).toBe(0);
    const [second] = (await ask(profileId, "web", ["web-messages"])).decisions;
    expect(second!.offerId).toBe("both-channels");
    await report(profileId, "display", second!.token);
    expect((await profileOf(profileId)).caps["both-channels"]?.display).toMatchObject({ week: 1, lifetime: 1 });
  });

  it("a suppress without a token (hybrid mode: the device's own decision of the same showing) ends the edge decision's lease and reservation", async () => {
    const { profileId } = await pendingMessage(true);
    const [edge] = (await ask(profileId, "web", ["web-messages"])).decisions;
    expect(edge!.offerId).toBe("both-channels");
    expect((await profileOf(profileId)).caps["both-channels"]?.display).toMatchObject({ week: 1 });
    await sendEvents([event({ type: "suppress", offerId: "both-channels", profileId, anonymousId: `a-${profileId}` })]);
    expect((await profileOf(profileId)).caps["both-channels"]?.display?.week ?? 0).toBe(0);
    expect((await ask(profileId, "web", ["web-messages"])).decisions[0]!.offerId).toBe("both-channels");
  });
});

/** Moves this profile's pending-message leases `ms` into the past. */
async function advanceLeases(profileId: string, ms: number) {
  const { runInDurableObject } = await import("cloudflare:test");
  const { profileStub } = await import("./journeys-helpers.ts");
  await runInDurableObject(profileStub(profileId), (_i, state) => state.storage.sql.exec("UPDATE j_leases SET until = until - ?", ms));
}

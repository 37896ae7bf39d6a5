import { describe, expect, it } from "vitest";
import { CATALOG, cleanUp, fakeEdge, manualClock, mobile, netInfo, settle, stored } from "../helpers.ts";

const VIP = { profileId: "u-1", audiences: ["vip"], attributes: { firstName: "Ana" }, history: [] };

/** A first run with the network: caches the ruleset and the profile, then the app is closed. */
async function firstRun(mode: "local" | "hybrid" | "edge" = "local", profileId: string | null = "u-1") {
  const edge = fakeEdge(CATALOG);
  edge.state.profile = VIP;
  const clock = manualClock();
  const run = mobile({ mode, edge, clock, ...(profileId ? { profileId } : {}) });
  await run.client.ready;
  await clock.advance(5000);
  run.client.stop();
  clock.set(clock.now() + 2 * 3_600_000); // later, on a train
  return { edge, clock };
}

describe("offline first", () => {
  it("with no network, decides from the cached ruleset and profile state and still shows triggered messages", async () => {
    const { edge, clock } = await firstRun();
    edge.state.offline = true;
    const { client, ids } = mobile({ mode: "local", edge, clock });
    const offers = await client.getOffers(["app-home"]);
    expect(offers).toEqual([expect.objectContaining({ offerId: "vip-card", content: expect.objectContaining({ title: "VIP Ana" }) })]);
    await clock.advance(1000);
    expect(ids()).toEqual(["welcome-back"]); // app.launch, decided on the device
    expect((await client.track("cart.add"))).toBeUndefined(); // paced: 30 s since the last message
    await clock.advance(30_000);
    expect((await client.track("cart.add"))?.offerId).toBe("cart-nudge");
  });

  it("edge and hybrid modes fall back to the cached ruleset when the edge cannot be reached", async () => {
    // Each mode on its own device (nothing stored by the other), after the other's clients ended.
    // Hybrid mode also caches the profile's state: the VIP's offer. Edge mode caches only the
    // ruleset: an anonymous visitor gets the ruleset's offer for anyone.
    for (const [mode, profileId, offerId] of [["hybrid", "u-1", "vip-card"], ["edge", null, "home-card"]] as const) {
      await cleanUp();
      const { edge, clock } = await firstRun(mode, profileId);
      edge.state.offline = true;
      const { client } = mobile({ mode, edge, clock });
      expect((await client.getOffers(["app-home"])).map((o) => o.offerId)).toEqual([offerId]);
    }
  });

  it("queues events in AsyncStorage while offline, keeps them through restarts, and sends each once when the network returns", async () => {
    const { edge, clock } = await firstRun();
    const before = edge.received.size;
    edge.state.offline = true;

    const second = mobile({ mode: "local", edge, clock });
    await second.client.ready;
    for (let i = 0; i < 3; i++) await second.client.track("offline.tick", { i });
    await clock.advance(60_000); // retries fail with backoff
    second.app.go("background"); // the flush on background fails too
    await settle();
    second.client.stop();
    const queued = (stored()["@edgewise:ew:q"] as { name?: string }[]).map((e) => e.name);
    expect(queued).toEqual(expect.arrayContaining(["app.launch", "offline.tick", "offline.tick", "offline.tick"]));

    clock.set(clock.now() + 3_600_000);
    const net = netInfo(false);
    const third = mobile({ mode: "local", edge, clock, connectivity: net });
    await third.client.ready;
    await third.client.track("offline.tick", { i: 3 });
    await clock.advance(10_000);
    expect(edge.received.size).toBe(before);
    expect((stored()["@edgewise:ew:q"] as unknown[]).length).toBeGreaterThanOrEqual(queued.length + 1);

    edge.state.offline = false;
    net.set(true);
    await clock.advance(0);
    const ticks = edge.eventsOf("track").filter((e) => e.name === "offline.tick");
    expect(ticks.map((e) => e.properties.i)).toEqual([0, 1, 2, 3]);
    const sentIds = edge.requests("/v1/events").flatMap((c) => c.body.events.map((e: { id: string }) => e.id));
    expect(new Set(sentIds).size).toBe(edge.received.size);
    expect(stored()["@edgewise:ew:q"]).toEqual([]);
  });

  it("sends what waited as soon as the app returns to the foreground, without waiting for the backoff", async () => {
    const { edge, clock } = await firstRun();
    edge.state.offline = true;
    const { client, app } = mobile({ mode: "local", edge, clock });
    await client.ready;
    await client.track("cart.add", { sku: "A1" });
    await clock.advance(120_000); // attempts after about 1, 2, 4, 8, 16, 32 and 64 s: the next one is a minute or more away
    app.go("background"); // the flush on background fails too
    await settle();
    clock.set(clock.now() + 10_000); // suspended; meanwhile the network is back
    edge.state.offline = false;
    app.go("active");
    await clock.advance(0); // no time passes: the retry does not wait for its backoff
    expect(edge.tracked()).toEqual(["app.launch", "app.launch", "cart.add", "app.foreground"]);
  });

  it("a restart delivers events queued before the app was killed", async () => {
    const { edge, clock } = await firstRun();
    edge.state.offline = true;
    const killed = mobile({ mode: "local", edge, clock });
    await killed.client.track("purchase", { total: 30 });
    await clock.advance(5000);
    killed.client.stop();
    edge.state.offline = false;
    const next = mobile({ mode: "local", edge, clock });
    await next.client.ready;
    await clock.advance(0);
    expect(edge.eventsOf("track").filter((e) => e.name === "purchase")).toEqual([expect.objectContaining({ properties: { total: 30 } })]);
  });

  it("keeps caps between syncs from the device's own history, also offline", async () => {
    const edge = fakeEdge({
      ...CATALOG,
      offers: [{ id: "once", placements: ["app-messages"], trigger: { event: "cart.add" }, caps: [{ event: "display", limit: 1, period: "day", scope: "profile" }], message: { layout: "banner", title: "Once a day" } }],
    });
    edge.state.offline = true;
    const { client, ids } = mobile({ mode: "local", edge, minInterval: 0 });
    // no ruleset cached yet and no network: nothing to decide with, and no error
    expect(await client.track("cart.add")).toBeUndefined();
    edge.state.offline = false;
    await client.refresh();
    edge.state.offline = true;
    await client.track("cart.add");
    await client.track("cart.add");
    expect(ids()).toEqual(["once"]);
  });
});

import { describe, expect, it } from "vitest";
import { fakeEdge, CATALOG, mobile, settle, storage, stored } from "../helpers.ts";

const keys = () => Object.keys(storage.__INTERNAL_MOCK_STORAGE__).sort();

describe("consent", () => {
  it("pending: nothing is written to AsyncStorage and nothing is sent; decisions and messages still work", async () => {
    const { client, edge, clock, app, ids } = mobile({ mode: "local", consent: "pending" });
    await client.ready;
    await client.track("cart.add", { sku: "A1" });
    app.go("background");
    app.go("active");
    await clock.advance(60_000);
    await client.flush();
    expect(keys()).toEqual([]);
    expect(edge.requests("/v1/events")).toEqual([]);
    expect(ids()).toEqual(["welcome-back"]);
    expect((await client.getOffers(["app-home"])).map((o) => o.offerId)).toEqual(["home-card"]);
  });

  it("pending → in: the identity, session and waiting events are stored, then sent", async () => {
    const { client, edge, clock } = mobile({ mode: "local", consent: "pending" });
    await client.ready;
    await client.track("cart.add", { sku: "A1" });
    await client.setConsent("in");
    await clock.advance(1000);
    expect(keys()).toEqual(["@edgewise:ew:m", "@edgewise:ew:q", "@edgewise:ew:r", "@edgewise:ew:s"]);
    expect(stored()["@edgewise:ew:m"]).toMatchObject({ id: client.session().id });
    expect(edge.tracked()).toEqual(["app.launch", "cart.add"]);
  });

  it("out: the queue is dropped, everything stored is deleted, and no request is made", async () => {
    const edge = fakeEdge(CATALOG);
    const { client, clock, app } = mobile({ mode: "local", edge });
    await client.ready;
    await clock.advance(2000);
    edge.state.offline = true;
    await client.track("cart.add");
    await clock.advance(1000);
    expect((stored()["@edgewise:ew:q"] as { name?: string }[]).map((e) => e.name)).toContain("cart.add");
    edge.state.offline = false;

    await client.setConsent("out");
    await settle();
    expect(keys()).toEqual([]);
    const calls = edge.calls.length;
    expect(await client.track("cart.add")).toBeUndefined();
    expect(await client.getOffers(["app-home"])).toEqual([]);
    app.go("background");
    app.go("active");
    await clock.advance(600_000);
    await client.flush();
    expect(edge.calls.length).toBe(calls);
    expect(keys()).toEqual([]);
  });

  it("starting with consent out reads nothing back, sends nothing and deletes what an earlier run stored", async () => {
    const first = mobile({ mode: "local" });
    await first.client.ready;
    await first.clock.advance(2000);
    first.client.stop();
    expect(keys().length).toBeGreaterThan(0);

    const edge = fakeEdge(CATALOG);
    const { client, clock, shown } = mobile({ mode: "local", consent: "out", edge });
    await client.ready;
    await clock.advance(10_000);
    expect(edge.calls).toEqual([]);
    expect(shown).toEqual([]);
    expect(keys()).toEqual([]);
  });
});

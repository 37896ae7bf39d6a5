import { describe, expect, it } from "vitest";
import { appState, CATALOG, fakeEdge, manualClock, mobile, netInfo, settle, stored } from "../helpers.ts";

const MIN = 60_000;


describe("sessions and lifecycle events", () => {
  it("tracks app.launch once at start, with a new session", async () => {
    const { client, edge, clock } = mobile({ mode: "local" });
    await client.ready;
    await clock.advance(2000);
    const [launch] = edge.eventsOf("track");
    expect(launch).toMatchObject({ name: "app.launch", properties: { sessionId: client.session().id, newSession: true } });
    expect(edge.tracked()).toEqual(["app.launch"]);
  });

  it("continues the session after less than 30 minutes in the background, and starts a new one after 30", async () => {
    const { client, edge, clock, app } = mobile({ mode: "local" });
    await client.ready;
    await clock.advance(1000);
    const first = client.session().id;

    app.go("background");
    clock.set(clock.now() + 30 * MIN - 1);
    app.go("active");
    await clock.advance(1000);
    expect(client.session().id).toBe(first);

    app.go("background");
    clock.set(clock.now() + 30 * MIN);
    app.go("active");
    await clock.advance(1000);
    expect(client.session().id).not.toBe(first);

    const foregrounds = edge.eventsOf("track").filter((e) => e.name === "app.foreground");
    expect(foregrounds.map((e) => e.properties)).toEqual([
      { sessionId: first, newSession: false, backgroundMs: 30 * MIN - 1 },
      { sessionId: client.session().id, newSession: true, backgroundMs: 30 * MIN },
    ]);
  });

  it("counts only background time: hours in the foreground do not end a session", async () => {
    const { client, clock, app } = mobile({ mode: "local" });
    await client.ready;
    const first = client.session().id;
    await clock.advance(5 * 60 * MIN);
    app.go("background");
    await clock.advance(10 * MIN);
    app.go("active");
    await settle();
    expect(client.session().id).toBe(first);
  });

  it("ignores inactive (iOS app switcher) and repeated states", async () => {
    const { client, edge, clock, app } = mobile({ mode: "local" });
    await client.ready;
    app.go("inactive");
    app.go("active");
    app.go("active");
    await clock.advance(2000);
    expect(edge.tracked()).toEqual(["app.launch"]);
    app.go("inactive");
    app.go("background");
    app.go("background");
    app.go("inactive");
    app.go("active");
    await clock.advance(2000);
    expect(edge.tracked()).toEqual(["app.launch", "app.foreground"]);
  });

  it("a restart within 30 minutes continues the session; a later one starts a new session", async () => {
    const clock = manualClock();
    const a = mobile({ mode: "local", clock });
    await a.client.ready;
    const first = a.client.session().id;
    a.app.go("background");
    await settle();
    a.client.stop();
    expect(stored()["@edgewise:ew:m"]).toMatchObject({ id: first, background: clock.now() });

    clock.set(clock.now() + 20 * MIN);
    const b = mobile({ mode: "local", clock, edge: a.edge });
    await b.client.ready;
    expect(b.client.session().id).toBe(first);
    await settle(); // its app.launch
    b.client.stop();

    clock.set(clock.now() + 31 * MIN); // killed in the foreground: "seen" is when it was last active
    const c = mobile({ mode: "local", clock, edge: a.edge });
    await c.client.ready;
    expect(c.client.session().id).not.toBe(first);
    await clock.advance(2000);
    const launches = a.edge.eventsOf("track").filter((e) => e.name === "app.launch");
    expect(launches.map((e) => e.properties.newSession)).toEqual([true, false, true]);
  });

  it("a start in the background (background fetch, push) waits for the foreground to track app.launch", async () => {
    const app = appState("background");
    const { client, edge, clock, shown } = mobile({ mode: "local", app });
    await client.ready;
    await clock.advance(5000);
    expect(edge.tracked()).toEqual([]);
    expect(shown).toEqual([]);
    expect(edge.requests("/v1/ruleset").length).toBe(1);
    clock.set(clock.now() + 45 * MIN);
    app.go("active");
    await clock.advance(2000);
    expect(edge.tracked()).toEqual(["app.launch"]);
    expect(edge.eventsOf("track")[0].properties.newSession).toBe(true);
    expect(shown.map((d) => d.offerId)).toEqual(["welcome-back"]);
    expect(edge.requests("/v1/ruleset").length).toBe(2); // revalidated: the cached one is 45 minutes old
  });

  it("flushes queued events when the app goes to the background", async () => {
    const { client, edge, clock, app } = mobile({ mode: "local", batchDelay: 60_000 });
    await client.ready;
    await clock.advance(61_000);
    void client.track("cart.add", { sku: "A1" });
    await settle();
    expect(edge.tracked()).not.toContain("cart.add"); // still batching
    app.go("background");
    await settle();
    expect(edge.tracked()).toContain("cart.add");
    expect(stored()["@edgewise:ew:q"]).toEqual([]);
  });

  it("revalidates the ruleset on foreground or reconnect when it is older than 5 minutes", async () => {
    const net = netInfo(true);
    const { client, edge, clock, app } = mobile({ mode: "local", connectivity: net });
    await client.ready;
    await clock.advance(1000);
    const rulesets = () => edge.requests("/v1/ruleset").length;
    expect(rulesets()).toBe(1);
    app.go("background");
    clock.set(clock.now() + 2 * MIN);
    app.go("active");
    await clock.advance(1000);
    expect(rulesets()).toBe(1);
    app.go("background");
    clock.set(clock.now() + 4 * MIN);
    app.go("active");
    await clock.advance(1000);
    expect(rulesets()).toBe(2);
    expect(edge.requests("/v1/ruleset")[1]!.headers["if-none-match"]).toBe('"v1"');
    net.set(false);
    await clock.advance(6 * MIN);
    net.set(true);
    await settle();
    expect(rulesets()).toBe(3);
  });

  it("stop() removes the lifecycle listener", async () => {
    const { client, app } = mobile();
    expect(app.listeners).toBe(1);
    client.stop();
    expect(app.listeners).toBe(0);
  });
});

describe("messages on launch and foreground, paced per session", () => {
  it("app.launch and app.foreground can trigger messages", async () => {
    const { client, clock, app, ids } = mobile({ mode: "local", minInterval: 0 });
    await client.ready;
    await clock.advance(1000);
    expect(ids()).toEqual(["welcome-back"]);

    app.go("background");
    clock.set(clock.now() + 5 * MIN);
    app.go("active");
    await clock.advance(1000);
    expect(ids()).toEqual(["welcome-back"]); // same session: the trigger wants a new one

    app.go("background");
    clock.set(clock.now() + 31 * MIN);
    app.go("active");
    await clock.advance(1000);
    expect(ids()).toEqual(["welcome-back", "new-session"]);
  });

  it("maxPerSession counts per mobile session: a new one starts only after 30 minutes in the background", async () => {
    const edge = fakeEdge({
      ...CATALOG,
      offers: [{ id: "hello", placements: ["app-messages"], trigger: { event: "app.foreground" }, message: { layout: "banner", title: "Hello" } }],
    });
    const { client, clock, app, ids } = mobile({ mode: "local", edge, minInterval: 0, maxPerSession: 2 });
    await client.ready;
    const away = async (ms: number) => {
      app.go("background");
      clock.set(clock.now() + ms);
      app.go("active");
      await clock.advance(1000);
    };
    await away(MIN);
    await away(MIN);
    await away(MIN);
    expect(ids()).toEqual(["hello", "hello"]);
    await clock.advance(3 * 60 * MIN); // time in the foreground does not end the session
    await away(MIN);
    expect(ids().length).toBe(2);
    await away(30 * MIN);
    expect(ids().length).toBe(3);
    await client.flush();
    expect(edge.eventsOf("suppress").map((e) => e.properties.reason)).toEqual(["session", "session"]);
  });
});

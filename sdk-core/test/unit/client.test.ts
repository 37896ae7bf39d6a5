import { describe, expect, it } from "vitest";
import { createCore, memoryStorage, type CoreOptions, type MessageDecision, type Presenter, type Storage, type Transport } from "../../src/index.ts";
import { CATALOG, fakeEdge, manualClock, settle, spyStorage } from "./helpers.ts";

function setup(options: Partial<CoreOptions> = {}, edge = fakeEdge(CATALOG), storage: Storage = memoryStorage()) {
  const clock = manualClock();
  const shown: MessageDecision[] = [];
  const presenter: Presenter = { show: (d) => (shown.push(d), true) };
  const client = createCore({
    clientKey: "demo-client-key",
    edgeUrl: "http://edge",
    storage,
    transport: edge.transport,
    clock,
    presenter,
    logger: () => {},
    context: () => ({ channel: "web", path: "/" }),
    ...options,
  });
  return { client, edge, clock, shown, storage };
}

describe("identity", () => {
  it("keeps one anonymous id per device and links events to an identified profile", async () => {
    const storage = memoryStorage();
    const a = setup({}, fakeEdge(CATALOG), storage);
    await a.client.ready;
    const anonymousId = a.client.state().anonymousId;
    const b = setup({}, fakeEdge(CATALOG), storage);
    await b.client.ready;
    expect(b.client.state().anonymousId).toBe(anonymousId);
    await b.client.identify("u-123", "sig");
    await b.client.track("cart.add", { sku: "A1" });
    await b.client.flush();
    const [event] = b.edge.eventsOf("track");
    expect(event).toMatchObject({ type: "track", name: "cart.add", anonymousId, profileId: "u-123", profileSignature: "sig", properties: { sku: "A1" } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    const c = setup({}, fakeEdge(CATALOG), storage);
    await c.client.ready;
    expect(c.client.state().profileId).toBe("u-123");
  });
});

describe("deciding", () => {
  it("edge mode posts to /v1/decide and keeps the token", async () => {
    const { client, edge } = setup({ mode: "edge" });
    const [hero] = await client.decide(["home-hero"], { context: { path: "/x" } });
    expect(hero).toMatchObject({ placement: "home-hero", offerId: "default-hero", fallback: true, token: "tok-home-hero" });
    const call = edge.calls.find((c) => c.url === "http://edge/v1/decide")!;
    expect(call.headers["x-client-key"]).toBe("demo-client-key");
    expect(call.body).toMatchObject({ placements: ["home-hero"], context: { channel: "web", path: "/x" } });
  });

  it("a preview token: every decision asked of the edge with it and explained, its state emitted, no event recorded or sent", async () => {
    const edge = fakeEdge(CATALOG);
    const { client } = setup({ mode: "local", preview: "preview-token" }, edge);
    const states: unknown[] = [];
    client.on("preview", (state) => states.push(state));
    expect(client.state().mode).toBe("edge");
    await client.decide(["home-hero"]);
    const call = edge.calls.find((c) => c.url === "http://edge/v1/decide")!;
    expect(call.body).toMatchObject({ placements: ["home-hero"], preview: "preview-token", explain: true });
    await client.track("cart.add", { sku: "A1" });
    client.report("interact", "default-hero");
    await client.flush();
    expect(edge.calls.filter((c) => c.url.includes("/v1/events"))).toEqual([]);
    expect(edge.received.size).toBe(0);
    expect(states).toEqual([{ active: true, offerId: "default-hero", expiresAt: "2026-03-15T13:00:00.000Z" }]);
  });

  it("local mode decides from the ruleset, caches it and revalidates with its ETag", async () => {
    const storage = memoryStorage();
    const first = setup({ mode: "local" }, fakeEdge(CATALOG), storage);
    const [hero] = await first.client.decide(["home-hero"]);
    expect(hero).toMatchObject({ offerId: "default-hero", fallback: true });
    expect(hero!.token).toBeUndefined();

    const edge = fakeEdge(CATALOG);
    let open!: () => void;
    edge.state.gate = new Promise((resolve) => (open = resolve));
    const second = setup({ mode: "local" }, edge, storage);
    const decided = await second.client.decide(["home-hero", "app-home"]);
    expect(decided.map((d) => d.offerId)).toEqual(["default-hero", "app-card"]);
    open();
    await settle();
    expect(edge.calls.find((c) => c.url.endsWith("/v1/ruleset"))!.headers["if-none-match"]).toBe('"v1"');
  });

  it("local mode: an experiment decides on the device, and its display names the experiment and variant", async () => {
    const experimentCatalog: typeof CATALOG = {
      ...CATALOG,
      experiments: [{ id: "hero-test", placement: "app-home", variants: [{ id: "control", offer: "app-card", weight: 1 }, { id: "none", offer: null, weight: 1 }], start: "2026-01-01T00:00:00Z" }],
    };
    const edge = fakeEdge(experimentCatalog);
    // u-4 falls in "control" (bucket 663 of "hero-test.u-4"), as the edge would assign it.
    edge.state.profile = { profileId: "u-4", audiences: [], attributes: {}, history: [] };
    const { client } = setup({ mode: "local", profileId: "u-4" }, edge);
    await client.refresh();
    const [card] = await client.decide(["app-home"]);
    expect(card).toMatchObject({ offerId: "app-card", experimentId: "hero-test", variantId: "control" });
    client.report("display", card!);
    await client.flush();
    expect(edge.eventsOf("display")).toEqual([expect.objectContaining({ offerId: "app-card", placement: "app-home", experimentId: "hero-test", variantId: "control" })]);

    // u-3 falls in "none" (bucket 8691): nothing is shown, so the decision itself is the exposure.
    const other = fakeEdge(experimentCatalog);
    other.state.profile = { profileId: "u-3", audiences: [], attributes: {}, history: [] };
    const none = setup({ mode: "local", profileId: "u-3" }, other);
    await none.client.refresh();
    expect((await none.client.decide(["app-home"]))[0]).toMatchObject({ offerId: null, experimentId: "hero-test", variantId: "none" });
    await none.client.flush();
    const [exposure] = other.eventsOf("display");
    expect(exposure).toMatchObject({ placement: "app-home", experimentId: "hero-test", variantId: "none" });
    expect(exposure).not.toHaveProperty("offerId");
  });

  it("local mode: a held-out profile sees the fallback, and its display says so (the holdout's report)", async () => {
    const edge = fakeEdge({ ...CATALOG, holdout: { percent: 50 } });
    // u-105 is held out at 50 % (bucket 1734 of "holdout.u-105").
    edge.state.profile = { profileId: "u-105", audiences: [], attributes: {}, history: [] };
    const { client } = setup({ mode: "local", profileId: "u-105" }, edge);
    await client.refresh();
    const [hero] = await client.decide(["home-hero"]);
    expect(hero).toMatchObject({ offerId: "default-hero", fallback: true, holdout: true });
    client.report("display", hero!);
    await client.flush();
    expect(edge.eventsOf("display")).toEqual([expect.objectContaining({ offerId: "default-hero", holdout: true })]);
  });

  it("uses the profile state from /v1/profile in local mode", async () => {
    const edge = fakeEdge(CATALOG);
    edge.state.profile = { profileId: "u-1", audiences: ["vip"], attributes: { firstName: "Ana" }, history: [] };
    const { client } = setup({ mode: "local", profileId: "u-1" }, edge);
    await client.refresh();
    const [hero] = await client.decide(["home-hero"]);
    expect(hero).toMatchObject({ offerId: "vip-spring", content: { html: "<h2>VIP Ana</h2>" } });
  });

  it("a journey message the profile sync lists as pending is decided until it is displayed, then never again on this device", async () => {
    const journeyCatalog: typeof CATALOG = {
      ...CATALOG,
      offers: [...CATALOG.offers, { id: "cart-reminder", placements: ["web-messages"], message: { layout: "banner", title: "Your cart" } }],
      journeys: [{ id: "cart", trigger: { event: "cart.add" }, steps: [{ message: "cart-reminder" }] }],
    };
    const edge = fakeEdge(journeyCatalog);
    edge.state.profile = { audiences: [], attributes: {}, history: [] };
    // Stores copies, as IndexedDB does: what the client changes after a write is not kept.
    const kept = new Map<string, string>();
    const storage: Storage = {
      get: async (key) => (kept.has(key) ? JSON.parse(kept.get(key)!) : undefined),
      set: async (key, value) => void kept.set(key, JSON.stringify(value)),
      del: async (key) => void kept.delete(key),
      update: async (key, fn) => void kept.set(key, JSON.stringify(fn(kept.has(key) ? JSON.parse(kept.get(key)!) : undefined))),
    };
    const { client, shown } = setup({ mode: "local", profileId: "u-1" }, edge, storage);
    await client.refresh();
    // Not pending: the ruleset marks it orchestrated, so it is no ordinary candidate.
    expect((await client.decide(["web-messages"]))[0]!.offerId).toBeNull();
    edge.state.profile = { ...edge.state.profile, pending: ["cart-reminder"] };
    await client.refresh();
    // Deciding is no delivery: it stays pending until a display.
    const [decision] = await client.decide(["web-messages"]);
    expect(decision).toMatchObject({ offerId: "cart-reminder", orchestrated: true, message: { title: "Your cart" } });
    expect((await client.decide(["web-messages"]))[0]!.offerId).toBe("cart-reminder");
    expect(client.show(decision as MessageDecision)).toBe(true);
    expect(shown.map((d) => d.offerId)).toEqual(["cart-reminder"]);
    expect((await client.decide(["web-messages"]))[0]!.offerId).toBeNull();
    // Another decision of it that arrives late (the edge had not heard of the display) is not shown twice.
    expect(client.show(decision as MessageDecision)).toBe(false);
    expect(shown).toHaveLength(1);
    // The next page decides from the stored state before its sync answers: still delivered.
    await settle();
    const offline = fakeEdge(journeyCatalog);
    offline.state.gate = new Promise(() => {});
    const next = setup({ mode: "local", profileId: "u-1" }, offline, storage);
    expect((await next.client.decide(["web-messages"]))[0]!.offerId).toBeNull();
    await client.flush();
    expect(edge.eventsOf("display").map((e) => e.offerId)).toEqual(["cart-reminder"]);

    // In hybrid mode the synced pending message is decided locally too, at once (the edge's answer follows).
    const hybridEdge = fakeEdge(journeyCatalog);
    hybridEdge.state.profile = { audiences: [], attributes: {}, history: [], pending: ["cart-reminder"] };
    const hybrid = setup({ mode: "hybrid", profileId: "u-2" }, hybridEdge);
    await hybrid.client.refresh();
    const [quick] = await hybrid.client.decide(["web-messages"]);
    expect(quick).toMatchObject({ offerId: "cart-reminder", orchestrated: true });
    expect(quick!.token).toBeUndefined();
  });

  it("local mode merges the ruleset's real-time audiences from this device's own events", async () => {
    const realtime: typeof CATALOG = {
      ...CATALOG,
      offers: [...CATALOG.offers, { id: "cart-hero", placements: ["home-hero"], priority: 60, eligibility: { audience: "cart-recent" }, content: { html: "Back to your cart" } }],
      audiences: [{ id: "cart-recent", rule: { ">=": [{ history: { name: "cart.add", within: "PT1H" } }, 1] } }],
    };
    const { client, clock } = setup({ mode: "local" }, fakeEdge(realtime));
    expect((await client.decide(["home-hero"]))[0]!.offerId).toBe("default-hero");
    await client.track("cart.add");
    expect((await client.decide(["home-hero"]))[0]!.offerId).toBe("cart-hero");
    await clock.advance(2 * 3_600_000);
    expect((await client.decide(["home-hero"]))[0]!.offerId).toBe("default-hero");
  });

  it("hybrid mode answers from the cached ruleset at once, then hands over the edge's answer", async () => {
    const storage = memoryStorage();
    await setup({ mode: "local" }, fakeEdge(CATALOG), storage).client.decide(["home-hero"]);
    const { client } = setup({ mode: "hybrid" }, fakeEdge(CATALOG), storage);
    const updates: unknown[] = [];
    const quick = await client.decide(["home-hero"], { onUpdate: (d) => updates.push(d) });
    expect(quick[0]!.token).toBeUndefined();
    await settle();
    expect(updates).toEqual([[expect.objectContaining({ offerId: "default-hero", token: "tok-home-hero" })]]);
  });

  it("falls back to local decisions when the edge fails, and never rejects", async () => {
    const edge = fakeEdge(CATALOG);
    const { client } = setup({ mode: "edge" }, edge);
    await client.refresh();
    edge.state.failures.push("offline");
    const [hero] = await client.decide(["home-hero"]);
    expect(hero).toMatchObject({ offerId: "default-hero" });
    edge.state.failures.push(503, 503);
    const [unknown] = await setup({ mode: "edge" }, edge).client.decide(["nope"]);
    expect(unknown).toMatchObject({ placement: "nope", offerId: null });
  });
});

describe("a malformed ruleset", () => {
  /** The fake edge, serving `ruleset` as its `GET /v1/ruleset` body. */
  function serving(ruleset: unknown) {
    const edge = fakeEdge(CATALOG);
    const transport: Transport = {
      ...edge.transport,
      fetch: (url, init) =>
        url.endsWith("/v1/ruleset") ? Promise.resolve({ status: 200, headers: { get: () => null }, json: async () => ruleset }) : edge.transport.fetch(url, init),
    };
    return { ...edge, transport };
  }
  const hero = CATALOG.offers.find((o) => o.id === "default-hero")!;
  const offers = (extra: Record<string, unknown>) => ({ ...CATALOG, offers: [...CATALOG.offers, { ...hero, id: "bad", ...extra }] });

  it.each([
    ["not an object", "<html>"],
    ["placements not a list", { ...CATALOG, placements: "home-hero" }],
    ["a rule that does not compile", offers({ eligibility: { frobnicate: 1 } })],
    ["a template that does not compile", offers({ content: { html: "{{ profile.name" } })],
    ["an unreadable schedule", offers({ schedule: { end: "tomorrow" } })],
  ])("%s: is logged as a bad ruleset and not used; nothing throws", async (_name, ruleset) => {
    const logged: string[] = [];
    const errors: unknown[] = [];
    const { client } = setup({ mode: "local", logger: (message) => logged.push(message) }, serving(ruleset) as ReturnType<typeof fakeEdge>);
    client.on("error", (error) => errors.push(error));
    await expect(client.decide(["home-hero"])).resolves.toEqual([{ placement: "home-hero", offerId: null, fallback: false }]);
    await expect(client.track("page.view")).resolves.toBeUndefined();
    expect(logged).toContain("bad ruleset");
    expect(errors).toEqual([expect.any(Error)]);
    expect(client.state().catalogReady).toBe(false);
  });
});

describe("triggered messages and pacing", () => {
  it("shows the winning trigger offer at once, with trigger and display events", async () => {
    const { client, shown, edge } = setup({ mode: "local" });
    const shownDecision = await client.track("page.view", { path: "/" });
    expect(shownDecision?.offerId).toBe("welcome");
    expect(shown.map((d) => d.offerId)).toEqual(["welcome"]);
    expect(shown[0]!.message).toMatchObject({ layout: "modal", title: "Bem-vindo" });
    const before = edge.calls.filter((c) => c.url.endsWith("/v1/decide")).length;
    expect(before).toBe(0);
    await client.flush();
    expect(edge.eventsOf("trigger").map((e) => e.offerId)).toEqual(["welcome"]);
    expect(edge.eventsOf("display")[0]).toMatchObject({ offerId: "welcome", placement: "web-messages" });
    expect(await client.track("page.view", { path: "/other" })).toBeUndefined();
  });

  it("keeps a minimum interval between messages and logs a suppress event", async () => {
    const { client, shown, clock, edge } = setup({ mode: "local" });
    await client.track("page.view", { path: "/" });
    await client.track("cart.add");
    expect(shown.length).toBe(1);
    await clock.advance(30_000);
    await client.track("cart.add");
    expect(shown.map((d) => d.offerId)).toEqual(["welcome", "cart-nudge"]);
    await client.flush();
    expect(edge.eventsOf("suppress")).toEqual([expect.objectContaining({ offerId: "cart-nudge", properties: { reason: "interval" } })]);
  });

  it("default minInterval: 30 000 ms between two messages, to the millisecond", async () => {
    const { client, shown, clock, edge } = setup({ mode: "local" }); // no minInterval: the default
    expect((await client.track("page.view", { path: "/" }))?.offerId).toBe("welcome");
    await clock.advance(29_999);
    expect(await client.track("cart.add")).toBeUndefined();
    expect(shown.map((d) => d.offerId)).toEqual(["welcome"]);
    await clock.advance(1); // exactly 30 000 ms after the first message
    expect((await client.track("cart.add"))?.offerId).toBe("cart-nudge");
    expect(shown.map((d) => d.offerId)).toEqual(["welcome", "cart-nudge"]);
    await client.flush();
    expect(edge.eventsOf("suppress").map((e) => [e.offerId, e.properties])).toEqual([["cart-nudge", { reason: "interval" }]]);
    expect(edge.eventsOf("display").map((e) => e.offerId)).toEqual(["welcome", "cart-nudge"]);
  });

  it("default maxPerSession: 3 messages a session, the 4th is suppressed with reason session", async () => {
    const { client, shown, clock, edge } = setup({ mode: "local" }); // no maxPerSession: the default
    for (let i = 0; i < 4; i++) {
      await client.track("cart.add");
      await clock.advance(30_000); // the default interval, well inside the 30-minute session
    }
    expect(shown.map((d) => d.offerId)).toEqual(["cart-nudge", "cart-nudge", "cart-nudge"]);
    await client.flush();
    expect(edge.eventsOf("display").length).toBe(3);
    expect(edge.eventsOf("suppress").map((e) => [e.offerId, e.properties])).toEqual([["cart-nudge", { reason: "session" }]]);
  });

  it("caps messages per session and from local history", async () => {
    const { client, shown, clock } = setup({ mode: "local", minInterval: 0, maxPerSession: 2 });
    for (let i = 0; i < 3; i++) await client.track("page.view", { path: "/" });
    expect(shown.length).toBe(2);
    await clock.advance(31 * 60_000);
    await client.track("page.view", { path: "/" });
    expect(shown.length).toBe(2); // the welcome cap: 2 displays a day, counted from local history
    await client.track("cart.add");
    expect(shown.map((d) => d.offerId)).toEqual(["welcome", "welcome", "cart-nudge"]);
  });

  it("lets shouldShow veto a message", async () => {
    const { client, shown, edge } = setup({ mode: "local", shouldShow: (d) => d.offerId !== "welcome" });
    await client.track("page.view", { path: "/" });
    expect(shown).toEqual([]);
    await client.flush();
    expect(edge.eventsOf("suppress")[0]).toMatchObject({ offerId: "welcome", properties: { reason: "veto" } });
  });

  it("reports what the person does through the presenter's reply", async () => {
    const edge = fakeEdge(CATALOG);
    const presenter: Presenter = { show: (_d, reply) => (reply("dismiss", { action: "close" }), true) };
    const { client } = setup({ mode: "local", presenter }, edge);
    await client.track("page.view", { path: "/" });
    await client.flush();
    expect(edge.eventsOf("dismiss")[0]).toMatchObject({ offerId: "welcome", properties: { action: "close" } });
  });
});

describe("consent", () => {
  it("pending: events wait in memory, nothing is stored or sent; in: stored and sent", async () => {
    const spy = spyStorage();
    const { client, edge, clock } = setup({ consent: "pending", mode: "local" }, fakeEdge(CATALOG), spy.storage);
    await client.track("cart.add", { sku: "A1" });
    await clock.advance(10_000);
    await client.flush();
    expect(spy.writes).toEqual([]);
    expect(edge.calls.filter((c) => c.url.includes("/v1/events"))).toEqual([]);
    await client.setConsent("in");
    await clock.advance(1000);
    expect(edge.eventsOf("track").map((e) => e.name)).toEqual(["cart.add"]);
    expect(spy.writes).toContain("set ew:s");
  });

  it("pending: exactly which requests are made (reads of ruleset, profile and decisions; never /v1/events), nothing stored; in: the held events are sent", async () => {
    const spy = spyStorage();
    const edge = fakeEdge(CATALOG);
    edge.state.profile = { audiences: [], attributes: { firstName: "Ana" }, history: [] };
    let hide = () => {};
    let resume = () => {};
    const lifecycle = { onHide: (fn: () => void) => ((hide = fn), () => {}), onResume: (fn: () => void) => ((resume = fn), () => {}) };
    // The default mode (hybrid), a known profile: every kind of request the client can make.
    const { client, clock } = setup({ consent: "pending", profileId: "u-1", lifecycle }, edge, spy.storage);
    await client.ready;
    await settle();
    await client.decide(["home-hero"]);
    const shown = await client.track("cart.add", { sku: "A1" });
    expect(shown?.offerId).toBe("cart-nudge");
    client.report("interact", shown!, { action: "open" });
    await client.identify("u-1"); // the same identity: no new request
    await client.flush();
    await clock.advance(600_000); // past any batch delay or backoff
    hide();
    resume();
    await client.refresh();
    await settle();

    const made = edge.calls.map((c) => `${c.method} ${new URL(c.url).pathname}`);
    expect(made).toEqual([
      "GET /v1/ruleset", // start-up revalidation (kept in memory only)
      "GET /v1/profile/u-1",
      "POST /v1/decide", // hybrid: the edge's answer after the local one
      "GET /v1/ruleset", // refresh()
      "GET /v1/profile/u-1",
    ]);
    expect(made.filter((m) => m.includes("/v1/events"))).toEqual([]);
    expect(edge.beacons).toEqual([]);
    expect(edge.calls.find((c) => c.url.endsWith("/v1/decide"))!.body).not.toHaveProperty("events");
    expect(spy.writes).toEqual([]);
    expect(await spy.inner.get("ew:q")).toBeUndefined();
    expect(client.state().consent).toBe("pending");

    await client.setConsent("in");
    await clock.advance(1000);
    const posts = edge.calls.filter((c) => c.url.endsWith("/v1/events"));
    expect(posts.length).toBe(1);
    expect(posts[0]!.body.events.map((e: { type: string; name?: string; offerId?: string }) => [e.type, e.name ?? e.offerId])).toEqual([
      ["track", "cart.add"],
      ["trigger", "cart-nudge"],
      ["display", "cart-nudge"],
      ["interact", "cart-nudge"],
    ]);
    expect(posts[0]!.body.events.every((e: { profileId?: string }) => e.profileId === "u-1")).toBe(true);
    expect(spy.writes).toEqual(expect.arrayContaining(["set ew:s", "set ew:r", "update ew:q"]));
    expect(await spy.inner.get("ew:q")).toEqual([]);
  });

  it("out: drops the queue, clears stored data and makes no requests", async () => {
    const spy = spyStorage();
    const edge = fakeEdge(CATALOG);
    const { client, clock } = setup({ mode: "local" }, edge, spy.storage);
    await client.refresh();
    edge.state.failures.push("offline");
    await client.track("cart.add");
    await clock.advance(1000);
    expect((await spy.inner.get<unknown[]>("ew:q"))!.length).toBeGreaterThan(0);
    await client.setConsent("out");
    for (const key of ["ew:q", "ew:a", "ew:h", "ew:r"]) expect(await spy.inner.get(key)).toBeUndefined();
    const calls = edge.calls.length;
    await client.track("cart.add");
    expect(await client.decide(["home-hero"])).toEqual([{ placement: "home-hero", offerId: null, fallback: false }]);
    await clock.advance(600_000);
    await client.flush();
    expect(edge.calls.length).toBe(calls);
  });

  it("starting with consent out reads and sends nothing", async () => {
    const edge = fakeEdge(CATALOG);
    const { client, clock } = setup({ consent: "out" }, edge);
    await client.track("cart.add");
    await client.decide(["home-hero"]);
    await clock.advance(10_000);
    expect(edge.calls).toEqual([]);
  });
});

describe("delivery", () => {
  it("every event arrives exactly once across failures, retries and beacons", async () => {
    const edge = fakeEdge(CATALOG);
    edge.state.failures.push("offline", 503, { status: 429, headers: { "retry-after": "2" } });
    const { client, clock } = setup({ mode: "local" }, edge);
    await client.ready;
    for (let i = 0; i < 5; i++) await client.track("tick", { i });
    await clock.advance(120_000);
    const ticks = edge.eventsOf("track").filter((e) => e.name === "tick");
    expect(ticks.map((e) => e.properties.i)).toEqual([0, 1, 2, 3, 4]);
    const sent = edge.calls.filter((c) => c.url.endsWith("/v1/events")).flatMap((c) => c.body.events.map((e: { id: string }) => e.id));
    expect(new Set(sent).size).toBe(5);
  });
});

describe("seams for other platforms (the mobile SDK)", () => {
  it("session: maxPerSession counts per platform session id instead of 30 idle minutes", async () => {
    let session = "s-1";
    const { client, shown, clock } = setup({ mode: "local", minInterval: 0, maxPerSession: 1, session: () => session });
    await client.track("cart.add");
    await clock.advance(31 * 60_000);
    await client.track("cart.add");
    expect(shown.length).toBe(1); // same platform session, however long it has been
    session = "s-2";
    await client.track("cart.add");
    expect(shown.length).toBe(2);
  });

  it("explain: asks for explanations locally and at the edge", async () => {
    const { client } = setup({ mode: "local" });
    const [hero] = await client.decide(["home-hero"], { explain: true });
    expect(hero!.explanation).toMatchObject({ candidates: expect.arrayContaining([expect.objectContaining({ offerId: "vip-spring", outcome: "ineligible" })]) });
    const edge = setup({ mode: "edge" });
    await edge.client.decide(["home-hero"], { explain: true });
    expect(edge.edge.calls.find((c) => c.url.endsWith("/v1/decide"))!.body.explain).toBe(true);
  });

  it("a malformed profile body cannot break local decisions; global counts in it are used", async () => {
    const edge = fakeEdge(CATALOG);
    edge.state.profile = { audiences: "vip", attributes: [1], history: [null, 3, { name: "display", offerId: "vip-spring", timestamp: "x" }] };
    const { client } = setup({ mode: "local", profileId: "u-1" }, edge);
    await client.refresh();
    expect(await client.decide(["home-hero"])).toEqual([expect.objectContaining({ offerId: "default-hero" })]);

    const capped: typeof CATALOG = { ...CATALOG, offers: CATALOG.offers.map((o) => (o.id === "vip-spring" ? { ...o, caps: [{ event: "display", limit: 10, period: "lifetime", scope: "global" }] } : o)) };
    const second = fakeEdge(capped);
    second.state.profile = { audiences: ["vip"], attributes: {}, history: [], globalCounts: { "vip-spring": { display: 10 } } };
    const other = setup({ mode: "local", profileId: "u-2" }, second);
    await other.client.refresh();
    expect((await other.client.decide(["home-hero"]))[0]!.offerId).toBe("default-hero");
  });
});

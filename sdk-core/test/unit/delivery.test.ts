// DESIGN.md, "Channels and message delivery", on the client core: own channel only; journey and
// campaign messages survive suppression and come first at the next opportunity; identify waits.
import { describe, expect, it } from "vitest";
import type { CatalogJson } from "@edgewise/decision-engine";
import { createCore, memoryStorage, type CoreOptions, type MessageDecision, type Presenter } from "../../src/index.ts";
import { fakeEdge, manualClock, settle } from "./helpers.ts";

const TWO_CHANNELS: CatalogJson = {
  placements: [
    { id: "home-hero", surface: "web://shop.example/#hero", format: "html" },
    { id: "app-home", surface: "mobileapp://com.example.shop/home", format: "json" },
    { id: "web-messages", surface: "web://shop.example", format: "message" },
    { id: "app-messages", surface: "mobileapp://com.example.shop", format: "message" },
    { id: "anywhere", format: "message" },
  ],
  offers: [
    { id: "hero", placements: ["home-hero"], content: { html: "<p>Hi</p>" } },
    { id: "card", placements: ["app-home"], content: { title: "Hi" } },
    { id: "slide", placements: ["web-messages", "app-messages"], trigger: { event: "page.view" }, message: { layout: "slideup", title: "Trigger" } },
    { id: "reminder", placements: ["web-messages", "app-messages"], message: { layout: "banner", title: "Your cart" } },
  ],
  journeys: [{ id: "cart", trigger: { event: "cart.add" }, steps: [{ message: "reminder" }] }],
} as CatalogJson;

function setup(options: Partial<CoreOptions> = {}, edge = fakeEdge(TWO_CHANNELS)) {
  const clock = manualClock();
  const shown: MessageDecision[] = [];
  let accept = true;
  const presenter: Presenter = { show: (d) => (accept ? (shown.push(d), true) : false) };
  const logs: string[] = [];
  const client = createCore({
    clientKey: "k", edgeUrl: "http://edge", storage: memoryStorage(), transport: edge.transport, clock, presenter,
    channel: "web", logger: (m) => logs.push(m), context: () => ({ path: "/" }), ...options,
  });
  return { client, edge, clock, shown, logs, refuse: () => (accept = false) };
}

const decideCalls = (edge: ReturnType<typeof fakeEdge>) => edge.calls.filter((c) => c.url.endsWith("/v1/decide"));

describe("channels", () => {
  it("lists only its own channel's message placements (and those without a surface)", async () => {
    expect(await setup().client.messagePlacements()).toEqual(["web-messages", "anywhere"]);
    expect(await setup({ channel: "app" }).client.messagePlacements()).toEqual(["app-messages", "anywhere"]);
  });

  it("answers another channel's placements empty without asking for them, and sends its channel", async () => {
    const { client, edge, logs } = setup({ mode: "edge" });
    await client.refresh();
    const decisions = await client.decide(["app-home", "home-hero", "app-messages"]);
    expect(decisions.map((d) => [d.placement, d.offerId])).toEqual([["app-home", null], ["home-hero", "hero"], ["app-messages", null]]);
    expect(decideCalls(edge).map((c) => [c.body.placements, c.body.context.channel])).toEqual([[["home-hero"], "web"]]);
    expect(logs.some((m) => m.includes("another channel"))).toBe(true);
    expect(await client.decide(["app-home"])).toEqual([{ placement: "app-home", offerId: null, fallback: false }]);
    expect(decideCalls(edge)).toHaveLength(1);
  });

  it("reports nothing for another channel's placement", async () => {
    const { client, edge } = setup();
    await client.refresh();
    client.report("display", { placement: "app-home", offerId: "card", fallback: false });
    client.report("display", { placement: "home-hero", offerId: "hero", fallback: false });
    await client.flush();
    expect(edge.eventsOf("display").map((e) => e.placement)).toEqual(["home-hero"]);
  });
});

describe("journey and campaign messages", () => {
  it("a suppressed one is reported once (with its token), held, and shown first at the next opportunity, ahead of a trigger", async () => {
    const edge = fakeEdge(TWO_CHANNELS);
    const { client, clock, shown } = setup({ mode: "edge" }, edge);
    await client.refresh();
    // A local trigger shows first on this page…
    expect((await client.track("page.view"))?.offerId).toBe("slide");
    // …then the edge's journey message arrives and pacing (one per 30 s) suppresses it.
    const reminder: MessageDecision = { placement: "web-messages", offerId: "reminder", fallback: false, orchestrated: true, token: "tok-r", message: { layout: "banner", title: "Your cart" } };
    expect(client.show(reminder)).toBe(false);
    // Next page, within the interval: the held message waits; the trigger is suppressed as usual.
    await clock.advance(10_000);
    expect(await client.track("page.view")).toBeUndefined();
    // After the interval: the held message goes first, not the page view's trigger.
    await clock.advance(30_000);
    expect((await client.track("page.view"))?.offerId).toBe("reminder");
    expect(shown.map((d) => d.offerId)).toEqual(["slide", "reminder"]);
    await client.flush();
    const suppressed = edge.eventsOf("suppress");
    expect(suppressed.filter((e) => e.offerId === "reminder").map((e) => [e.token, e.properties.reason])).toEqual([["tok-r", "interval"]]);
    expect(edge.eventsOf("display").filter((e) => e.offerId === "reminder").map((e) => e.token)).toEqual(["tok-r"]);
    // Displayed here: a late decision for it (the edge had not heard yet) shows nothing and counts nothing.
    await clock.advance(60_000);
    expect(client.show(reminder)).toBe(false);
    await client.flush();
    expect(edge.eventsOf("display").filter((e) => e.offerId === "reminder")).toHaveLength(1);
  });

  it("a pending message the sync lists outranks a trigger at once, in hybrid mode", async () => {
    const edge = fakeEdge(TWO_CHANNELS);
    edge.state.profile = { audiences: [], attributes: {}, history: [], pending: ["reminder"] };
    const { client, shown } = setup({ mode: "hybrid", profileId: "u-1" }, edge);
    await client.refresh();
    expect((await client.track("page.view"))?.offerId).toBe("reminder");
    expect(shown.map((d) => d.offerId)).toEqual(["reminder"]);
    await client.flush();
    expect(edge.eventsOf("trigger")).toEqual([]); // it was no trigger's winner
  });

  it("a vetoed or unpresentable message is held too, and a fresh sync without it drops it", async () => {
    const edge = fakeEdge(TWO_CHANNELS);
    edge.state.profile = { audiences: [], attributes: {}, history: [], pending: ["reminder"] };
    const { client, clock, shown, refuse } = setup({ mode: "local", profileId: "u-1" }, edge);
    await client.refresh();
    refuse();
    expect(await client.track("cart.add")).toBeUndefined();
    const [decision] = await client.decide(["web-messages"]);
    expect(client.show(decision as MessageDecision)).toBe(false); // the presenter could not show it
    edge.state.profile = { ...edge.state.profile, pending: [] };
    await client.refresh();
    await clock.advance(60_000);
    expect(await client.track("cart.add")).toBeUndefined();
    expect(shown).toEqual([]);
  });
});

describe("identify", () => {
  it("in hybrid mode, waits for the edge instead of deciding locally for a profile it has not loaded", async () => {
    const edge = fakeEdge(TWO_CHANNELS);
    const { client } = setup({ mode: "hybrid" }, edge);
    await client.refresh();
    expect((await client.decide(["home-hero"]))[0]!.token).toBeUndefined(); // anonymous: the local answer comes first
    edge.state.gate = new Promise(() => {}); // the profile and the edge do not answer yet
    await client.identify("u-9");
    let answered = false;
    void client.decide(["home-hero"]).then(() => (answered = true));
    await settle();
    expect(answered).toBe(false); // no quick local answer for u-9 (it would be the anonymous one)
  });
});

describe("many placements", () => {
  it("asks the edge in batches of 20 (its limit) and answers all of them, in order", async () => {
    const placements = Array.from({ length: 45 }, (_, i) => `slot-${i}`);
    const catalog = { placements: placements.map((id) => ({ id, format: "html" })), offers: placements.map((id) => ({ id: `o-${id}`, placements: [id], content: { html: id } })) } as CatalogJson;
    const edge = fakeEdge(catalog);
    const { client } = setup({ mode: "edge" }, edge);
    await client.refresh();
    const decisions = await client.decide(placements);
    expect(decisions.map((d) => d.offerId)).toEqual(placements.map((id) => `o-${id}`));
    expect(decideCalls(edge).map((c) => c.body.placements.length)).toEqual([20, 20, 5]);
  });
});

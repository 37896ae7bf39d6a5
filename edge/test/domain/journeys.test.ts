import { compileCatalog } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import type { JourneyStatsMessage, OutboxMessage, StatDelta, WebhookMessage } from "../../src/domain/events/messages.ts";
import { journeysOf } from "../../src/domain/journeys/definitions.ts";
import { JOURNEY_RUNTIME_LIMITS } from "../../src/domain/journeys/limits.ts";
import { JourneyRuntime } from "../../src/domain/journeys/runtime.ts";
import type { ProfileDecideRequest, ProfileEvent } from "../../src/domain/profiles/types.ts";
import { DAY, HOUR, MINUTE, MemoryJourneyRecords, profileHarness, T0 } from "./fakes.ts";

const KEY = "p:u-1";
const iso = (ms: number) => new Date(ms).toISOString();

function catalog(extra: { journeys?: unknown[]; campaigns?: unknown[] }) {
  const message = (title: string) => ({ layout: "banner", title });
  return {
    placements: [
      { id: "web-messages", surface: "web://shop.example", format: "message" },
      { id: "home-hero", surface: "web://shop.example/#hero", format: "html" },
    ],
    offers: [
      { id: "default-hero", placements: ["home-hero"], content: { html: "<p>Welcome</p>" } },
      { id: "spring-sale", placements: ["home-hero"], content: { html: "<p>Spring sale</p>" } },
      { id: "cart-reminder", placements: ["web-messages"], message: message("Your cart") },
      { id: "vip-cart-reminder", placements: ["web-messages"], message: message("VIP: your cart") },
    ],
    fallbacks: { "home-hero": "default-hero" },
    journeys: [
      ...(extra.journeys ?? []),
      { id: "_library", paused: true, trigger: { event: "_never" }, steps: [{ message: "cart-reminder" }, { message: "vip-cart-reminder" }] },
    ],
    campaigns: extra.campaigns ?? [],
  };
}

const abandonedCart = {
  id: "cart",
  trigger: { event: "cart.add" },
  exit: { event: "purchase" },
  steps: [{ wait: "PT30M" }, { message: "cart-reminder" }, { wait_for: { event: "display", timeout: "P3D" } }],
};

function harness(extra: { journeys?: unknown[]; campaigns?: unknown[] }) {
  const h = profileHarness();
  h.catalogs.publish("v1", catalog(extra));
  return h;
}

let ids = 0;
function event(fields: Partial<ProfileEvent> & Pick<ProfileEvent, "type">, now: number): ProfileEvent {
  return { id: `e-${++ids}`, name: fields.type, timestamp: now, ...fields };
}

function decideRequest(placements = ["web-messages"], audiences: string[] = []): ProfileDecideRequest {
  return { profileKey: KEY, catalogVersion: "v1", placements, profile: { id: "u-1" }, audiences, context: {}, explain: false, globalCounts: {} };
}

function statsOf(messages: readonly OutboxMessage[]): StatDelta[] {
  return messages.filter((m): m is JourneyStatsMessage => m.kind === "journey-stats").flatMap((m) => m.stats);
}

const stat = (fields: Partial<StatDelta>) => expect.objectContaining(fields);

describe("journeys through the ProfileService", () => {
  it("a pending message is still delivered by its display after a catalog without journeys or campaigns", async () => {
    const { service, catalogs, journeyRecords, downstream } = harness({ journeys: [{ id: "nudge", trigger: { event: "cart.add" }, steps: [{ message: "cart-reminder" }] }] });
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" }, T0)]);
    expect(journeyRecords.pendings).toHaveLength(1);
    catalogs.publish("v2", { ...catalog({}), journeys: [] });
    const shown = (await service.decide({ ...decideRequest(), catalogVersion: "v2" })).decisions[0]!;
    expect(shown.offerId).toBe("cart-reminder");
    await service.ingest(KEY, [event({ type: "display", offerId: "cart-reminder", decisionId: shown.decisionId }, T0)], "v2");
    expect(journeyRecords.pendings).toEqual([]);
    expect(statsOf(downstream.sent)).toEqual(expect.arrayContaining([stat({ id: "nudge", step: "steps[0]", metric: "delivered" })]));
  });

  it("an event enters the journey, which waits with the alarm set to the end of the wait", async () => {
    const { service, journeyRecords, scheduler, downstream } = harness({ journeys: [abandonedCart] });
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" }, T0)]);
    expect([...journeyRecords.stored.values()]).toMatchObject([{ journeyId: "cart", pointer: [0], dueAt: T0 + 30 * MINUTE, waitEvent: null }]);
    expect(journeyRecords.lastEntry("cart")).toBe(T0);
    expect(scheduler.alarmAt).toBe(T0 + 30 * MINUTE);
    expect(statsOf(downstream.sent)).toEqual([
      stat({ kind: "journey", id: "cart", step: "trigger", metric: "entered", delta: 1 }),
      stat({ step: "steps[0]", metric: "entered", delta: 1 }),
      stat({ step: "steps[0]", metric: "waiting", delta: 1 }),
    ]);
    expect(downstream.sent.find((m) => m.kind === "journey-stats")!.key).toMatch(/^p:u-1\|stat\|/);
  });

  it("runs the wait when due, then a message is pending until a decision shows it and its display delivers it", async () => {
    const { service, journeyRecords, scheduler, clock, downstream } = harness({ journeys: [abandonedCart] });
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" }, T0)]);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBeNull();

    clock.now = T0 + 29 * MINUTE;
    await service.wake();
    expect(journeyRecords.stored.get("cart")!.pointer).toEqual([0]);

    clock.now = T0 + 30 * MINUTE;
    await service.wake();
    expect(journeyRecords.stored.get("cart")).toMatchObject({ pointer: [2], waitEvent: "display", waitOffer: "cart-reminder", dueAt: clock.now + 3 * DAY });
    expect(journeyRecords.nextDue()).toBe(clock.now + 3 * DAY);
    expect(scheduler.alarmAt).toBe(clock.now + 3 * DAY);
    expect((await service.sync({ profileKey: KEY, catalogVersion: "v1", profile: { id: "u-1" }, audiences: [] })).pending).toEqual(["cart-reminder"]);

    expect((await service.decide(decideRequest(["home-hero"]))).decisions[0]!.offerId).toBe("default-hero");
    const shown = (await service.decide(decideRequest())).decisions[0]!;
    expect(shown).toMatchObject({ offerId: "cart-reminder", orchestrated: true, message: { title: "Your cart" } });
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBeNull();
    expect(journeyRecords.pendings).toHaveLength(1);

    await service.ingest(KEY, [event({ type: "display", offerId: "cart-reminder", decisionId: shown.decisionId }, clock.now)]);
    expect(journeyRecords.stored.size).toBe(0);
    expect(journeyRecords.pendings).toEqual([]);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBeNull();
    expect(statsOf(downstream.sent)).toEqual(
      expect.arrayContaining([
        stat({ step: "steps[1]", metric: "delivered" }),
        stat({ step: "steps[1]", metric: "displayed" }),
        stat({ step: "steps[2]", metric: "completed" }),
      ]),
    );
  });

  it("a suppressed message is offered again at once", async () => {
    const { service } = harness({ journeys: [{ id: "now", trigger: { event: "signup" }, steps: [{ message: "cart-reminder" }] }] });
    await service.ingest(KEY, [event({ type: "track", name: "signup" }, T0)]);
    const shown = (await service.decide(decideRequest())).decisions[0]!;
    expect(shown.offerId).toBe("cart-reminder");
    await service.ingest(KEY, [event({ type: "suppress", offerId: "cart-reminder", decisionId: shown.decisionId }, T0)]);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBe("cart-reminder");
  });

  it("a lease ends after its time when nothing is reported", async () => {
    const { service, clock } = harness({ journeys: [{ id: "now", trigger: { event: "signup" }, steps: [{ message: "cart-reminder" }] }] });
    await service.ingest(KEY, [event({ type: "track", name: "signup" }, T0)]);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBe("cart-reminder");
    clock.now += JOURNEY_RUNTIME_LIMITS.pendingLeaseMs - 1;
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBeNull();
    clock.now += 1;
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBe("cart-reminder");
  });

  it("an exit event ends the journey and withdraws its undelivered message", async () => {
    const journey = { id: "j", trigger: { event: "cart.add" }, exit: { event: "purchase" }, steps: [{ message: "cart-reminder" }, { wait: "P1D" }] };
    const { service, journeyRecords, downstream } = harness({ journeys: [journey] });
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" }, T0)]);
    expect(journeyRecords.pendings.map((p) => p.offerId)).toEqual(["cart-reminder"]);
    await service.ingest(KEY, [event({ type: "track", name: "purchase" }, T0)]);
    expect(journeyRecords.stored.size).toBe(0);
    expect(journeyRecords.pendings).toEqual([]);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBeNull();
    expect(statsOf(downstream.sent)).toContainEqual(stat({ step: "steps[1]", metric: "exited" }));
  });

  it("a wait_for that times out with on_timeout exit ends the journey before its message", async () => {
    const journey = { id: "j", trigger: { event: "signup" }, steps: [{ wait_for: { event: "app.open", timeout: "PT2H", on_timeout: "exit" } }, { message: "cart-reminder" }] };
    const { service, journeyRecords, clock, downstream } = harness({ journeys: [journey] });
    await service.ingest(KEY, [event({ type: "track", name: "signup" }, T0)]);
    expect(journeyRecords.nextDue()).toBe(T0 + 2 * HOUR);
    clock.now = T0 + 2 * HOUR;
    await service.wake();
    expect(journeyRecords.stored.size).toBe(0);
    expect(journeyRecords.pendings).toEqual([]);
    expect(statsOf(downstream.sent)).toEqual(expect.arrayContaining([stat({ metric: "timed_out" }), stat({ metric: "exited" })]));
  });

  it("the awaited event resumes a wait_for before its timeout", async () => {
    const journey = { id: "j", trigger: { event: "signup" }, steps: [{ wait_for: { event: "app.open", timeout: "P1D" } }, { message: "cart-reminder" }] };
    const { service, journeyRecords } = harness({ journeys: [journey] });
    await service.ingest(KEY, [event({ type: "track", name: "signup" }, T0)]);
    await service.ingest(KEY, [event({ type: "track", name: "app.open" }, T0)]);
    expect(journeyRecords.stored.size).toBe(0);
    expect(journeyRecords.pendings.map((p) => p.offerId)).toEqual(["cart-reminder"]);
  });

  it("branches on the profile's snapshot audiences and writes attributes that sync shows", async () => {
    const journey = {
      id: "j",
      trigger: { event: "cart.add" },
      steps: [{ if: { audience: "vip" }, then: [{ message: "vip-cart-reminder" }, { set: { tier: "vip" } }], else: [{ message: "cart-reminder" }] }],
    };
    const { service, journeyRecords, facts } = harness({ journeys: [journey] });
    facts.set(KEY, { profile: { id: "u-1" }, audiences: ["vip"] });
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" }, T0)]);
    expect(journeyRecords.pendings.map((p) => p.offerId)).toEqual(["vip-cart-reminder"]);
    const sync = await service.sync({ profileKey: KEY, catalogVersion: "v1", profile: { id: "u-1", tier: "basic" }, audiences: ["vip"] });
    expect(sync.attributes).toEqual({ tier: "vip" });
    expect(sync.pending).toEqual(["vip-cart-reminder"]);
  });

  it("a journey is entered once while active, and never again by default", async () => {
    const journey = { id: "j", trigger: { event: "visit" }, steps: [{ wait: "PT1H" }] };
    const { service, journeyRecords, clock } = harness({ journeys: [journey] });
    await service.ingest(KEY, [event({ type: "track", name: "visit" }, T0), event({ type: "track", name: "visit" }, T0)]);
    expect(journeyRecords.entries.get("j")!.total).toBe(1);
    clock.now = T0 + 2 * HOUR;
    await service.wake();
    expect(journeyRecords.stored.size).toBe(0);
    await service.ingest(KEY, [event({ type: "track", name: "visit" }, clock.now)]);
    expect(journeyRecords.entries.get("j")!.total).toBe(1);
  });

  it("a simulation neither enters journeys nor leases pending messages", async () => {
    const { service, journeyRecords } = harness({ journeys: [{ id: "now", trigger: { event: "signup" }, steps: [{ message: "cart-reminder" }] }] });
    await service.ingest(KEY, [event({ type: "track", name: "signup" }, T0)]);
    const simulated = await service.decide({ ...decideRequest(), simulate: {} });
    expect(simulated.pending).toEqual(["cart-reminder"]);
    expect(simulated.decisions[0]!.offerId).toBe("cart-reminder");
    expect(journeyRecords.leases(T0).size).toBe(0);
    expect((await service.decide(decideRequest())).decisions[0]!.offerId).toBe("cart-reminder");
  });
});

describe("campaigns through the ProfileService", () => {
  const campaign = { id: "spring", audience: "vip", offer: "spring-sale", schedule: { start: iso(T0 - HOUR), end: iso(T0 + HOUR) } };

  it("deliver once to their audience inside their window, on its display", async () => {
    const { service, journeyRecords, downstream, clock } = harness({ campaigns: [campaign] });
    expect((await service.decide(decideRequest(["home-hero"], []))).decisions[0]!.offerId).toBe("default-hero");
    const shown = (await service.decide(decideRequest(["home-hero"], ["vip"]))).decisions[0]!;
    expect(shown).toMatchObject({ offerId: "spring-sale", orchestrated: true });
    expect((await service.decide(decideRequest(["home-hero"], ["vip"]))).decisions[0]!.offerId).toBe("default-hero");

    await service.ingest(KEY, [event({ type: "display", offerId: "spring-sale", decisionId: shown.decisionId }, T0)]);
    expect(journeyRecords.campaignDeliveries("spring")).toBe(1);
    expect(statsOf(downstream.sent)).toContainEqual(stat({ kind: "campaign", id: "spring", metric: "reached" }));
    clock.now += 2 * JOURNEY_RUNTIME_LIMITS.pendingLeaseMs;
    expect((await service.decide(decideRequest(["home-hero"], ["vip"]))).decisions[0]!.offerId).toBe("default-hero");
  });

  it("deliver nothing outside their window", async () => {
    const { service, clock } = harness({ campaigns: [campaign] });
    clock.now = T0 + HOUR;
    expect((await service.decide(decideRequest(["home-hero"], ["vip"]))).decisions[0]!.offerId).toBe("default-hero");
  });
});

describe("JourneyRuntime", () => {
  const compiled = compileCatalog(catalog({ journeys: [{ id: "w", trigger: { event: "go" }, steps: [{ wait: "PT10M" }, { set: { done: true } }] }] }));

  function runtime() {
    const records = new MemoryJourneyRecords();
    const enqueued: (JourneyStatsMessage | WebhookMessage)[] = [];
    const sources = { activeCatalog: async () => compiled, profileFacts: async () => ({ profile: {}, audiences: [] }) };
    return { records, enqueued, runtime: new JourneyRuntime(records, sources, (message) => enqueued.push(message)) };
  }

  it("prepares nothing when no journey, campaign or instance exists", async () => {
    const records = new MemoryJourneyRecords();
    const empty = new JourneyRuntime(records, { activeCatalog: async () => null, profileFacts: async () => ({ profile: {}, audiences: [] }) }, () => {});
    expect(await empty.prepare(KEY, [{ name: "go", type: "track" }])).toBeNull();
  });

  it("a wait is due at its end, and runDue advances it only then", async () => {
    const { records, enqueued, runtime: journeys } = runtime();
    const prepared = (await journeys.prepare(KEY, [{ name: "go", type: "track" }]))!;
    journeys.onEvents(prepared, [{ type: "track", name: "go" }], () => [], T0);
    expect(journeys.nextDue()).toBe(T0 + 10 * MINUTE);
    expect(records.meta("profileKey")).toBe(KEY);

    journeys.runDue(prepared, () => [], T0 + 10 * MINUTE - 1);
    expect(records.stored.get("w")!.pointer).toEqual([0]);
    journeys.runDue(prepared, () => [], T0 + 10 * MINUTE);
    expect(records.stored.size).toBe(0);
    expect(journeys.nextDue()).toBeUndefined();
    expect(records.attributes()).toEqual({ done: true });
    expect(enqueued.flatMap((m) => ("stats" in m ? m.stats : [])).map((s) => `${s.step}:${s.metric}:${s.delta}`)).toEqual([
      "trigger:entered:1",
      "steps[0]:entered:1",
      "steps[0]:waiting:1",
      "steps[0]:waiting:-1",
      "steps[1]:entered:1",
      "steps[1]:completed:1",
    ]);
  });

  it("a paused journey's due wait is rechecked later instead of run", async () => {
    const { records, runtime: journeys } = runtime();
    const prepared = (await journeys.prepare(KEY, [{ name: "go", type: "track" }]))!;
    journeys.onEvents(prepared, [{ type: "track", name: "go" }], () => [], T0);
    const paused = { ...prepared, set: { ...prepared.set, paused: new Set(["w"]) } };
    journeys.runDue(paused, () => [], T0 + HOUR);
    expect(records.stored.get("w")).toMatchObject({ pointer: [0], dueAt: T0 + HOUR + JOURNEY_RUNTIME_LIMITS.pausedRecheckMs });
  });

  it("pendingFor leaves out expired messages, paused journeys' messages and leased offers", () => {
    const { records, runtime: journeys } = runtime();
    const set = journeysOf(compiled);
    const base = { source: "journey" as const, version: "1", step: "steps[0]", createdAt: T0 };
    records.addPending({ ...base, offerId: "a", ref: "w", expiresAt: T0 + DAY });
    records.addPending({ ...base, offerId: "b", ref: "w", expiresAt: T0 });
    records.addPending({ ...base, offerId: "c", ref: "_library", expiresAt: T0 + DAY });
    records.addPending({ ...base, offerId: "d", ref: "w", expiresAt: T0 + DAY });
    records.lease("d", "d-1", T0 + MINUTE);
    expect([...journeys.pendingFor(set, KEY, [], T0).keys()]).toEqual(["a"]);
    expect([...journeys.pendingFor(set, KEY, [], T0, true).keys()]).toEqual(["a", "d"]);
  });
});

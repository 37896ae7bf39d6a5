import { afterEach, describe, expect, it, vi } from "vitest";
import { PROFILE_LIMITS } from "../../src/domain/profiles/limits.ts";
import type { ProfileDecideRequest, ProfileEvent } from "../../src/domain/profiles/types.ts";
import { testCatalog } from "../fixtures/catalog.ts";
import { DAY, HOUR, MINUTE, profileHarness, T0 } from "./fakes.ts";

const KEY = "p:u-vip";
const HOUSEKEEPING = PROFILE_LIMITS.historyAgeMs + MINUTE;

function request(overrides: Partial<ProfileDecideRequest> = {}): ProfileDecideRequest {
  return {
    profileKey: KEY,
    catalogVersion: "v1",
    placements: ["home-hero"],
    profile: { id: "u-vip", ltv: 500 },
    audiences: ["vip"],
    context: {},
    explain: false,
    globalCounts: {},
    ...overrides,
  };
}

let ids = 0;
function event(fields: Partial<ProfileEvent> & Pick<ProfileEvent, "type">): ProfileEvent {
  return { id: `e-${++ids}`, name: fields.type, timestamp: T0, ...fields };
}

function withCatalog(overrides: Parameters<typeof testCatalog>[0] = {}) {
  const harness = profileHarness();
  harness.catalogs.publish("v1", testCatalog(overrides));
  return harness;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("ProfileService.decide", () => {
  it("answers null offers without a catalog", async () => {
    const { service, catalogs } = profileHarness();
    const none = await service.decide(request({ catalogVersion: null, placements: ["home-hero", "banner"] }));
    expect(none).toEqual({
      decidedAt: T0,
      decisions: [
        { placement: "home-hero", offerId: null, fallback: false, decisionId: "d-1" },
        { placement: "banner", offerId: null, fallback: false, decisionId: "d-2" },
      ],
    });
    expect(catalogs.loads).toBe(0);
    const unknown = await service.decide(request({ catalogVersion: "missing" }));
    expect(unknown.decisions[0]).toMatchObject({ offerId: null, fallback: false });
  });

  it("reserves a display for a profile-capped offer, so the cap holds before the display arrives", async () => {
    const { service, records, scheduler } = withCatalog({ vipCapLimit: 1 });
    const first = await service.decide(request());
    expect(first.decisions[0]).toMatchObject({ offerId: "vip-offer", fallback: false, decisionId: "d-1" });
    expect(first.audiences).toEqual(["vip"]);
    expect(records.summary(T0).pendingReservations).toBe(1);
    expect(scheduler.alarmAt).toBe(T0 + HOUSEKEEPING);
    const second = await service.decide(request());
    expect(second.decisions[0]).toMatchObject({ offerId: "default-hero", fallback: true });
  });

  it("a display settles the reservation and keeps counting for the cap", async () => {
    const { service, records } = withCatalog({ vipCapLimit: 1 });
    const { decisions } = await service.decide(request());
    expect(records.reservations.size).toBe(1);
    await service.ingest(KEY, [event({ type: "display", offerId: "vip-offer", decisionId: decisions[0]!.decisionId })]);
    expect(records.reservations.size).toBe(0);
    expect((await service.decide(request())).decisions[0]!.offerId).toBe("default-hero");
  });

  it("a suppress releases the reservation without using the cap", async () => {
    const { service, records } = withCatalog({ vipCapLimit: 1 });
    const { decisions } = await service.decide(request());
    expect(records.reservations.size).toBe(1);
    await service.ingest(KEY, [event({ type: "suppress", offerId: "vip-offer", decisionId: decisions[0]!.decisionId })]);
    expect(records.reservations.size).toBe(0);
    expect((await service.decide(request())).decisions[0]!.offerId).toBe("vip-offer");
  });

  it("an unanswered reservation expires", async () => {
    const { service, clock } = withCatalog({ vipCapLimit: 1 });
    await service.decide(request());
    clock.now += PROFILE_LIMITS.reservationMs;
    expect((await service.decide(request())).decisions[0]!.offerId).toBe("vip-offer");
  });

  it("reserves nothing for offers without a profile display cap", async () => {
    const { service, records, scheduler } = withCatalog();
    const { decisions } = await service.decide(request({ profile: { id: "u-2" }, audiences: [], context: { geo: { country: "BR" } } }));
    expect(decisions[0]!.offerId).toBe("brazil");
    expect(records.reservations.size).toBe(0);
    expect(scheduler.alarmAt).toBeNull();
  });

  it("a simulation stores nothing: no reservation, no alarm, no decision id", async () => {
    const { service, records, scheduler } = withCatalog({ vipCapLimit: 1 });
    const simulated = await service.decide(request({ simulate: { now: T0 + HOUR } }));
    expect(simulated).toMatchObject({ decidedAt: T0 + HOUR, audiences: ["vip"], pending: [] });
    expect(simulated.decisions[0]).toMatchObject({ offerId: "vip-offer", decisionId: "" });
    expect(records.reservations.size).toBe(0);
    expect(records.outboxSize()).toBe(0);
    expect(scheduler.alarmAt).toBeNull();
    expect((await service.decide(request())).decisions[0]).toMatchObject({ offerId: "vip-offer", decisionId: "d-1" });
  });

  it("a simulation decides on its overrides of history and audiences", async () => {
    const { service } = withCatalog({ vipCapLimit: 1 });
    const capped = await service.decide(request({ simulate: { history: [{ name: "display", offerId: "vip-offer", timestamp: T0 - MINUTE }] } }));
    expect(capped.decisions[0]).toMatchObject({ offerId: "default-hero", fallback: true });
    const outsider = await service.decide(request({ simulate: { audiences: [] } }));
    expect(outsider.audiences).toEqual([]);
    expect(outsider.decisions[0]!.offerId).toBe("default-hero");
  });

  it("a simulation explains failed conditions with the values they read", async () => {
    const { service } = withCatalog();
    const { decisions } = await service.decide(request({ profile: { id: "u-vip", ltv: 50 }, explain: true, simulate: { profile: true } }));
    const vip = decisions[0]!.explanation!.candidates.find((candidate) => candidate.offerId === "vip-offer");
    expect(vip).toMatchObject({ outcome: "ineligible", condition: "eligibility.and[1]", reads: [{ path: "profile.ltv", value: 50 }] });
  });
});

describe("ProfileService.ingest", () => {
  it("accepts an event once and reports the same id again as a duplicate", async () => {
    const { service, records } = withCatalog();
    const view = event({ type: "track", name: "page.view" });
    expect(await service.ingest(KEY, [view, view])).toEqual(["accepted", "duplicate"]);
    expect(await service.ingest(KEY, [view])).toEqual(["duplicate"]);
    expect(records.history).toHaveLength(1);
  });

  it("sends accepted events downstream as tagged event messages and empties the outbox", async () => {
    const { service, downstream, records } = withCatalog();
    await service.ingest(KEY, [event({ id: "v-1", type: "track", name: "page.view", placement: "home-hero" })]);
    expect(downstream.sent).toEqual([{ kind: "event", key: `${KEY}|v-1`, type: "track", name: "page.view", placement: "home-hero", timestamp: T0, global: false }]);
    expect(records.outboxSize()).toBe(0);
  });

  it("clamps an event dated in the future to now", async () => {
    const { service, downstream, records } = withCatalog();
    await service.ingest(KEY, [event({ type: "track", name: "page.view", timestamp: T0 + HOUR })]);
    expect(downstream.sent[0]).toMatchObject({ timestamp: T0 });
    expect(records.history[0]!.timestamp).toBe(T0);
  });

  it("counts globally only the events marked global, per offer", async () => {
    const { service, downstream } = withCatalog();
    await service.ingest(KEY, [
      event({ id: "g-1", type: "display", offerId: "limited", global: true }),
      event({ id: "g-2", type: "display", offerId: "vip-offer" }),
      event({ id: "g-3", type: "interact", offerId: "limited", global: true }),
      event({ id: "g-4", type: "track", name: "page.view" }),
    ]);
    expect(downstream.counted).toEqual([
      { offerId: "limited", events: [{ key: `${KEY}|g-1`, name: "display" }, { key: `${KEY}|g-3`, name: "interact" }] },
    ]);
    expect(downstream.sent.map((message) => message.kind === "event" && message.global)).toEqual([true, false, true, false]);
  });

  it("keeps the outbox when downstream fails, retries by alarm, and flushes on wake", async () => {
    const failures = vi.spyOn(console, "error").mockImplementation(() => {});
    const { service, downstream, records, scheduler, clock } = withCatalog();
    downstream.failing = true;
    expect(await service.ingest(KEY, [event({ id: "r-1", type: "track", name: "page.view" })])).toEqual(["accepted"]);
    expect(failures).toHaveBeenCalledTimes(1);
    expect(records.outboxSize()).toBe(1);
    expect(scheduler.alarmAt).toBe(T0 + PROFILE_LIMITS.outboxRetryMs);

    downstream.failing = false;
    clock.now = scheduler.alarmAt!;
    await service.wake();
    expect(downstream.sent).toMatchObject([{ kind: "event", key: `${KEY}|r-1` }]);
    expect(records.outboxSize()).toBe(0);
    expect(scheduler.deletions).toBe(0);
    expect(scheduler.alarmAt).toBe(T0 + HOUSEKEEPING);
  });

  it("a wake while downstream still fails keeps the profile and schedules another retry", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const { service, downstream, records, scheduler, clock } = withCatalog();
    downstream.failing = true;
    await service.ingest(KEY, [event({ type: "track", name: "page.view" })]);
    clock.now += PROFILE_LIMITS.historyAgeMs + DAY;
    await service.wake();
    expect(scheduler.deletions).toBe(0);
    expect(records.outboxSize()).toBe(1);
    expect(scheduler.alarmAt).toBe(clock.now + PROFILE_LIMITS.outboxRetryMs);
  });
});

describe("ProfileService.wake", () => {
  it("deletes a profile that holds nothing", async () => {
    const { service, scheduler } = profileHarness();
    await service.wake();
    expect(scheduler.deletions).toBe(1);
  });

  it("keeps a profile with history and sets the housekeeping alarm by its oldest event", async () => {
    const { service, scheduler, clock } = withCatalog();
    await service.ingest(KEY, [event({ type: "track", name: "page.view", timestamp: T0 - DAY })]);
    clock.now = T0 + HOUR;
    await service.wake();
    expect(scheduler.deletions).toBe(0);
    expect(scheduler.alarmAt).toBe(T0 - DAY + HOUSEKEEPING);
  });

  it("deletes a profile once its history has aged out", async () => {
    const { service, scheduler, records, clock } = withCatalog();
    await service.ingest(KEY, [event({ type: "track", name: "page.view" })]);
    clock.now = T0 + PROFILE_LIMITS.historyAgeMs + MINUTE;
    await service.wake();
    expect(scheduler.deletions).toBe(1);
    expect(records.history).toEqual([]);
  });

  it("keeps a profile whose only state is a live reservation", async () => {
    const { service, scheduler, clock } = withCatalog();
    await service.decide(request());
    clock.now += MINUTE;
    await service.wake();
    expect(scheduler.deletions).toBe(0);
    clock.now += PROFILE_LIMITS.reservationMs;
    await service.wake();
    expect(scheduler.deletions).toBe(1);
  });
});

describe("ProfileService.sync", () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const catalog = {
    placements: [{ id: "home-hero", format: "html" }],
    offers: [
      { id: "default-hero", placements: ["home-hero"], content: { html: "<p>Welcome</p>" } },
      { id: "spring-sale", placements: ["home-hero"], content: { html: "<p>Spring</p>" } },
      { id: "capped", placements: ["home-hero"], caps: [{ event: "display", limit: 9, period: "week", scope: "profile" }], content: { html: "<p>Capped</p>" } },
    ],
    fallbacks: { "home-hero": "default-hero" },
    audiences: [{ id: "shopper", rule: { ">=": [{ history: { name: "cart.add", within: "P1D" } }, 1] } }],
    campaigns: [{ id: "spring", audience: "vip", offer: "spring-sale", schedule: { start: iso(T0 - DAY), end: iso(T0 + DAY) } }],
  };
  const syncRequest = { profileKey: KEY, catalogVersion: "v1", profile: { id: "u-vip", tier: "gold" }, audiences: ["vip"] };

  it("without a catalog: the summary, the attributes without id, the snapshot audiences", async () => {
    const { service } = profileHarness();
    expect(await service.sync({ ...syncRequest, catalogVersion: null })).toEqual({
      history: [],
      caps: {},
      pendingReservations: 0,
      attributes: { tier: "gold" },
      audiences: ["vip"],
      pending: [],
    });
  });

  it("adds the real-time audiences that hold and the pending campaign offers", async () => {
    const { service, catalogs } = profileHarness();
    catalogs.publish("v1", catalog);
    const before = await service.sync(syncRequest);
    expect(before.audiences).toEqual(["vip"]);
    expect(before.pending).toEqual(["spring-sale"]);
    await service.ingest(KEY, [event({ type: "track", name: "cart.add" })]);
    expect((await service.sync(syncRequest)).audiences).toEqual(["vip", "shopper"]);
    expect((await service.sync({ ...syncRequest, audiences: [] })).pending).toEqual([]);
  });

  it("reports history newest first and cap counters per period", async () => {
    const { service, catalogs } = profileHarness();
    catalogs.publish("v1", catalog);
    await service.ingest(KEY, [
      event({ type: "display", offerId: "capped", timestamp: T0 - 8 * DAY }),
      event({ type: "display", offerId: "capped", timestamp: T0 - MINUTE }),
      event({ type: "track", name: "cart.add" }),
    ]);
    await service.decide({ ...request(), placements: ["home-hero"], audiences: [] });
    const sync = await service.sync({ ...syncRequest, audiences: [] });
    expect(sync.history).toEqual([
      { name: "cart.add", timestamp: T0 },
      { name: "display", offerId: "capped", timestamp: T0 - MINUTE },
      { name: "display", offerId: "capped", timestamp: T0 - 8 * DAY },
    ]);
    expect(sync.pendingReservations).toBe(1);
    expect(sync.caps["capped"]!["display"]).toEqual({ day: 2, week: 2, month: 3, lifetime: 3, lastAt: T0 });
  });
});

// GET /v1/admin/stats/series (issue #21) in workerd with the real bindings: events through the
// queue consumer land in exact hourly and daily buckets, a redelivered batch counts once, every
// bucket is present (zeros filled), journeys per step, campaigns, experiments per variant, webhook
// destinations from their object's deliveries, bad parameters refused with 4xx at their path, and
// the hourly rows pruned after their retention.
import { createExecutionContext, createMessageBatch, getQueueResult, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { Statistics } from "../src/adapters/d1/statistics.ts";
import { SERIES_RETENTION } from "../src/domain/stats/buckets.ts";
import type { DeliveryStore } from "../src/adapters/sqlite/delivery-records.ts";
import type { EventMessage, JourneyStatsMessage, OutboxMessage, StatDelta } from "../src/domain/events/messages.ts";
import { consumeEvents } from "../src/hosts/queue-consumer.ts";
import { adminHeaders, event, eventually, fetchEdge, json, publish, sendEvents, uid } from "./helpers.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The start of the UTC hour `n` hours before the current one. */
const hoursAgo = (n: number) => Math.floor(Date.now() / HOUR) * HOUR - n * HOUR;
const daysAgo = (n: number) => Math.floor(Date.now() / DAY) * DAY - n * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Series = { kind: string; id: string; granularity: string; from: string; to: string; metrics: string[]; series: any[] };

async function series(query: Record<string, string>): Promise<Series> {
  const response = await fetchEdge(`/v1/admin/stats/series?${new URLSearchParams(query)}`, { headers: adminHeaders() });
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

async function refused(query: string, status = 400): Promise<{ code: string; path?: string; message: string }> {
  const response = await fetchEdge(`/v1/admin/stats/series?${query}`, { headers: adminHeaders() });
  expect(response.status, query).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  return ((await json(response)) as { error: { code: string; path?: string; message: string } }).error;
}

/** Runs the queue consumer over one batch of these messages (as Queues would deliver them). */
async function consume(bodies: OutboxMessage[]) {
  const batch = createMessageBatch<OutboxMessage>("edgewise-events", bodies.map((body) => ({ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await consumeEvents(batch as MessageBatch<unknown>, env);
  const result = await getQueueResult(batch, ctx);
  expect(result.ackAll).toBe(true);
}

const offerEvent = (offerId: string, type: string, timestamp: number, placement?: string, extra: Partial<EventMessage> = {}): EventMessage => ({
  kind: "event", global: false, key: `p:${uid()}|${uid()}`, type, name: type, offerId, timestamp, ...(placement ? { placement } : {}), ...extra,
});

const stats = (timestamp: number, deltas: Omit<StatDelta, "delta">[], delta = 1): JourneyStatsMessage => ({
  kind: "journey-stats", key: `p:${uid()}|stat|${uid()}`, timestamp, stats: deltas.map((d) => ({ ...d, delta })),
});

describe("GET /v1/admin/stats/series", () => {
  const webhookUrl = "https://esp.example/send";
  const experimentId = "hero-series-test";
  beforeAll(async () => {
    await publish({
      placements: [{ id: "series-hero", format: "json" }, { id: "series-strip", format: "json" }],
      offers: [
        { id: "series-a", placements: ["series-hero", "series-strip"], content: { title: "A" } },
        { id: "series-b", placements: ["series-hero"], content: { title: "B" } },
        { id: "series-http", placements: ["series-hero"], content: { title: "HTTP" } },
      ],
      experiments: [{
        id: experimentId, placement: "series-hero", start: "2020-01-01T00:00:00Z", metric: { event: "conversion" },
        variants: [{ id: "control", offer: "series-a", weight: 50 }, { id: "b", offer: "series-b", weight: 50 }],
      }],
      webhooks: [{ id: "series-esp", url: webhookUrl }],
    });
  });

  it("counts offers' events in their exact UTC hours, every hour present, and a placement sums its offers", async () => {
    const offerId = uid("offer");
    const h5 = hoursAgo(5);
    const h2 = hoursAgo(2);
    await consume([
      offerEvent(offerId, "display", h5 + 1_000, "series-hero"),
      offerEvent(offerId, "display", h5 + HOUR - 1, "series-hero"),
      offerEvent(offerId, "interact", h5 + 30 * 60_000, "series-strip"),
      offerEvent(offerId, "display", h2 + 10, "series-strip"),
      offerEvent(offerId, "conversion", h2 + 20),
      offerEvent(offerId, "trigger", h2 + 30),
      offerEvent(offerId, "suppress", h2 + 40, "series-hero"),
      offerEvent(offerId, "dismiss", h2 + 50, "series-hero"),
    ]);
    const answer = await series({ kind: "offer", id: offerId, granularity: "hour", from: iso(h5 - 2 * HOUR), to: iso(h2 + 2 * HOUR) });
    expect(answer).toMatchObject({ kind: "offer", id: offerId, granularity: "hour", from: iso(h5 - 2 * HOUR), to: iso(h2 + 2 * HOUR) });
    expect(answer.metrics).toEqual(["trigger", "display", "interact", "dismiss", "suppress", "conversion"]);
    const zero = { trigger: 0, display: 0, interact: 0, dismiss: 0, suppress: 0, conversion: 0 };
    expect(answer.series).toEqual([
      { at: iso(h5 - 2 * HOUR), ...zero },
      { at: iso(h5 - HOUR), ...zero },
      { at: iso(h5), ...zero, display: 2, interact: 1 },
      { at: iso(h5 + HOUR), ...zero },
      { at: iso(h5 + 2 * HOUR), ...zero },
      { at: iso(h2), ...zero, display: 1, conversion: 1, trigger: 1, suppress: 1, dismiss: 1 },
      { at: iso(h2 + HOUR), ...zero },
    ]);
    // The same events per UTC day (from offer_stats): the range's days, the counts in theirs.
    const daily = await series({ kind: "offer", id: offerId, from: iso(daysAgo(2)), to: iso(daysAgo(-1)) });
    expect(daily.granularity).toBe("day");
    expect(daily.series.map((p) => p.at)).toEqual([iso(daysAgo(2)), iso(daysAgo(1)), iso(daysAgo(0))]);
    const total = (s: Series, m: string) => s.series.reduce((n, p) => n + p[m], 0);
    expect([total(daily, "display"), total(daily, "interact"), total(daily, "conversion")]).toEqual([3, 1, 1]);
    for (const p of daily.series) expect(p.display).toBe([h5, h5 + HOUR - 1, h2 + 10].filter((t) => Math.floor(t / DAY) * DAY === Date.parse(p.at)).length);

    const placement = uid("spot");
    const other = uid("offer");
    await consume([offerEvent(offerId, "display", h2 + 1, placement), offerEvent(other, "display", h2 + 2, placement), offerEvent(other, "interact", h2 + 3, placement)]);
    const byPlacement = await series({ kind: "placement", id: placement, granularity: "hour", from: iso(h2), to: iso(h2 + HOUR) });
    expect(byPlacement.series).toEqual([{ at: iso(h2), ...zero, display: 2, interact: 1 }]);
  });

  it("counts a redelivered queue batch once (and a message repeated within a batch)", async () => {
    const offerId = uid("offer");
    const h1 = hoursAgo(1);
    const batch = [offerEvent(offerId, "display", h1 + 5, "series-hero"), offerEvent(offerId, "interact", h1 + 6, "series-hero")];
    await consume([...batch, batch[0]!]);
    await consume(batch);
    const journeyId = uid("journey");
    const step = stats(h1 + 7, [{ kind: "journey", id: journeyId, version: "v1", step: "trigger", metric: "entered" }, { kind: "journey", id: journeyId, version: "v1", step: "steps[0]", metric: "entered" }]);
    await consume([step]);
    await consume([step, step]);
    const offer = await series({ kind: "offer", id: offerId, granularity: "hour", from: iso(h1), to: iso(h1 + HOUR) });
    expect(offer.series[0]).toMatchObject({ display: 1, interact: 1 });
    const journey = await series({ kind: "journey", id: journeyId, granularity: "hour", from: iso(h1), to: iso(h1 + HOUR) });
    expect(journey.series[0]).toMatchObject({ entered: 1, steps: { trigger: { entered: 1 }, "steps[0]": { entered: 1 } } });
    // The totals of GET /v1/admin/stats agree.
    const totals = await json(await fetchEdge(`/v1/admin/stats?offerId=${offerId}`, { headers: adminHeaders() }));
    expect(totals.offers[0]).toMatchObject({ display: 1, interact: 1 });
  });

  it("fills a series from events sent to POST /v1/events (the real queue)", async () => {
    const h3 = hoursAgo(3);
    const profileId = uid("p");
    const result = await sendEvents([
      event({ type: "display", offerId: "series-http", placement: "series-hero", profileId, timestamp: h3 + 60_000 }),
      event({ type: "display", offerId: "series-http", placement: "series-hero", profileId, timestamp: h3 + HOUR + 60_000 }),
      event({ type: "interact", offerId: "series-http", placement: "series-hero", profileId, timestamp: h3 + HOUR + 120_000 }),
    ]);
    expect(result.accepted).toBe(3);
    const answer = await eventually(async () => {
      const s = await series({ kind: "offer", id: "series-http", granularity: "hour", from: iso(h3), to: iso(h3 + 3 * HOUR) });
      return s.series.reduce((n, p) => n + p.display + p.interact, 0) === 3 ? s : undefined;
    });
    expect(answer.series.map((p) => [p.display, p.interact])).toEqual([[1, 0], [1, 1], [0, 0]]);
  });

  it("journeys per step and in total (entries, completions, exits, deliveries), hourly and daily; campaigns", async () => {
    const journeyId = uid("journey");
    const j = (step: string, metric: string, version = "v1") => ({ kind: "journey" as const, id: journeyId, version, step, metric });
    const h4 = hoursAgo(4);
    const h3 = hoursAgo(3);
    await consume([
      stats(h4 + 10, [j("trigger", "entered"), j("steps[0]", "entered"), j("steps[0]", "waiting")]),
      stats(h4 + 20, [j("trigger", "entered"), j("steps[0]", "entered"), j("steps[0]", "waiting")]),
      // A gauge moves back: not part of a series.
      stats(h3 + 10, [j("steps[0]", "waiting")], -1),
      stats(h3 + 11, [j("steps[1]", "entered"), j("steps[1].then[0]", "entered"), j("steps[1].then[0]", "completed")]),
      stats(h3 + 12, [j("steps[1]", "entered", "v2"), j("steps[1].else[0]", "entered", "v2"), j("steps[1].else[0]", "exited", "v2")]),
      stats(h3 + 13, [j("steps[1].then[0]", "delivered"), j("steps[1].then[0]", "displayed")]),
    ]);
    const answer = await series({ kind: "journey", id: journeyId, granularity: "hour", from: iso(h4), to: iso(h3 + HOUR) });
    expect(answer.metrics).toEqual(["entered", "completed", "exited", "timed_out", "limited", "delivered", "displayed", "interacted", "dismissed", "failed"]);
    const [first, second] = answer.series;
    expect(Object.keys(first.steps)).toEqual(["trigger", "steps[0]", "steps[1]", "steps[1].else[0]", "steps[1].then[0]"]);
    expect(first).toMatchObject({ at: iso(h4), entered: 2, completed: 0, exited: 0 });
    expect(first.steps["steps[0]"]).toMatchObject({ entered: 2, completed: 0 });
    expect(first.steps["steps[0]"]).not.toHaveProperty("waiting");
    expect(first.steps["steps[1]"].entered).toBe(0);
    // Versions are summed per step label; a step's `entered` is not a journey entry.
    expect(second).toMatchObject({ at: iso(h3), entered: 0, completed: 1, exited: 1, delivered: 1, displayed: 1 });
    expect(second.steps["steps[1]"].entered).toBe(2);
    expect(second.steps["steps[1].then[0]"]).toMatchObject({ entered: 1, completed: 1, delivered: 1, displayed: 1 });
    expect(second.steps["steps[1].else[0]"]).toMatchObject({ entered: 1, exited: 1 });
    const daily = await series({ kind: "journey", id: journeyId, granularity: "day", from: iso(daysAgo(1)), to: iso(daysAgo(-1)) });
    const sum = (m: string) => daily.series.reduce((n, p) => n + p[m], 0);
    expect([sum("entered"), sum("completed"), sum("exited")]).toEqual([2, 1, 1]);
    expect(daily.series.reduce((n, p) => n + p.steps["steps[1]"].entered, 0)).toBe(2);

    const campaignId = uid("campaign");
    const k = (metric: string) => ({ kind: "campaign" as const, id: campaignId, version: "", step: "", metric });
    await consume([stats(h4 + 1, [k("reached")]), stats(h4 + 2, [k("reached")]), stats(h3 + 3, [k("delivered"), k("displayed")])]);
    const campaign = await series({ kind: "campaign", id: campaignId, granularity: "hour", from: iso(h4), to: iso(h3 + HOUR) });
    expect(campaign.metrics).toEqual(["reached", "delivered", "displayed", "interacted", "dismissed"]);
    expect(campaign.series).toEqual([
      { at: iso(h4), reached: 2, delivered: 0, displayed: 0, interacted: 0, dismissed: 0 },
      { at: iso(h3), reached: 0, delivered: 1, displayed: 1, interacted: 0, dismissed: 0 },
    ]);
  });

  it("experiments: exposures and conversions per variant (unique profiles), by exposure and conversion time", async () => {
    const h6 = hoursAgo(6);
    const exposure = (profile: string, variantId: string, at: number) =>
      offerEvent(variantId === "control" ? "series-a" : "series-b", "display", at, "series-hero", { profileKey: profile, experimentId, variantId });
    const conversion = (profile: string, at: number): EventMessage => ({ kind: "event", global: false, key: `${profile}|${uid()}`, type: "conversion", name: "conversion", timestamp: at, profileKey: profile, metric: true });
    const [p1, p2, p3] = [uid("p:x"), uid("p:y"), uid("p:z")];
    await consume([
      exposure(p1, "control", h6 + 10),
      exposure(p1, "control", h6 + 20), // the same profile again: one exposure
      exposure(p2, "b", h6 + 30),
      exposure(p3, "b", h6 + HOUR + 30),
      conversion(p2, h6 + 2 * HOUR + 5),
      conversion(p2, h6 + 2 * HOUR + 6), // a profile converts once
    ]);
    const answer = await series({ kind: "experiment", id: experimentId, granularity: "hour", from: iso(h6), to: iso(h6 + 3 * HOUR) });
    expect(answer.metrics).toEqual(["exposures", "conversions"]);
    expect(answer.series).toEqual([
      { at: iso(h6), exposures: 2, conversions: 0, variants: { control: { exposures: 1, conversions: 0 }, b: { exposures: 1, conversions: 0 } } },
      { at: iso(h6 + HOUR), exposures: 1, conversions: 0, variants: { control: { exposures: 0, conversions: 0 }, b: { exposures: 1, conversions: 0 } } },
      { at: iso(h6 + 2 * HOUR), exposures: 0, conversions: 1, variants: { control: { exposures: 0, conversions: 0 }, b: { exposures: 0, conversions: 1 } } },
    ]);
    // A conversion counts in its own bucket even when the exposure was before the range.
    const later = await series({ kind: "experiment", id: experimentId, granularity: "hour", from: iso(h6 + 2 * HOUR), to: iso(h6 + 3 * HOUR) });
    expect(later.series[0]).toMatchObject({ exposures: 0, conversions: 1 });
  });

  it("webhook destinations: delivered, failed, retried and p95 latency per hour, from the destination's object", async () => {
    const stub = env.OUTBOUND.get(env.OUTBOUND.idFromName("webhook:series-esp"));
    const h3 = hoursAgo(3);
    const h1 = hoursAgo(1);
    await runInDurableObject(stub, (instance) => {
      const records = (instance as unknown as { records: DeliveryStore }).records;
      const deliver = (at: number, latencyMs: number, retries = 0) => {
        const id = crypto.randomUUID();
        records.add([{ id, source: "journey:x@steps[0]", body: "{}", createdAt: at }], at);
        for (let r = 0; r < retries; r++) records.attempted(id, { verdict: "retry", status: 503, error: "busy", latencyMs: null, nextAttemptAt: at + 1000 }, at + 500);
        records.attempted(id, { verdict: "delivered", status: 200, error: null, latencyMs }, at + 1000);
      };
      // 40 delivered in h3 with latencies 1…40 ms (p95: the 39th), two of them after a retry.
      for (let i = 1; i <= 40; i++) deliver(h3 + i * 1000, i, i <= 2 ? 1 : 0);
      const failed = crypto.randomUUID();
      records.add([{ id: failed, source: "journey:x@steps[0]", body: "{}", createdAt: h1 }], h1);
      records.attempted(failed, { verdict: "failed", status: 400, error: "bad request", latencyMs: 12 }, h1 + 10);
      const waiting = crypto.randomUUID();
      records.add([{ id: waiting, source: "journey:x@steps[0]", body: "{}", createdAt: h1 }], h1);
      records.attempted(waiting, { verdict: "retry", status: 500, error: "down", latencyMs: null, nextAttemptAt: Date.now() + DAY }, h1 + 20);
    });
    const answer = await series({ kind: "webhook", id: "series-esp", granularity: "hour", from: iso(h3), to: iso(h1 + HOUR) });
    expect(answer.metrics).toEqual(["delivered", "failed", "retried", "p95LatencyMs"]);
    expect(answer.series).toEqual([
      { at: iso(h3), delivered: 40, failed: 0, retried: 2, p95LatencyMs: 39 },
      { at: iso(h3 + HOUR), delivered: 0, failed: 0, retried: 0, p95LatencyMs: null },
      { at: iso(h1), delivered: 0, failed: 1, retried: 1, p95LatencyMs: null },
    ]);
    const daily = await series({ kind: "webhook", id: "series-esp", granularity: "day", from: iso(daysAgo(1)), to: iso(daysAgo(-1)) });
    expect(daily.series.reduce((n, p) => n + p.delivered, 0)).toBe(40);
    expect(daily.series.reduce((n, p) => n + p.failed, 0)).toBe(1);
  });

  it("fills zeros for what has no counts, with defaults: daily, the last 7 days; hourly, the last 24 hours", async () => {
    const daily = await series({ kind: "offer", id: uid("nothing") });
    expect(daily.granularity).toBe("day");
    expect(daily.series.length).toBe(8); // 7 days from an unaligned now: 8 UTC days
    expect(daily.series.every((p) => p.display === 0 && p.conversion === 0)).toBe(true);
    expect(daily.to).toBe(iso(daysAgo(-1)));
    const hourly = await series({ kind: "campaign", id: uid("none"), granularity: "hour" });
    expect(hourly.series.length).toBe(25);
    expect(hourly.series.every((p) => p.reached === 0)).toBe(true);
    const journey = await series({ kind: "journey", id: uid("none"), granularity: "hour", from: "2026-01-01T00:00:00Z", to: "2026-01-01T03:30:00+00:00" });
    expect(journey.series.map((p) => p.at)).toEqual(["2026-01-01T00:00:00.000Z", "2026-01-01T01:00:00.000Z", "2026-01-01T02:00:00.000Z", "2026-01-01T03:00:00.000Z"]);
    expect(journey.series[0]).toMatchObject({ entered: 0, steps: {} });
    const days = await series({ kind: "placement", id: "nowhere", from: "2026-01-01", to: "2026-03-31T12:00:00Z" });
    expect(days.series.length).toBe(90);
    expect(days.from).toBe("2026-01-01T00:00:00.000Z");
    expect(days.to).toBe("2026-04-01T00:00:00.000Z");
  });

  it("refuses bad parameters with 400 invalid_parameter at their path, unknown experiments and webhooks with 404, and needs the admin key", async () => {
    expect(await refused("id=x")).toMatchObject({ code: "invalid_parameter", path: "$.kind" });
    expect(await refused("kind=visits&id=x")).toMatchObject({ code: "invalid_parameter", path: "$.kind" });
    expect(await refused("kind=offer")).toMatchObject({ code: "invalid_parameter", path: "$.id" });
    expect(await refused("kind=offer&id=")).toMatchObject({ code: "invalid_parameter", path: "$.id" });
    expect(await refused(`kind=offer&id=${"x".repeat(201)}`)).toMatchObject({ code: "invalid_parameter", path: "$.id" });
    expect(await refused("kind=offer&id=x&granularity=minute")).toMatchObject({ code: "invalid_parameter", path: "$.granularity" });
    expect(await refused("kind=offer&id=x&from=yesterday")).toMatchObject({ code: "invalid_parameter", path: "$.from" });
    expect(await refused("kind=offer&id=x&from=2026-13-45")).toMatchObject({ code: "invalid_parameter", path: "$.from" });
    expect(await refused("kind=offer&id=x&to=2026-01-01T10:00")).toMatchObject({ code: "invalid_parameter", path: "$.to" });
    expect(await refused("kind=offer&id=x&from=2026-01-02&to=2026-01-01")).toMatchObject({ code: "invalid_parameter", path: "$.to" });
    expect(await refused("kind=offer&id=x&from=2026-01-01&to=2026-01-01")).toMatchObject({ code: "invalid_parameter", path: "$.to" });
    expect(await refused("kind=offer&id=x&granularity=hour&from=2026-01-01&to=2026-01-15T00:00:01Z")).toMatchObject({ code: "invalid_parameter", path: "$.from", message: expect.stringContaining("14 days") });
    expect(await refused("kind=offer&id=x&from=2026-01-01&to=2026-04-02")).toMatchObject({ code: "invalid_parameter", message: expect.stringContaining("90 days") });
    expect(await refused("kind=experiment&id=no-such-experiment", 404)).toMatchObject({ code: "unknown_experiment", path: "$.id" });
    expect(await refused("kind=webhook&id=no-such-webhook", 404)).toMatchObject({ code: "unknown_destination", path: "$.id" });
    // Exactly the longest ranges are fine.
    await series({ kind: "offer", id: "x", granularity: "hour", from: "2026-01-01", to: "2026-01-15" });
    await series({ kind: "offer", id: "x", from: "2026-01-01", to: "2026-04-01" });
    const anonymous = await fetchEdge("/v1/admin/stats/series?kind=offer&id=x");
    expect(anonymous.status).toBe(401);
  });

  it("prunes hourly rows after 30 days and daily journey rows after 400, keeping the rest", async () => {
    const offerId = uid("offer");
    const journeyId = uid("journey");
    const now = Date.now();
    const old = now - SERIES_RETENTION.hourlyMs - 2 * HOUR;
    const recent = hoursAgo(1);
    const j = { kind: "journey" as const, id: journeyId, version: "v", step: "trigger", metric: "entered" };
    await consume([offerEvent(offerId, "display", old), offerEvent(offerId, "display", recent), stats(old, [j]), stats(recent, [j]), stats(now - SERIES_RETENTION.dailyMs - 2 * DAY, [j])]);
    const count = async (sql: string, id: string) => (await env.STATS_DB.prepare(sql).bind(id).first<{ n: number }>())!.n;
    expect(await count("SELECT COUNT(*) AS n FROM offer_stats_hourly WHERE offer_id = ?", offerId)).toBe(2);
    expect(await count("SELECT COUNT(*) AS n FROM journey_stats_daily WHERE id = ?", journeyId)).toBe(3);
    await new Statistics(env.STATS_DB).prune(now);
    expect(await count("SELECT COUNT(*) AS n FROM offer_stats_hourly WHERE offer_id = ?", offerId)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM journey_stats_hourly WHERE id = ?", journeyId)).toBe(1);
    expect(await count("SELECT COUNT(*) AS n FROM journey_stats_daily WHERE id = ?", journeyId)).toBe(2);
    // The daily offer counts (offer_stats) stay.
    expect(await count("SELECT SUM(count) AS n FROM offer_stats WHERE offer_id = ?", offerId)).toBe(2);
  });
});

// A webhook destination's series (GET /v1/admin/stats/series?kind=webhook) in workerd, from the
// hourly counters in its Durable Object's SQLite: the destination's own service sends on a simulated
// clock (the object's real storage, a scripted receiver), and after every run the counters answer
// what the delivery rows answered before the counters existed (the reference below, the former
// query); a delivery still counts once its row is pruned; a day is the sum of its hours with a p95
// within the histogram's precision; an object from before the counters fills them from its rows;
// the counters go after their retention; bad queries are still refused.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { SERIES_RETENTION } from "../src/domain/stats/buckets.ts";
import { DeliveryStore } from "../src/adapters/sqlite/delivery-records.ts";
import { DestinationService } from "../src/domain/outbound/destination-service.ts";
import type { Destination } from "../src/domain/outbound/destinations.ts";
import { OUTBOUND_LIMITS } from "../src/domain/outbound/limits.ts";
import type { DestinationSeriesPoint } from "../src/domain/outbound/ports.ts";
import { adminHeaders, fetchEdge, json, publish } from "./helpers.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const hook = (id: string): Destination => ({ kind: "webhook", id, url: `https://esp.example/${id}`, timeoutMs: 10_000 });

type Point = DestinationSeriesPoint;
type Answer = { at: string; delivered: number; failed: number; retried: number; p95LatencyMs: number | null };

async function webhookSeries(id: string, from: number, to: number, granularity: "hour" | "day"): Promise<Answer[]> {
  const query = new URLSearchParams({ kind: "webhook", id, granularity, from: iso(from), to: iso(to) });
  const response = await fetchEdge(`/v1/admin/stats/series?${query}`, { headers: adminHeaders() });
  const body = await json(response);
  expect(response.status, JSON.stringify(body)).toBe(200);
  expect(body.metrics).toEqual(["delivered", "failed", "retried", "p95LatencyMs"]);
  return body.series;
}

/** The series as it was computed from the delivery rows before the counters (verbatim the former query): the reference. */
function seriesFromRows(sql: SqlStorage, from: number, to: number, bucketMs: number): Point[] {
  const points: Point[] = [];
  for (let at = from; at < to; at += bucketMs) points.push({ at, delivered: 0, failed: 0, retried: 0, p95LatencyMs: null });
  const counts = sql
    .exec<{ b: number; delivered: number; failed: number; retried: number }>(
      `SELECT CAST((updated_at - ?1) / ?3 AS INTEGER) AS b, sum(status = 'delivered') AS delivered, sum(status = 'failed') AS failed,
         sum(attempts > 1 OR (status = 'pending' AND attempts > 0)) AS retried
       FROM d_deliveries WHERE updated_at >= ?1 AND updated_at < ?2 GROUP BY b`,
      from, to, bucketMs,
    )
    .toArray();
  for (const row of counts) Object.assign(points[row.b] ?? {}, { delivered: row.delivered, failed: row.failed, retried: row.retried });
  const p95 = sql
    .exec<{ b: number; ms: number }>(
      `SELECT b, ms FROM (
         SELECT CAST((updated_at - ?1) / ?3 AS INTEGER) AS b, latency_ms AS ms,
           row_number() OVER (PARTITION BY CAST((updated_at - ?1) / ?3 AS INTEGER) ORDER BY latency_ms) - 1 AS rank,
           count(*) OVER (PARTITION BY CAST((updated_at - ?1) / ?3 AS INTEGER)) AS n
         FROM d_deliveries WHERE status = 'delivered' AND latency_ms IS NOT NULL AND updated_at >= ?1 AND updated_at < ?2)
       WHERE rank = min(n - 1, CAST(n * 0.95 AS INTEGER))`,
      from, to, bucketMs,
    )
    .toArray();
  for (const row of p95) if (points[row.b]) points[row.b]!.p95LatencyMs = row.ms;
  return points;
}

/** The same counts, and a p95 within the histogram's documented precision (exact ≤ p95 ≤ 1.1 × exact). */
function expectSameAsRows(answer: readonly (Point | Answer)[], reference: readonly Point[]): void {
  expect(answer.map(({ at, delivered, failed, retried }) => ({ at: typeof at === "number" ? at : Date.parse(at), delivered, failed, retried }))).toEqual(
    reference.map(({ at, delivered, failed, retried }) => ({ at, delivered, failed, retried })),
  );
  for (const [i, point] of answer.entries()) {
    const exact = reference[i]!.p95LatencyMs;
    if (exact === null) expect(point.p95LatencyMs, `bucket ${i}`).toBeNull();
    else {
      expect(point.p95LatencyMs, `bucket ${i}`).toBeGreaterThanOrEqual(exact);
      expect(point.p95LatencyMs, `bucket ${i}`).toBeLessThanOrEqual(1.1 * exact);
    }
  }
}

/**
 * The destination's service over the object's real DeliveryStore, on a simulated clock starting at
 * `start`: `answer(id, attempt)` is the receiver's status and latency for that attempt;
 * `afterAttempt` runs right after each attempt's outcome is stored.
 */
function simulated(records: DeliveryStore, start: number, answer: (id: string, attempt: number) => { status: number; ms: number }, afterAttempt?: () => void) {
  let now = start;
  const attempts = new Map<string, number>();
  const watched = new Proxy(records, {
    get: (target, key, receiver) =>
      key === "attempted" && afterAttempt
        ? (...args: Parameters<DeliveryStore["attempted"]>) => {
            target.attempted(...args);
            afterAttempt();
          }
        : Reflect.get(target, key, receiver),
  });
  const service = new DestinationService({
    records: watched,
    campaigns: { page: async () => [], catalog: async () => null },
    secret: () => undefined,
    development: false,
    fetch: async (_url, init) => {
      const id = (init!.headers as Record<string, string>)["x-edgewise-delivery"]!;
      const n = (attempts.get(id) ?? 0) + 1;
      attempts.set(id, n);
      const { status, ms } = answer(id, n);
      now += ms;
      return new Response(status < 300 ? null : "busy", { status });
    },
    wakeAt: async () => undefined,
    now: () => now,
    sleep: async (ms) => void (now += ms),
    random: () => 1,
  });
  return {
    service,
    now: () => now,
    setNow: (at: number) => void (now = at),
    enqueue: (destination: Destination, ids: readonly string[]) => service.enqueue(destination, ids.map((id) => ({ id, source: "journey:j@steps[0]", body: "{}", createdAt: now }))),
  };
}

const storeOf = (instance: unknown) => (instance as { records: DeliveryStore }).records;
const stub = (id: string) => env.OUTBOUND.get(env.OUTBOUND.idFromName(`webhook:${id}`));
/** `n` delivery ids `<prefix>-<number>-<uuid part>`, numbered from `first`. */
const ids = (n: number, prefix: string, first = 0) => Array.from({ length: n }, (_, i) => `${prefix}-${first + i}-${crypto.randomUUID().slice(9)}`);
const numberOf = (id: string) => Number(id.split("-")[1]);
const hourRows = (sql: SqlStorage) => sql.exec<{ hour: number }>("SELECT hour FROM d_hours ORDER BY hour").toArray().map((r) => r.hour);

describe("a webhook destination's series, from its hourly counters", () => {
  beforeAll(async () => {
    await publish({
      placements: [{ id: "home", format: "json" }],
      offers: [{ id: "hello", placements: ["home"], content: { title: "Hello" } }],
      webhooks: ["counted", "pruned", "days", "upgraded"].map((id) => ({ id, url: `https://esp.example/${id}` })),
    });
  });

  it("counts every attempt's outcome as the delivery rows did — delivered, failed, retried, p95 — however a delivery moves between hours", async () => {
    const start = hourOf(Date.now()) - 30 * HOUR + 10 * 60_000;
    const from = hourOf(start);
    const to = from + 6 * HOUR;
    let failedEarly = "";
    await runInDurableObject(stub("counted"), async (instance, state) => {
      const records = storeOf(instance);
      const sql = state.storage.sql;
      let checked = 0;
      const check = () => {
        expectSameAsRows(records.series(from, to, HOUR), seriesFromRows(sql, from, to, HOUR));
        expectSameAsRows(records.series(dayOf(from), dayOf(to) + DAY, DAY), seriesFromRows(sql, dayOf(from), dayOf(to) + DAY, DAY));
        checked++;
      };
      // 0: refused at once; 1: busy once, then delivered; 2: busy until the test ends (retrying, moving to each new hour); others: delivered.
      // After every attempt, the counters answer what the rows answer.
      const answer = (id: string, attempt: number) => {
        const kind = numberOf(id) % 10;
        const ms = 3 + ((numberOf(id) * 37 + attempt * 11) % 700);
        if (kind === 0) return { status: 400, ms };
        if (kind === 2 || (kind === 1 && attempt === 1)) return { status: 503, ms };
        return { status: 200, ms };
      };
      const sim = simulated(records, start, answer, check);
      for (let batch = 0; batch < 3; batch++) {
        const batchIds = ids(40, "d", 40 * batch);
        await sim.enqueue(hook("counted"), batchIds);
        await sim.service.run();
        check();
        if (batch === 0) failedEarly = batchIds[0]!;
        sim.setNow(sim.now() + HOUR);
      }
      // The waiting ones were tried again in each later hour: all counted in the last (check() above), none left behind.
      const waiting = records.list("pending", 100);
      expect(waiting.filter((d) => numberOf(d.id) % 10 === 2)).toHaveLength(12);
      expect(new Set(waiting.map((d) => hourOf(d.updatedAt)))).toEqual(new Set([from + 2 * HOUR]));
      // An operator's retry moves a failed delivery from its hour to the retry's (pending, retried), then to its next attempt's.
      expect(records.get(failedEarly)).toMatchObject({ status: "failed", attempts: 1 });
      expect(await sim.service.retry(failedEarly)).toMatchObject({ status: "pending" });
      check();
      await sim.service.run();
      expect(records.get(failedEarly)).toMatchObject({ status: "failed", attempts: 2 });
      check();
      // One row per hour that counted something, no more.
      expect(hourRows(sql).length).toBeLessThanOrEqual(6);
      expect(hourRows(sql).every((h) => h % HOUR === 0 && h >= from && h < to)).toBe(true);
      const totals = sql.exec<{ d: number; f: number; r: number }>("SELECT sum(delivered) AS d, sum(failed) AS f, sum(retried) AS r FROM d_hours").one();
      expect(totals).toEqual({ d: 96, f: 12, r: 12 + 12 + 1 }); // 96 delivered (12 after a retry), 12 refused (one twice), 12 still retrying
      expect(checked).toBeGreaterThan(150);
    });
    // The route answers the counters: the same numbers as the rows, hourly and daily.
    let reference: { hourly: Point[]; daily: Point[] } | undefined;
    await runInDurableObject(stub("counted"), (_instance, state) => {
      reference = { hourly: seriesFromRows(state.storage.sql, from, to, HOUR), daily: seriesFromRows(state.storage.sql, dayOf(from), dayOf(to) + DAY, DAY) };
    });
    expectSameAsRows(await webhookSeries("counted", from, to, "hour"), reference!.hourly);
    expectSameAsRows(await webhookSeries("counted", dayOf(from), dayOf(to) + DAY, "day"), reference!.daily);
    expect(reference!.hourly.reduce((n, p) => n + p.delivered, 0)).toBe(96);
  });

  it("still counts deliveries older than the 3 days delivered rows are kept, once the cleanup has pruned them", async () => {
    const then = dayOf(Date.now()) - 5 * DAY + 9 * HOUR + 60_000;
    const day = dayOf(then);
    let before: Answer[] = [];
    let delivered: string[] = [];
    await runInDurableObject(stub("pruned"), async (instance) => {
      const records = storeOf(instance);
      const latencies = [120, 250, 80, 95];
      const sim = simulated(records, then, (id) => (id.startsWith("refused") ? { status: 422, ms: 40 } : { status: 200, ms: latencies[numberOf(id)]! }));
      delivered = ids(4, "ok");
      // One at a time, so that each latency is exactly the receiver's.
      for (const id of [...delivered, ...ids(1, "refused")]) {
        await sim.enqueue(hook("pruned"), [id]);
        await sim.service.run();
      }
      expect(records.list("delivered", 10).map((d) => d.latencyMs).sort((a, b) => a! - b!)).toEqual([80, 95, 120, 250]);
    });
    before = await webhookSeries("pruned", day, day + DAY, "day");
    expect(before).toEqual([{ at: iso(day), delivered: 4, failed: 1, retried: 0, p95LatencyMs: 250 }]);

    await runInDurableObject(stub("pruned"), async (instance) => {
      const records = storeOf(instance);
      // Today's run (its cleanup runs at the end of every alarm run) prunes what was delivered 5 days ago.
      const sim = simulated(records, Date.now(), () => ({ status: 200, ms: 10 }));
      await sim.enqueue(hook("pruned"), ids(1, "today"));
      await sim.service.run();
      for (const id of delivered) expect(records.get(id)).toBeUndefined();
      expect(records.list("delivered", 10).map((d) => d.id)).toEqual([expect.stringMatching(/^today-/)]);
      expect(records.list("failed", 10)).toHaveLength(1); // failed ones are kept 30 days
    });
    expect(OUTBOUND_LIMITS.keepDeliveredMs).toBeLessThan(Date.now() - then);
    expect(await webhookSeries("pruned", day, day + DAY, "day")).toEqual(before);
    const hourly = await webhookSeries("pruned", hourOf(then), hourOf(then) + HOUR, "hour");
    expect(hourly).toEqual([{ at: iso(hourOf(then)), delivered: 4, failed: 1, retried: 0, p95LatencyMs: 250 }]);
  });

  it("answers a day as the sum of its UTC hours, with the p95 of all its deliveries within the histogram's precision", async () => {
    // Three hours before and three after midnight, two days ago; latencies spread from 1 ms to 9 s.
    const midnight = dayOf(Date.now()) - DAY;
    const from = midnight - 3 * HOUR;
    const range = [dayOf(from), midnight + DAY] as const;
    let reference: { hourly: Point[]; daily: Point[] } | undefined;
    await runInDurableObject(stub("days"), async (instance, state) => {
      const records = storeOf(instance);
      let x = 7;
      const sim = simulated(records, from, (id) => {
        x = (x * 1103 + 12345) % 65_536;
        // 1 ms to 1.2 s, most of them short; one in ten refused.
        return numberOf(id) % 10 === 9 ? { status: 400, ms: 5 } : { status: 200, ms: 1 + Math.floor(1_200 * (x / 65_536) ** 3) };
      });
      for (let h = 0; h < 6; h++) {
        sim.setNow(from + h * HOUR + 60_000);
        await sim.enqueue(hook("days"), ids(30 + 10 * h, `h${h}`));
        while (records.pendingCount() > 0) await sim.service.run();
      }
      reference = { hourly: seriesFromRows(state.storage.sql, ...range, HOUR), daily: seriesFromRows(state.storage.sql, ...range, DAY) };
    });
    const hourly = await webhookSeries("days", ...range, "hour");
    const daily = await webhookSeries("days", ...range, "day");
    // The former answers from the rows: the same counts, each p95 within the precision (exact ≤ p95 ≤ 1.1 × exact).
    expectSameAsRows(hourly, reference!.hourly);
    expectSameAsRows(daily, reference!.daily);
    expect(daily.map((p) => p.at)).toEqual([iso(dayOf(from)), iso(midnight)]);
    expect(daily.map((p) => [p.delivered, p.failed])).toEqual([[27 + 36 + 45, 3 + 4 + 5], [54 + 63 + 72, 6 + 7 + 8]]);
    for (const [d, point] of daily.entries()) {
      const hours = hourly.slice(24 * d, 24 * d + 24);
      for (const metric of ["delivered", "failed", "retried"] as const) expect(hours.reduce((n, p) => n + p[metric], 0)).toBe(point[metric]);
    }
  });

  it("fills the counters of an object from before them once, from the deliveries it keeps", async () => {
    const start = hourOf(Date.now()) - 10 * HOUR + 5 * 60_000;
    const from = hourOf(start);
    const to = from + 4 * HOUR;
    await runInDurableObject(stub("upgraded"), async (instance, state) => {
      const sim = simulated(storeOf(instance), start, (id, attempt) =>
        id.startsWith("busy") && attempt === 1 ? { status: 500, ms: 30 } : id.startsWith("bad") ? { status: 404, ms: 20 } : { status: 200, ms: 15 + (id.charCodeAt(3) % 50) },
      );
      await sim.enqueue(hook("upgraded"), [...ids(20, "okay"), ...ids(5, "busy"), ...ids(3, "bad")]);
      await sim.service.run();
      sim.setNow(start + 2 * HOUR);
      await sim.enqueue(hook("upgraded"), ids(7, "late"));
      await sim.service.run();
      const sql = state.storage.sql;
      const expected = seriesFromRows(sql, from, to, HOUR);
      // The storage of the version before: deliveries, no counters.
      sql.exec("DROP TABLE d_hours");
      const upgraded = new DeliveryStore(sql);
      expect(hourRows(sql).length).toBeGreaterThan(0);
      expectSameAsRows(upgraded.series(from, to, HOUR), expected);
      // Only once: a later start does not count them again.
      const again = new DeliveryStore(sql);
      expectSameAsRows(again.series(from, to, HOUR), expected);
      expect(expected.reduce((n, p) => n + p.delivered, 0)).toBe(32);
    });
  });

  it("keeps the counters as long as the D1 daily series (400 days), then drops them by whole UTC days", async () => {
    expect(OUTBOUND_LIMITS.keepSeriesMs).toBe(SERIES_RETENTION.dailyMs);
    const now = Date.now();
    const cutoffDay = dayOf(now - OUTBOUND_LIMITS.keepSeriesMs);
    await runInDurableObject(stub("pruned"), async (instance, state) => {
      const records = storeOf(instance);
      for (const at of [cutoffDay - HOUR, cutoffDay + HOUR, cutoffDay + 30 * HOUR]) {
        const [id] = ids(1, "old");
        records.add([{ id: id!, source: "test", body: "{}", createdAt: at }], at);
        records.attempted(id!, { verdict: "delivered", status: 200, error: null, latencyMs: 9 }, at);
      }
      records.prune(now);
      const kept = hourRows(state.storage.sql).filter((h) => h < cutoffDay + 2 * DAY);
      expect(kept).toEqual([cutoffDay + HOUR, cutoffDay + 30 * HOUR]);
    });
  });

  it("refuses bad queries for a webhook with 4xx at their path", async () => {
    const refused = async (query: string, status = 400) => {
      const response = await fetchEdge(`/v1/admin/stats/series?${query}`, { headers: adminHeaders() });
      expect(response.status, query).toBe(status);
      return ((await json(response)) as { error: { code: string; path?: string } }).error;
    };
    expect(await refused("kind=webhook")).toMatchObject({ code: "invalid_parameter", path: "$.id" });
    expect(await refused("kind=webhook&id=counted&granularity=week")).toMatchObject({ code: "invalid_parameter", path: "$.granularity" });
    expect(await refused("kind=webhook&id=counted&from=last-year")).toMatchObject({ code: "invalid_parameter", path: "$.from" });
    expect(await refused("kind=webhook&id=counted&from=2026-01-02&to=2026-01-01")).toMatchObject({ code: "invalid_parameter", path: "$.to" });
    expect(await refused("kind=webhook&id=counted&granularity=hour&from=2025-01-01&to=2025-01-16")).toMatchObject({ code: "invalid_parameter", path: "$.from" });
    expect(await refused("kind=webhook&id=counted&from=2025-01-01&to=2025-06-01")).toMatchObject({ code: "invalid_parameter" });
    expect(await refused("kind=webhook&id=no-such-webhook", 404)).toMatchObject({ code: "unknown_destination", path: "$.id" });
    expect((await fetchEdge("/v1/admin/stats/series?kind=webhook&id=counted")).status).toBe(401);
  });
});

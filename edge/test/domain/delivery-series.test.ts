// The webhook series' counters in Node: the latency histogram's precision (every whole millisecond
// up to past two minutes checked; the p95 of random latencies within it), a day's histogram being
// the merge of its hours' (the same p95 as one histogram of all), what a delivery counts and where,
// and a series summed from hours.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOUR_MS } from "../../src/domain/stats/buckets.ts";
import { emptyHour, seriesFromHours, tallyOf, withTally, type HourCounts } from "../../src/domain/outbound/delivery-series.ts";
import {
  addLatency, bucketOf, emptyHistogram, histogramFromJson, histogramToJson, LATENCY_BOUNDS, mergeHistograms, percentile, type LatencyHistogram,
} from "../../src/domain/stats/latency-histogram.ts";

const DAY_MS = 24 * HOUR_MS;
const histogramOf = (latencies: readonly number[]) => latencies.reduce<LatencyHistogram>((h, ms) => addLatency(h, ms), emptyHistogram());
/** The rank the delivery rows' p95 used (and GET /v1/admin/stats still uses): min(n − 1, ⌊0.95 n⌋) of the sorted latencies. */
const exactP95 = (latencies: readonly number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
};

describe("the latency histogram", () => {
  it("puts every whole millisecond in a bucket whose bound is at most 10 % above it (exact below 10 ms), beyond two minutes in the last", () => {
    expect(LATENCY_BOUNDS.slice(0, 16)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 15, 17, 19, 22]);
    expect(LATENCY_BOUNDS.every((b, i) => i === 0 || b > LATENCY_BOUNDS[i - 1]!)).toBe(true);
    const top = LATENCY_BOUNDS.at(-1)!;
    expect(top).toBeGreaterThan(120_000);
    for (let ms = 0; ms <= top; ms++) {
      const bound = bucketOf(ms);
      if (bound < ms || bound > 1.1 * ms || (ms < 10 && bound !== ms)) throw new Error(`${ms} ms in the bucket bounded by ${bound}`);
    }
    expect(bucketOf(top + 1)).toBe(Infinity);
    expect([bucketOf(-5), bucketOf(10.2)]).toEqual([0, 11]);
  });

  it("answers a p95 never below the exact one and at most 10 % above it, and the largest latency when it lies in the last bucket", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 30_000 })), { minLength: 1, maxLength: 400 }), (latencies) => {
        const exact = exactP95(latencies);
        const answer = percentile(histogramOf(latencies), 0.95)!;
        expect(answer).toBeGreaterThanOrEqual(exact);
        expect(answer).toBeLessThanOrEqual(1.1 * exact);
        // Never above the largest latency: one latency, however often, is answered exactly.
        expect(percentile(histogramOf(latencies.map(() => latencies[0]!)), 0.95)).toBe(latencies[0]);
      }),
      { seed: 21, numRuns: 300 },
    );
    expect(percentile(histogramOf([10, 200_000]), 0.95)).toBe(200_000);
    expect(percentile(emptyHistogram(), 0.95)).toBeNull();
  });

  it("merges hours into a day with the same p95 as one histogram of all their latencies; survives its stored form", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 50 }), { minLength: 1, maxLength: 24 }), (hours) => {
        const merged = mergeHistograms(hours.map(histogramOf));
        const whole = histogramOf(hours.flat());
        expect(merged).toEqual(whole);
        expect(percentile(merged, 0.95)).toBe(percentile(whole, 0.95));
        const stored = histogramFromJson(histogramToJson(merged), merged.max);
        expect(stored).toEqual(merged);
      }),
      { seed: 21, numRuns: 200 },
    );
    expect(histogramToJson(histogramOf([3, 3, 10, 500_000]))).toBe('{"3":2,"11":1,"Infinity":1}');
    expect(histogramFromJson('{"__proto__":1,"x":2,"7":-1,"9":"3","11":2}', 11)).toEqual({ counts: new Map([[11, 2]]), max: 11 });
    expect(histogramFromJson("not json", null)).toEqual(emptyHistogram());
  });

  it("takes a latency back (a count of 0 leaves no bucket; the largest stays, still an upper bound)", () => {
    const h = addLatency(histogramOf([40, 90]), 90, -1);
    expect(h).toEqual({ counts: new Map([[44, 1]]), max: 90 });
    expect(percentile(h, 0.95)).toBe(44);
  });
});

describe("what a delivery counts in the series", () => {
  const at = 5 * HOUR_MS + 1_234;
  it("counts it once, in the hour of its last update, by the series' rules", () => {
    const tally = (status: "pending" | "delivered" | "failed", attempts: number, latencyMs: number | null = null) => tallyOf({ status, attempts, updatedAt: at, latencyMs });
    expect(tally("pending", 0)).toBeNull();
    expect(tally("pending", 1)).toEqual({ hour: 5 * HOUR_MS, delivered: false, failed: false, retried: true, latencyMs: null });
    expect(tally("delivered", 1, 30)).toEqual({ hour: 5 * HOUR_MS, delivered: true, failed: false, retried: false, latencyMs: 30 });
    expect(tally("delivered", 3, 30)).toMatchObject({ delivered: true, retried: true, latencyMs: 30 });
    expect(tally("failed", 1, 12)).toEqual({ hour: 5 * HOUR_MS, delivered: false, failed: true, retried: false, latencyMs: null });
    expect(tally("failed", 2)).toMatchObject({ failed: true, retried: true });
  });

  it("moves from hour to hour without leaving anything behind", () => {
    const waiting = tallyOf({ status: "pending", attempts: 1, updatedAt: at, latencyMs: null })!;
    const delivered = tallyOf({ status: "delivered", attempts: 2, updatedAt: at + HOUR_MS, latencyMs: 80 })!;
    const first = withTally(withTally(emptyHour(), waiting), waiting, -1);
    expect(first).toEqual({ ...emptyHour(), latency: emptyHistogram() });
    expect(withTally(emptyHour(), delivered)).toMatchObject({ delivered: 1, failed: 0, retried: 1, latency: { max: 80 } });
  });
});

describe("a series from hourly counters", () => {
  const hour = (h: number, counts: Partial<HourCounts>, latencies: number[] = []) => ({ hour: h * HOUR_MS, ...emptyHour(), ...counts, latency: histogramOf(latencies) });

  it("sums a day's UTC hours and merges their histograms; every bucket present; nothing from outside the range", () => {
    const hours = [
      hour(-1, { delivered: 9 }, [5]),
      hour(0, { delivered: 2, retried: 1 }, [10, 20]),
      hour(23, { delivered: 1, failed: 3 }, [300]),
      hour(24, { failed: 1, retried: 1 }),
      hour(71, { delivered: 1 }, [7]),
    ];
    const daily = seriesFromHours(hours, 0, 3 * DAY_MS, DAY_MS);
    expect(daily).toEqual([
      { at: 0, delivered: 3, failed: 3, retried: 1, p95LatencyMs: 300 },
      { at: DAY_MS, delivered: 0, failed: 1, retried: 1, p95LatencyMs: null },
      { at: 2 * DAY_MS, delivered: 1, failed: 0, retried: 0, p95LatencyMs: 7 },
    ]);
    const hourly = seriesFromHours(hours, 0, 3 * DAY_MS, HOUR_MS);
    expect(hourly).toHaveLength(72);
    for (const [d, day] of daily.entries()) {
      const its = hourly.slice(24 * d, 24 * d + 24);
      for (const m of ["delivered", "failed", "retried"] as const) expect(its.reduce((n, p) => n + p[m], 0)).toBe(day[m]);
    }
  });
});

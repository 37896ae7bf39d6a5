import { bucketStart, HOUR_MS } from "../stats/buckets.ts";
import { addLatency, emptyHistogram, mergeHistograms, percentile, type LatencyHistogram } from "../stats/latency-histogram.ts";
import type { Delivery, DestinationSeriesPoint } from "./ports.ts";

/** A destination's counters of one UTC hour (DestinationSeriesPoint's rules), kept beyond its delivery rows. */
export interface HourCounts {
  delivered: number;
  failed: number;
  retried: number;
  /** The delivered deliveries' latencies. */
  latency: LatencyHistogram;
}

/** What one delivery, as it stands, counts in its hour: `null` when it counts nowhere (waiting for its first attempt). */
export interface DeliveryTally {
  /** The start of the UTC hour of its last attempt (or of an operator's retry). */
  hour: number;
  delivered: boolean;
  failed: boolean;
  retried: boolean;
  /** Delivered: the delivering attempt's latency. */
  latencyMs: number | null;
}

export const emptyHour = (): HourCounts => ({ delivered: 0, failed: 0, retried: 0, latency: emptyHistogram() });

/**
 * A delivery's part of the series, by the rules the series had when it read the delivery rows:
 * counted once, in the hour it was last updated (`updatedAt`), as delivered, failed (given up or
 * refused), and retried when it took more than one attempt or waits for a retry after a failed one.
 *
 * @example
 * tallyOf({ status: "pending", attempts: 1, updatedAt: 7_200_500, latencyMs: null });
 * // { hour: 7_200_000, delivered: false, failed: false, retried: true, latencyMs: null }
 */
export function tallyOf(delivery: Pick<Delivery, "status" | "attempts" | "updatedAt" | "latencyMs">): DeliveryTally | null {
  const { status, attempts, updatedAt, latencyMs } = delivery;
  const retried = attempts > 1 || (status === "pending" && attempts > 0);
  if (status === "pending" && !retried) return null;
  return {
    hour: bucketStart(updatedAt, HOUR_MS),
    delivered: status === "delivered",
    failed: status === "failed",
    retried,
    latencyMs: status === "delivered" ? latencyMs : null,
  };
}

/** `counts` with a delivery's tally added (`sign` 1) or taken back (`sign` −1, when the delivery moves on). */
export function withTally(counts: HourCounts, tally: DeliveryTally, sign: 1 | -1 = 1, n = 1): HourCounts {
  const by = sign * n;
  return {
    delivered: counts.delivered + (tally.delivered ? by : 0),
    failed: counts.failed + (tally.failed ? by : 0),
    retried: counts.retried + (tally.retried ? by : 0),
    latency: tally.latencyMs === null ? counts.latency : addLatency(counts.latency, tally.latencyMs, by),
  };
}

export const sameTally = (a: DeliveryTally | null, b: DeliveryTally | null): boolean =>
  a === b || (a !== null && b !== null && a.hour === b.hour && a.delivered === b.delivered && a.failed === b.failed && a.retried === b.retried && a.latencyMs === b.latencyMs);

/**
 * The series from hourly counters: one point per bucket of `bucketMs` (an hour or a UTC day) from
 * `from` (a bucket start) to `to` (exclusive), each the sum of its hours, with the 95th percentile
 * of the merged latency histograms (latency-histogram.ts: never below the exact p95, at most 10 %
 * above it; `null` when nothing was delivered). Every bucket is present.
 */
export function seriesFromHours(hours: Iterable<{ hour: number } & HourCounts>, from: number, to: number, bucketMs: number): DestinationSeriesPoint[] {
  const buckets: { at: number; counts: HourCounts[] }[] = [];
  for (let at = from; at < to; at += bucketMs) buckets.push({ at, counts: [] });
  for (const hour of hours) {
    if (hour.hour >= from && hour.hour < to) buckets[Math.floor((hour.hour - from) / bucketMs)]?.counts.push(hour);
  }
  return buckets.map(({ at, counts }) => ({
    at,
    delivered: sum(counts, "delivered"),
    failed: sum(counts, "failed"),
    retried: sum(counts, "retried"),
    p95LatencyMs: percentile(mergeHistograms(counts.map((c) => c.latency)), 0.95),
  }));
}

const sum = (counts: readonly HourCounts[], key: "delivered" | "failed" | "retried") => counts.reduce((n, c) => n + c[key], 0);

/**
 * Latencies counted in fixed, log-spaced buckets, so that a percentile can be read from counts that
 * add up (per hour, then merged into a day) instead of from every latency.
 *
 * A bucket holds the whole milliseconds in (previous bound, bound]; each bound is at most 10 % above
 * the smallest latency its bucket holds (each of 0–9 ms is a bucket of its own, then the bounds are 11,
 * 13, 15, 17, 19, 22, 25, … ms), up to LATENCY_BOUNDS' last, past two minutes (a call's timeout is at
 * most 30 s);
 * anything longer falls in one last bucket, bounded by `Infinity`. A histogram also keeps the
 * largest latency it counted.
 *
 * Precision: `percentile` answers the bound of the bucket that holds the wanted rank, or the largest
 * latency counted when that is smaller. For the exact value p at that rank, the answer is never
 * below p and at most 10 % above it (p ≤ answer ≤ 1.1 p; exact below 10 ms).
 *
 * @example
 * let h = emptyHistogram();
 * for (const ms of [12, 40, 41, 300]) h = addLatency(h, ms);
 * percentile(h, 0.95); // 300: the rank of the 95th percentile is the 4th latency, alone in its bucket
 */
export interface LatencyHistogram {
  /** How many latencies fell in each bucket, keyed by the bucket's upper bound (ms; `Infinity` for the last). */
  counts: ReadonlyMap<number, number>;
  /** The largest latency counted (`null`: none). A latency taken away leaves it: it stays an upper bound. */
  max: number | null;
}

/** Where a bound may be at most this many tenths of the smallest latency of its bucket. */
const GROWTH_TENTHS = 11;
/** The last finite bound is the first one at or past this. */
const TOP_MS = 120_000;

/** The buckets' upper bounds in ms, ascending: 0, 1, …, 9, 11, 13, 15, 17, 19, 22, 25, 28, 31, 35, … past TOP_MS. */
export const LATENCY_BOUNDS: readonly number[] = (() => {
  const bounds = [0];
  // The next bucket starts at last + 1; its bound is at most 1.1 times that (integer arithmetic, no rounding drift).
  while (bounds.at(-1)! < TOP_MS) bounds.push(Math.floor((GROWTH_TENTHS * (bounds.at(-1)! + 1)) / 10));
  return bounds;
})();

/** The upper bound of the bucket holding `ms` (a latency in ms, rounded up to a whole one; below 0 counts as 0). */
export function bucketOf(ms: number): number {
  const value = Math.max(0, Math.ceil(ms));
  let low = 0;
  let high = LATENCY_BOUNDS.length;
  // The first bound ≥ value (binary search); none: the last bucket.
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (LATENCY_BOUNDS[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return LATENCY_BOUNDS[low] ?? Infinity;
}

export const emptyHistogram = (): LatencyHistogram => ({ counts: new Map(), max: null });

/** The histogram with `n` (default 1; negative takes away) latencies of `ms` more. */
export function addLatency(histogram: LatencyHistogram, ms: number, n = 1): LatencyHistogram {
  const counts = new Map(histogram.counts);
  const bound = bucketOf(ms);
  const count = (counts.get(bound) ?? 0) + n;
  if (count > 0) counts.set(bound, count);
  else counts.delete(bound);
  const max = n > 0 ? Math.max(histogram.max ?? ms, ms) : histogram.max;
  return { counts, max };
}

/** The sum of histograms (an hour's into a day's). */
export function mergeHistograms(histograms: Iterable<LatencyHistogram>): LatencyHistogram {
  const counts = new Map<number, number>();
  let max: number | null = null;
  for (const h of histograms) {
    for (const [bound, n] of h.counts) counts.set(bound, (counts.get(bound) ?? 0) + n);
    if (h.max !== null) max = Math.max(max ?? h.max, h.max);
  }
  return { counts, max };
}

/**
 * The latency at quantile `q` (0–1): of n latencies sorted ascending, the one at rank
 * min(n − 1, ⌊n·q⌋) (0-based, the rank the delivery rows' p95 used), as the bound of its bucket,
 * or the largest latency counted when that is smaller. `null` when nothing was counted.
 */
export function percentile(histogram: LatencyHistogram, q: number): number | null {
  const buckets = [...histogram.counts].filter(([, n]) => n > 0).sort(([a], [b]) => a - b);
  const n = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (n === 0) return null;
  const rank = Math.min(n - 1, Math.floor(n * q));
  let seen = 0;
  for (const [bound, count] of buckets) {
    seen += count;
    if (seen > rank) return Math.min(bound, histogram.max ?? bound);
  }
  return null; // not reached: the last bucket holds rank n − 1
}

/** The form kept in storage: `{"<bound>": n, …}` (the last bucket's key is "Infinity"), and the max apart. */
export function histogramToJson(histogram: LatencyHistogram): string {
  return JSON.stringify(Object.fromEntries([...histogram.counts].map(([bound, n]) => [String(bound), n])));
}

/** Reads `histogramToJson`'s form back; what is not a count of a bucket is left out. */
export function histogramFromJson(json: string | null, max: number | null): LatencyHistogram {
  const counts = new Map<number, number>();
  let parsed: unknown;
  try {
    parsed = json ? JSON.parse(json) : {};
  } catch {
    parsed = {};
  }
  if (parsed && typeof parsed === "object") {
    for (const [key, n] of Object.entries(parsed)) {
      const bound = Number(key);
      if (!Number.isNaN(bound) && typeof n === "number" && n > 0) counts.set(bound, n);
    }
  }
  return { counts, max };
}

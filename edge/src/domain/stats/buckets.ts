/** The time buckets of the statistics' series (D1's hourly and daily tables, the webhook destinations' hourly counters). */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export type Granularity = "hour" | "day";
export const BUCKET_MS: Record<Granularity, number> = { hour: HOUR_MS, day: DAY_MS };

/**
 * How long the series' rows are kept: hourly rows (offers, journeys, campaigns) 30 days; daily
 * journey and campaign rows, and the webhook destinations' hourly counters, 400 days. Offers' daily
 * rows (`offer_stats`) and experiments' exposures and conversions are kept as before.
 */
export const SERIES_RETENTION = { hourlyMs: 30 * DAY_MS, dailyMs: 400 * DAY_MS } as const;

/** The start of the bucket of `size` ms (an hour or a UTC day) that holds `at`. */
export const bucketStart = (at: number, size: number): number => Math.floor(at / size) * size;

/** The UTC hour or day starts from the one holding `from` to the one holding `to − 1 ms` (`to` is exclusive). */
export function bucketStarts(from: number, to: number, granularity: Granularity): number[] {
  const size = BUCKET_MS[granularity];
  const starts: number[] = [];
  for (let at = bucketStart(from, size); at < to; at += size) starts.push(at);
  return starts;
}

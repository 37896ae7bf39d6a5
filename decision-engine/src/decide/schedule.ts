import type { CapPeriod } from "./catalog-types.ts";

const DAY = 86_400_000;

/** Start (epoch ms, UTC) of the cap period that contains `now`; `-Infinity` for `lifetime`. */
export function periodStart(period: CapPeriod, now: number): number {
  if (period === "lifetime") return -Infinity;
  const date = new Date(now);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (period === "day") return midnight;
  if (period === "week") return midnight - ((date.getUTCDay() + 6) % 7) * DAY; // ISO weeks start on Monday
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Where `now` stands against a `[start, end)` window. */
export function scheduleStatus(start: number, end: number, now: number): "before" | "open" | "ended" {
  if (now < start) return "before";
  return now < end ? "open" : "ended";
}

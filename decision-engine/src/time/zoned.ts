/**
 * Local wall-clock fields of an instant in an IANA time zone, through `Intl.DateTimeFormat`.
 *
 * One formatter per zone is created lazily and cached (at most {@link MAX_CACHED_ZONES}); the last
 * instant asked for is memoised per zone, since one decision evaluates many rules at the same `now`.
 * Daylight-saving transitions and half- or quarter-hour offsets are whatever the runtime's time-zone
 * database says.
 */

/** The local hour (0–23) and weekday (0 = Sunday … 6 = Saturday) of an instant. */
export interface ZonedTime {
  readonly hour: number;
  readonly weekday: number;
}

interface ZoneEntry {
  readonly format: Intl.DateTimeFormat;
  lastEpochMs: number;
  last: ZonedTime | null;
}

const MAX_CACHED_ZONES = 512;
const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

let zones = new Map<string, ZoneEntry>();

function zoneEntry(timeZone: string): ZoneEntry | null {
  if (typeof timeZone !== "string" || timeZone === "") return null;
  const cached = zones.get(timeZone);
  if (cached !== undefined) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      hour: "numeric",
      weekday: "short",
    });
  } catch {
    return null; // RangeError: not a time zone this runtime knows
  }
  if (zones.size >= MAX_CACHED_ZONES) zones = new Map();
  const entry: ZoneEntry = { format, lastEpochMs: Number.NaN, last: null };
  zones.set(timeZone, entry);
  return entry;
}

/**
 * Whether `timeZone` is an IANA time zone (or `UTC`) known to this runtime's `Intl`. Zone names are
 * matched case-insensitively, as `Intl` does.
 *
 * @example
 * isValidTimeZone("America/Sao_Paulo"); // true
 * isValidTimeZone("Mars/Olympus_Mons"); // false
 */
export function isValidTimeZone(timeZone: string): boolean {
  return zoneEntry(timeZone) !== null;
}

/**
 * Local hour and weekday of `epochMs` in `timeZone`; `null` for an unknown zone or a non-finite or
 * out-of-range instant.
 *
 * @example
 * zonedTime(Date.UTC(2026, 2, 8, 7), "America/New_York"); // { hour: 3, weekday: 0 } (EDT has begun)
 */
export function zonedTime(epochMs: number, timeZone: string): ZonedTime | null {
  if (typeof epochMs !== "number" || !Number.isFinite(epochMs) || Math.abs(epochMs) > 8.64e15) return null;
  const entry = zoneEntry(timeZone);
  if (entry === null) return null;
  if (entry.lastEpochMs === epochMs) return entry.last;
  let hour = -1;
  let weekday = -1;
  for (const part of entry.format.formatToParts(epochMs)) {
    if (part.type === "hour") hour = Number(part.value) % 24; // some engines print midnight as 24
    else if (part.type === "weekday") weekday = WEEKDAYS[part.value] ?? -1;
  }
  const result = hour >= 0 && hour <= 23 && weekday >= 0 ? { hour, weekday } : null;
  entry.lastEpochMs = epochMs;
  entry.last = result;
  return result;
}

/**
 * Local hour (0–23) of `epochMs` in `timeZone`; `null` for an unknown zone or an invalid instant.
 *
 * @example
 * localHour(Date.UTC(2026, 0, 1, 12), "Asia/Kolkata"); // 17 (UTC+5:30)
 */
export function localHour(epochMs: number, timeZone: string): number | null {
  return zonedTime(epochMs, timeZone)?.hour ?? null;
}

/**
 * Local weekday (0 = Sunday … 6 = Saturday) of `epochMs` in `timeZone`; `null` for an unknown zone or
 * an invalid instant.
 *
 * @example
 * localWeekday(Date.UTC(2026, 0, 1, 1), "America/Sao_Paulo"); // 3 (still Wednesday, 31 Dec, at UTC−3)
 */
export function localWeekday(epochMs: number, timeZone: string): number | null {
  return zonedTime(epochMs, timeZone)?.weekday ?? null;
}

/**
 * Local wall-clock fields of an instant in an IANA time zone, through `Intl.DateTimeFormat`.
 * Daylight-saving transitions and half- or quarter-hour offsets are whatever the runtime's time-zone
 * database says. One formatter per zone is cached (the cache is emptied past 64 zones).
 */

/** The local hour (0–23) and weekday (0 = Sunday … 6 = Saturday) of an instant. */
export interface ZonedTime {
  readonly hour: number;
  readonly weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Local hour and weekday of `epochMs` in `timeZone` (matched case-insensitively, as `Intl` does);
 * `null` for a non-string or unknown zone, or a non-finite or out-of-range instant.
 *
 * @example
 * zonedTime(Date.UTC(2026, 2, 8, 7), "America/New_York"); // { hour: 3, weekday: 0 } (EDT has begun)
 */
export const zonedTime = (epochMs: number, timeZone: unknown): ZonedTime | null => {
  if (typeof timeZone != "string") return null;
  try {
    let format = formats.get(timeZone);
    if (!format) {
      if (formats.size > 63) formats.clear();
      // Throws a RangeError for a zone this runtime does not know.
      format = new Intl.DateTimeFormat("en", { timeZone, hour12: false, hour: "2-digit", weekday: "short" });
      formats.set(timeZone, format);
    }
    // "Sun, 09"; midnight may be "24". Throws a RangeError for NaN, ±Infinity and beyond ±8.64e15.
    const text = format.format(epochMs);
    return { hour: +text.slice(-2) % 24, weekday: "SunMonTueWedThuFriSat".indexOf(text.slice(0, 3)) / 3 };
  } catch {
    return null;
  }
};

/**
 * Whether `timeZone` is an IANA time zone (or `UTC`) known to this runtime's `Intl`.
 *
 * @example
 * isValidTimeZone("America/Sao_Paulo"); // true
 * isValidTimeZone("Mars/Olympus_Mons"); // false
 */
export const isValidTimeZone = (timeZone: unknown): boolean => zonedTime(0, timeZone) != null;

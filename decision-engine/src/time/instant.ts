const ISO_INSTANT = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?(Z|[+-]\d\d:?\d\d))?$/i;

/**
 * Parses an ISO-8601 instant with `Z` or an offset (`2026-03-01T09:30:00-03:00`), or a date
 * (`2026-03-01`, midnight UTC), to epoch milliseconds. A date-time without a zone, an impossible
 * date (`2026-02-30`), `24:00` or a leap second gives `null`. The one date parser of the engine.
 *
 * @example parseInstant("2026-03-01T00:00:00Z") // 1772323200000
 */
export function parseInstant(text: unknown): number | null {
  const m = typeof text === "string" ? ISO_INSTANT.exec(text) : null;
  if (!m || (m[4] !== undefined && m[8] === undefined)) return null;
  const [, y, mo, d, h = 0, mi = 0, s = 0, frac = "", zone = "Z"] = m;
  const date = new Date(0);
  date.setUTCFullYear(+y!, +mo! - 1, +d!);
  date.setUTCHours(+h, +mi, +s, +frac.slice(0, 3).padEnd(3, "0"));
  const offset = zone.length > 1 ? zone.slice(1).replace(":", "") : "0000";
  const offsetMinutes = +offset.slice(0, 2) * 60 + +offset.slice(2);
  const valid = date.getUTCMonth() === +mo! - 1 && date.getUTCDate() === +d! && date.getUTCHours() === +h && date.getUTCMinutes() === +mi && +s < 60 && +offset.slice(0, 2) < 24 && +offset.slice(2) < 60;
  return valid ? date.getTime() - (zone[0] === "-" ? -1 : 1) * offsetMinutes * 60_000 : null;
}

import { parseInstant } from "../../time/instant.ts";
import { zonedTime } from "../../time/zoned.ts";
import { nowOf, op } from "./shared.ts";

/**
 * `{"time": "2026-03-01T00:00:00Z"}` — an instant as epoch milliseconds, to compare with `now` or
 * with other times (`{"<": [{"var": "now"}, {"time": "2026-04-01T00:00:00Z"}]}`).
 *
 * - The argument is an ISO-8601 date-time with `Z` or an offset, or a date (midnight UTC); see
 *   {@link parseInstant} for the accepted forms.
 * - A literal string is parsed once, at compile time; an invalid one is a compile error.
 * - An expression argument is evaluated and parsed on every run; a non-string or invalid result → `null`.
 * - Compile errors: not exactly one argument; a literal that is not a string; an invalid literal.
 *
 * @example
 * applyRule({ time: "2026-03-01T00:00:00Z" }, {});                      // 1772323200000
 * applyRule({ time: { var: "profile.signupDate" } }, { profile: {} });  // null
 */
export const time = op("time", "1", (_, arg) => arg(0, "an ISO-8601 date-time", parseInstant));

/** `hour` / `weekday`: the field of {@link zonedTime} at `now` in the argument's time zone. */
const zoned = (name: "hour" | "weekday") =>
  op(name, "1", (_, arg) => {
    const zone = arg(0, "an IANA time zone", (value) => zonedTime(0, value) && value); // a known zone, else null
    return (scope) => zonedTime(nowOf(scope), zone(scope))?.[name] ?? null;
  });

/**
 * `{"hour": "America/Sao_Paulo"}` — the local hour, 0–23, at the evaluation context's `now` (else
 * the current time) in an IANA time zone.
 *
 * - Daylight-saving time and half-hour offsets follow the runtime's time-zone database: in
 *   `America/New_York` on 2026-03-08 the hour goes 1 → 3; `Asia/Kolkata` is UTC+5:30.
 * - A literal zone is validated at compile time (unknown zone → compile error); an expression
 *   argument that yields a non-string or unknown zone → `null`.
 *
 * @example
 * // between 9:00 and 17:59 in São Paulo
 * { "<=": [9, { hour: "America/Sao_Paulo" }, 17] }
 */
export const hour = zoned("hour");

/**
 * `{"weekday": "America/Sao_Paulo"}` — the local day of the week, 0 = Sunday … 6 = Saturday, at the
 * evaluation context's `now` (else the current time) in an IANA time zone.
 *
 * - A literal zone is validated at compile time (unknown zone → compile error); an expression
 *   argument that yields a non-string or unknown zone → `null`.
 *
 * @example
 * // weekends in Lisbon
 * { in: [{ weekday: "Europe/Lisbon" }, [0, 6]] }
 */
export const weekday = zoned("weekday");

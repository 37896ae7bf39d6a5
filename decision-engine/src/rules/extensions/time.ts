import { parseInstant } from "../../time/instant.ts";
import { isValidTimeZone, zonedTime } from "../../time/zoned.ts";
import type { CompileContext, OperatorDefinition } from "../types.ts";
import { compileStringArgument, expectArity, nowOf } from "./shared.ts";

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
export const time: OperatorDefinition = {
  compile(args: readonly unknown[], ctx: CompileContext) {
    expectArity("time", args, 1, ctx, '{"time": "2026-03-01T00:00:00Z"}');
    const arg = compileStringArgument("time", "an ISO-8601 date-time", args[0], ctx);
    if (arg.literal !== undefined) {
      const epochMs = parseInstant(arg.literal);
      if (epochMs === null) {
        ctx.fail(
          `"time" expects an ISO-8601 date-time with "Z" or an offset (e.g. "2026-03-01T00:00:00Z") or a date ("2026-03-01"), got ${JSON.stringify(arg.literal)}`,
          "[0]",
        );
      }
      return () => epochMs;
    }
    return (scope) => {
      const value = arg.evaluate(scope);
      return typeof value === "string" ? parseInstant(value) : null;
    };
  },
};

function zonedOperator(name: "hour" | "weekday", example: string): OperatorDefinition {
  return {
    compile(args: readonly unknown[], ctx: CompileContext) {
      expectArity(name, args, 1, ctx, `{"${name}": "${example}"}`);
      const zone = compileStringArgument(name, "an IANA time zone", args[0], ctx);
      if (zone.literal !== undefined && !isValidTimeZone(zone.literal)) {
        ctx.fail(`"${name}" expects an IANA time zone such as "America/Sao_Paulo" or "UTC", got ${JSON.stringify(zone.literal)}`, "[0]");
      }
      return (scope) => {
        const timeZone = zone.literal ?? zone.evaluate(scope);
        if (typeof timeZone !== "string") return null;
        const local = zonedTime(nowOf(scope), timeZone);
        return local === null ? null : local[name];
      };
    },
  };
}

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
export const hour: OperatorDefinition = zonedOperator("hour", "America/Sao_Paulo");

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
export const weekday: OperatorDefinition = zonedOperator("weekday", "America/Sao_Paulo");

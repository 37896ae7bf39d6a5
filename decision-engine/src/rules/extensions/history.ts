import { durationExactMs, isExactDuration, parseDuration, subtractDuration, type Duration } from "../../time/duration.ts";
import { isBare } from "../operators/helpers.ts";
import type { CompileContext, OperatorDefinition } from "../types.ts";
import { describe, expectArity, nowOf, rootField } from "./shared.ts";

/** A validated `history` argument. */
export interface HistoryQuery {
  readonly name: string;
  readonly offer: string | undefined;
  readonly within: Duration | undefined;
}

const FIELDS = new Set(["name", "offer", "within"]);

/** `at` is the argument's own path suffix: `""` when given bare (`{"history": {…}}`), else `"[0]"`. */
function parseQuery(spec: unknown, ctx: CompileContext, at: string): HistoryQuery {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return ctx.fail(`"history" expects an object {"name", "offer"?, "within"?}, got ${describe(spec)}`, at);
  }
  const fields = spec as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) ctx.fail(`"history" has no field "${key}" (expected "name", "offer", "within")`, `${at}.${key}`);
  }
  const { name, offer, within } = fields;
  if (typeof name !== "string" || name === "") {
    ctx.fail(`"history" needs "name", a non-empty event name, got ${describe(name)}`, `${at}.name`);
  }
  if (offer !== undefined && (typeof offer !== "string" || offer === "")) {
    ctx.fail(`"history" field "offer" must be a non-empty offer id, got ${describe(offer)}`, `${at}.offer`);
  }
  let duration: Duration | undefined;
  if (within !== undefined) {
    duration = typeof within === "string" ? (parseDuration(within) ?? undefined) : undefined;
    if (duration === undefined) {
      ctx.fail(`"history" field "within" must be an ISO-8601 duration such as "P7D" or "PT30M", got ${describe(within)}`, `${at}.within`);
    }
  }
  return { name, offer, within: duration };
}

/**
 * `{"history": {"name": "display", "offer": "vip-spring", "within": "P7D"}}` — how many of this
 * profile's events match, read from the evaluation context's `history` (`HistoryEvent[]`).
 *
 * - Counts events whose `name` equals `name`, whose `offerId` equals `offer` when `offer` is given,
 *   and whose `timestamp` lies in the window `(now − within, now]` (`now` from the context, else the
 *   current time). Years and months in `within` are calendar units in UTC (`P1M` before 31 March is
 *   28/29 February); weeks to seconds are exact.
 * - Without `within`, every event up to and including `now` counts (events stamped after `now` are
 *   never counted).
 * - Missing or non-array `history` → `0`; malformed entries (not an object, non-finite `timestamp`)
 *   are skipped. One pass, no allocation.
 * - Compile errors (the argument must be a literal object): a missing or empty `name`, an `offer`
 *   that is not a non-empty string, a `within` that is not an ISO-8601 duration, unknown fields.
 *
 * @example
 * // at most 3 displays of this offer in the last 7 days
 * { "<": [{ history: { name: "display", offer: "vip-spring", within: "P7D" } }, 3] }
 */
export const history: OperatorDefinition = {
  compile(args, ctx) {
    expectArity("history", args, 1, ctx, '{"history": {"name": "display", "within": "P7D"}}');
    const { name, offer, within } = parseQuery(args[0], ctx, isBare(args) ? "" : "[0]");
    const exactMs = within !== undefined && isExactDuration(within) ? durationExactMs(within) : undefined;
    return (scope) => {
      const events = rootField(scope, "history");
      if (!Array.isArray(events)) return 0;
      const now = nowOf(scope);
      const from =
        within === undefined ? -Infinity : exactMs !== undefined ? now - exactMs : subtractDuration(now, within);
      let count = 0;
      for (let i = 0; i < events.length; i++) {
        const event: unknown = events[i];
        if (typeof event !== "object" || event === null) continue;
        const entry = event as { name?: unknown; offerId?: unknown; timestamp?: unknown };
        if (entry.name !== name) continue;
        if (offer !== undefined && entry.offerId !== offer) continue;
        const timestamp = entry.timestamp;
        if (typeof timestamp !== "number" || !(timestamp > from) || !(timestamp <= now)) continue;
        count++;
      }
      return count;
    };
  },
};

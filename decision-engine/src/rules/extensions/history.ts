import { addDuration, parseDuration } from "../../time/duration.ts";
import type { RuleCompileError } from "../errors.ts";
import { nowOf, op, own } from "./shared.ts";

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
 * - Missing or non-array `history` → `0`; malformed entries (not an object, non-number `timestamp`)
 *   are skipped.
 * - Compile errors (the argument must be a literal object): a missing or empty `name`, an `offer`
 *   that is not a non-empty string, a `within` that is not an ISO-8601 duration, unknown fields.
 *
 * @example
 * // at most 3 displays of this offer in the last 7 days
 * { "<": [{ history: { name: "display", offer: "vip-spring", within: "P7D" } }, 3] }
 */
export const history = op("history", "1", ([query], _, fail, ctx) => {
  if (!query || typeof query != "object" || Array.isArray(query)) fail("expects an object", "[0]");
  const { name, offer, within } = query as Record<string, unknown>;
  const window = parseDuration(within);
  // Errors name the field: `$.history.within`, or `$.history[0].within` for the array form (the
  // compiler maps "[0]" to the operator itself when the argument was given bare).
  let at = "[0]";
  try {
    ctx.fail("", at);
  } catch (error) {
    if ((error as RuleCompileError).path == ctx.path) at = "";
  }
  const check = (ok: unknown, field: string, message: string) => ok || fail(message, `${at}.${field}`);
  for (const key of Object.keys(query as object)) check(["name", "offer", "within"].includes(key), key, `has no field "${key}"`);
  check(name && typeof name == "string", "name", 'needs "name"');
  check(offer === undefined || (offer && typeof offer == "string"), "offer", '"offer" must be a non-empty offer id');
  check(within === undefined || window, "within", '"within" must be an ISO-8601 duration');
  return (scope) => {
    const events = own(scope.root, "history");
    const now = nowOf(scope);
    const from = window ? addDuration(now, window, -1) : -Infinity;
    let count = 0;
    if (Array.isArray(events)) {
      for (const event of events) {
        const at = event?.timestamp;
        if (typeof at == "number" && at > from && at <= now && event.name === name && (!offer || event.offerId === offer)) count++;
      }
    }
    return count;
  };
});

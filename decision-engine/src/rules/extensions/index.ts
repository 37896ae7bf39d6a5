import type { OperatorTable } from "../types.ts";
import { audience } from "./audience.ts";
import { bucket } from "./bucket.ts";
import { history } from "./history.ts";
import { matches } from "./matches.ts";
import { semver } from "./semver.ts";
import { endsWith, startsWith } from "./strings.ts";
import { hour, time, weekday } from "./time.ts";

/**
 * Edgewise's extension operators, merged by the compiler with the standard JSON Logic ones. They read
 * the evaluation context (`profile`, `audiences`, `context`, `event`, `now`, `history`) from the data
 * the rule is called with. Missing or wrong-typed values make them return `false` (predicates),
 * `0` (`history`) or `null` (values), never throw; malformed literal arguments fail at compile time.
 *
 * | operator | example | result |
 * |---|---|---|
 * | `audience` | `{"audience": "vip"}` | membership in `audiences` |
 * | `history` | `{"history": {"name": "display", "offer": "x", "within": "P7D"}}` | event count |
 * | `time` | `{"time": "2026-03-01T00:00:00Z"}` | epoch ms |
 * | `hour` / `weekday` | `{"hour": "America/Sao_Paulo"}` | 0–23 / 0–6 (Sunday = 0) at `now` |
 * | `bucket` | `{"bucket": "seed"}` | 0–9999 from murmur3(`seed.profileId`) |
 * | `semver` | `{"semver": [">=", {"var": "context.appVersion"}, "2.1.0"]}` | boolean |
 * | `starts_with` / `ends_with` | `{"starts_with": [{"var": "context.path"}, "/cart"]}` | boolean |
 * | `matches` | `{"matches": [{"var": "context.path"}, "^/p/[0-9]+$"]}` | boolean, in linear time (no backtracking) |
 *
 * The operators themselves are exported by their modules (`./audience.ts`, …), with helpers such as
 * `bucketOf`, `parseSemver` and `unsafePatternReason`.
 *
 * @example
 * compileRule({ and: [{ audience: "vip" }, { "<": [{ bucket: "spring" }, 5000] }] });
 */
export const extensionOperators: OperatorTable = {
  audience,
  history,
  time,
  hour,
  weekday,
  bucket,
  semver,
  starts_with: startsWith,
  ends_with: endsWith,
  matches,
};

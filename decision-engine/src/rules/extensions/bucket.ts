import { murmur3 } from "../../hash/murmur3.ts";
import { op, own } from "./shared.ts";

/**
 * The bucket of a profile id for a seed: `murmur3(seed + "." + profileId) % 10000`, where murmur3
 * is the x86 32-bit MurmurHash3 (seed 0) of the UTF-8 bytes, taken as unsigned.
 *
 * @example
 * bucketOf("exp-1", "u-123"); // the same number 0–9999 in every runtime
 */
export const bucketOf = (seed: string, profileId: string): number => murmur3(`${seed}.${profileId}`) % 1e4;

/**
 * The id a profile is bucketed by, from its `profile.id`: a non-empty string, or a finite number as
 * JavaScript writes it (`42` → `"42"`); anything else → `null`. The `bucket` operator, experiments
 * and the holdout all read it so.
 */
export function bucketUnit(id: unknown): string | null {
  if (typeof id === "number" && Number.isFinite(id)) return `${id}`;
  return typeof id === "string" && id !== "" ? id : null;
}

/**
 * `{"bucket": "spring-test"}` — a deterministic, uniform number 0–9999 for this profile and seed,
 * for percentage rollouts and A/B splits (`{"<": [{"bucket": "spring-test"}, 1000]}` is 10 %).
 *
 * - `murmur3_x86_32(seed + "." + profile.id, 0) % 10000` over UTF-8 bytes, so any runtime can
 *   reproduce it. Different seeds give independent splits.
 * - `profile.id` is read from the evaluation context: a non-empty string, or a finite number
 *   (stringified as JavaScript does: `42` → `"42"`). Missing, empty or other types → `null`.
 * - The seed is a literal string or an expression; an expression that yields a non-string → `null`.
 * - Compile errors: not exactly one argument; a literal that is not a string.
 *
 * @example
 * applyRule({ bucket: "spring-test" }, { profile: { id: "u-123" } }); // 0–9999, always the same
 * applyRule({ bucket: "spring-test" }, { profile: {} });              // null
 */
export const bucket = op("bucket", "1", (_, arg) => {
  const seed = arg(0, "a seed");
  return (scope) => {
    const key = seed(scope);
    const id = bucketUnit(own(own(scope.root, "profile"), "id"));
    return id !== null && typeof key == "string" ? bucketOf(key, id) : null;
  };
});

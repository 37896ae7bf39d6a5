import { murmur3 } from "../../hash/murmur3.ts";
import type { OperatorDefinition } from "../types.ts";
import { compileStringArgument, expectArity, ownField, rootField } from "./shared.ts";

/** Number of buckets: `bucket` yields 0–9999, so 1 bucket is 0.01 % of profiles. */
export const BUCKETS = 10_000;

/**
 * The bucket of a profile id for a seed: `murmur3(seed + "." + profileId) % 10000`, where murmur3
 * is the x86 32-bit MurmurHash3 (seed 0) of the UTF-8 bytes, taken as unsigned.
 *
 * @example
 * bucketOf("exp-1", "u-123"); // the same number 0–9999 in every runtime
 */
export function bucketOf(seed: string, profileId: string): number {
  return murmur3(`${seed}.${profileId}`) % BUCKETS;
}

/** A profile id as bucketing sees it: a non-empty string, or a finite number stringified; else null. */
export function bucketingId(id: unknown): string | null {
  if (typeof id === "string") return id === "" ? null : id;
  if (typeof id === "number" && Number.isFinite(id)) return String(id);
  return null;
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
export const bucket: OperatorDefinition = {
  compile(args, ctx) {
    expectArity("bucket", args, 1, ctx, '{"bucket": "seed"}');
    const seed = compileStringArgument("bucket", "a seed", args[0], ctx);
    return (scope) => {
      const id = bucketingId(ownField(rootField(scope, "profile"), "id"));
      if (id === null) return null;
      const seedValue = seed.literal ?? seed.evaluate(scope);
      return typeof seedValue === "string" ? bucketOf(seedValue, id) : null;
    };
  },
};

import { describe, expect, it } from "vitest";
import { applyRule, compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { bucketOf } from "../../src/rules/extensions/bucket.ts";
import { murmur3 } from "../../src/hash/murmur3.ts";

// Fixed values: any other implementation (edge, SDKs, another language) must reproduce them.
const KNOWN: ReadonlyArray<[seed: string, id: string, hash: number, bucket: number]> = [
  ["spring-test", "u-123", 648337445, 7445],
  ["spring-test", "u-124", 3068827833, 7833],
  ["exp-1", "u-0", 1869831357, 1357],
  ["exp-1", "42", 3142567991, 7991],
  ["exp-1", "josé", 723099257, 9257], // precomposed é: bytes 6a 6f 73 c3 a9
  ["exp-1", "jose\u0301", 991102178, 2178], // e + combining acute: a different id
  ["exp-1", "😀", 3033409723, 9723], // 4-byte UTF-8
  ["", "u-123", 4234178085, 8085],
];

describe("bucketOf", () => {
  it.each(KNOWN)("bucket(%j, %j) = murmur3 %i % 10000 = %i", (seed, id, hash, bucket) => {
    expect(murmur3(`${seed}.${id}`)).toBe(hash);
    expect(bucketOf(seed, id)).toBe(bucket);
  });

  it("spreads 100,000 ids uniformly: each decile holds 10% ± 1%", () => {
    const deciles = new Array<number>(10).fill(0);
    const buckets = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const bucket = bucketOf("exp-1", `u-${i}`);
      expect(bucket >= 0 && bucket < 10_000 && Number.isInteger(bucket)).toBe(true);
      deciles[Math.floor(bucket / 1000)]! += 1;
      buckets.add(bucket);
    }
    for (const n of deciles) {
      expect(n).toBeGreaterThanOrEqual(9_000);
      expect(n).toBeLessThanOrEqual(11_000);
    }
    expect(buckets.size).toBeGreaterThan(9_900); // nearly every one of the 10,000 buckets is hit
  });

  it("gives independent splits for different seeds", () => {
    let both = 0;
    for (let i = 0; i < 20_000; i++) {
      if (bucketOf("a", `u-${i}`) < 5000 && bucketOf("b", `u-${i}`) < 5000) both++;
    }
    expect(both / 20_000).toBeGreaterThan(0.23); // ≈ 25% if independent
    expect(both / 20_000).toBeLessThan(0.27);
  });
});

describe('{"bucket": seed}', () => {
  it("hashes seed.profileId from the evaluation context", () => {
    expect(applyRule({ bucket: "spring-test" }, { profile: { id: "u-123" } })).toBe(7445);
    expect(applyRule({ bucket: ["spring-test"] }, { profile: { id: "u-124" } })).toBe(7833);
    expect(applyRule({ bucket: "exp-1" }, { profile: { id: "josé" } })).toBe(9257);
    expect(applyRule({ bucket: "exp-1" }, { profile: { id: "😀" } })).toBe(9723);
  });

  it("stringifies numeric ids", () => {
    expect(applyRule({ bucket: "exp-1" }, { profile: { id: 42 } })).toBe(7991);
    expect(applyRule({ bucket: "exp-1" }, { profile: { id: 42 } })).toBe(applyRule({ bucket: "exp-1" }, { profile: { id: "42" } }));
  });

  it("is null when the profile id is missing or unusable", () => {
    for (const data of [{}, null, { profile: null }, { profile: "u-1" }, { profile: {} }, { profile: { id: "" } },
      { profile: { id: null } }, { profile: { id: true } }, { profile: { id: Number.NaN } }, { profile: { id: ["u-1"] } }]) {
      expect(applyRule({ bucket: "exp-1" }, data)).toBeNull();
    }
    expect(applyRule({ bucket: "exp-1" }, { profile: Object.create({ id: "u-1" }) })).toBeNull(); // inherited id
  });

  it("takes an expression seed, null when it is not a string", () => {
    const rule = compileRule({ bucket: { var: "context.experiment" } });
    expect(rule({ profile: { id: "u-0" }, context: { experiment: "exp-1" } })).toBe(1357);
    expect(rule({ profile: { id: "u-0" }, context: { experiment: 1 } })).toBeNull();
  });

  it("drives a percentage rollout", () => {
    const rule = compileRule({ "<": [{ bucket: "rollout" }, 2500] });
    let inRollout = 0;
    for (let i = 0; i < 10_000; i++) if (rule({ profile: { id: `u-${i}` } }) === true) inRollout++;
    expect(inRollout).toBeGreaterThan(2300);
    expect(inRollout).toBeLessThan(2700);
  });

  it.each([
    [{ bucket: 42 }, /expects a seed/],
    [{ bucket: null }, /expects a seed/],
    [{ bucket: [] }, /takes 1 argument/],
    [{ bucket: ["a", "b"] }, /takes 1 argument/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });
});

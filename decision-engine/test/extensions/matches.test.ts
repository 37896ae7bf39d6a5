import { describe, expect, it } from "vitest";
import { applyRule, compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { MAX_PATTERN_LENGTH, unsafePatternReason } from "../../src/rules/extensions/matches.ts";

describe("unsafePatternReason", () => {
  it.each([
    "^/cart$",
    "^/products/[0-9]+$",
    "^/cart(/.*)?$",
    "^(cart|checkout)$",
    "(?:en|pt)-BR",
    "^(?<section>[a-z]+)/",
    "\\d{3}-\\d{4}",
    "^[\\w.+-]+@example\\.com$",
    "a{2,5}b{3}c{1,}",
    "^\\d+(\\.\\d+)?$",
    "(ab)+",
    "(?:abc){2}",
    "[(+*)|]",
    "\\(a+\\)+",
    "\\u{1F600}+",
    "[\\]]+",
    "[^]",
    "(a?)?",
    "x*?y+?z??",
    "",
    "a".repeat(MAX_PATTERN_LENGTH),
  ])("accepts %j", (pattern) => {
    expect(unsafePatternReason(pattern)).toBeNull();
  });

  it.each([
    ["a".repeat(MAX_PATTERN_LENGTH + 1), /at most 200/],
    ["(a)\\1", /backreference/],
    ["(a)(b)(c)\\3", /backreference/],
    ["(?<x>a)\\k<x>", /named backreference/],
    ["foo(?=bar)", /lookahead/],
    ["foo(?!bar)", /lookahead/],
    ["(?<=foo)bar", /lookbehind/],
    ["(?<!foo)bar", /lookbehind/],
    ["(?i:a)", /only/],
    ["(a", /invalid pattern/],
    ["a)", /invalid pattern/],
    ["[a-", /invalid pattern/],
    ["a\\", /invalid pattern/],
    ["*a", /invalid pattern/],
    ["a**", /invalid pattern/],
    ["a{", /invalid pattern/], // syntax errors are reported by RegExp, in the runtime's words
    ["a{2,1}", /invalid pattern/],
    ["[z-a]", /invalid pattern/],
    ["\\-", /invalid pattern/], // an identity escape that Unicode syntax forbids
    ["\\u{110000}", /invalid pattern/],
    ["\\p{L}+", /no Unicode property escapes/],
    ["^\\p{Lu}", /no Unicode property escapes/],
    ["a{1001}", /repetition counts are at most 1000/],
    ["(?:\\d{1,100}){10}", /over 1000 states/],
  ])("rejects %j", (pattern, reason) => {
    expect(unsafePatternReason(pattern)).toMatch(reason);
  });

  // The blocklist that these patterns once met (nested quantifiers, alternatives in a repeated
  // group) is gone: matching cannot backtrack, so they are safe (test/extensions/matches-redos.test.ts).
  it.each([
    "(a+)+", "(a*)*", "(\\w+\\s?)*", "^(a+)+$", "(x+x+)+y", "((ab)*)+", "(?:a{2})+", "(a+){2,}", "(a+){1,5}",
    "(?:(?:a+))*", "(?<n>\\d+)*", "([a-z]+)*$", "(a|ab)*", "(a|a)+", "(?:x|y){2,}", "((a|b)c)+",
  ])("accepts %j, which the blocklist refused", (pattern) => {
    expect(unsafePatternReason(pattern)).toBeNull();
  });
});

describe('{"matches": [text, pattern, flags?]}', () => {
  it("tests a string against a pattern (a search, not a whole-string match)", () => {
    const rule = compileRule({ matches: [{ var: "context.path" }, "^/products/[0-9]+$"] });
    expect(rule({ context: { path: "/products/42" } })).toBe(true);
    expect(rule({ context: { path: "/products/42/reviews" } })).toBe(false);
    expect(applyRule({ matches: ["checkout/step-2", "step-\\d"] }, {})).toBe(true);
  });

  it('is case-sensitive unless the flags are "i"', () => {
    const data = { profile: { email: "Ana@Example.COM" } };
    expect(applyRule({ matches: [{ var: "profile.email" }, "@example\\.com$"] }, data)).toBe(false);
    expect(applyRule({ matches: [{ var: "profile.email" }, "@example\\.com$", "i"] }, data)).toBe(true);
    expect(applyRule({ matches: [{ var: "profile.email" }, "@Example\\.COM$", ""] }, data)).toBe(true);
  });

  it("uses Unicode semantics (. is a whole code point)", () => {
    expect(applyRule({ matches: [{ var: "t" }, "^.$"] }, { t: "😀" })).toBe(true);
    expect(applyRule({ matches: [{ var: "t" }, "^[A-ZÀ-Þ]"] }, { t: "Émile" })).toBe(true);
  });

  it("is false for non-string text, never throws", () => {
    const rule = compileRule({ matches: [{ var: "x" }, "^\\d+$"] });
    for (const x of [42, null, undefined, true, ["1"], { a: 1 }]) expect(rule({ x })).toBe(false);
    expect(rule({})).toBe(false);
    expect(rule(null)).toBe(false);
    expect(rule({ x: "123" })).toBe(true);
  });

  it("keeps no state between calls (no global or sticky flag)", () => {
    const rule = compileRule({ matches: [{ var: "x" }, "a"] });
    expect([rule({ x: "a" }), rule({ x: "a" }), rule({ x: "a" })]).toEqual([true, true, true]);
  });

  it("stays fast on inputs that would make unsafe patterns backtrack", () => {
    const rule = compileRule({ matches: [{ var: "x" }, "^[a-z]+\\d*$"] });
    const started = performance.now();
    expect(rule({ x: `${"a".repeat(50_000)}!` })).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it.each([
    [{ matches: [{ var: "x" }, "\\p{Lu}"] }, /no Unicode property escapes/],
    [{ matches: [{ var: "x" }, "(?=a)"] }, /lookahead/],
    [{ matches: [{ var: "x" }, "(?<=a)b"] }, /lookbehind/],
    [{ matches: [{ var: "x" }, "(a)\\1"] }, /backreference/],
    [{ matches: [{ var: "x" }, "x".repeat(201)] }, /at most 200/],
    [{ matches: [{ var: "x" }, "[unclosed"] }, /invalid pattern/],
    [{ matches: [{ var: "x" }, { var: "pattern" }] }, /pattern must be a literal string/],
    [{ matches: [{ var: "x" }, 5] }, /pattern must be a literal string/],
    [{ matches: [{ var: "x" }, "a", "g"] }, /flags may only be "i"/],
    [{ matches: [{ var: "x" }, "a", "gi"] }, /flags may only be "i"/],
    [{ matches: [{ var: "x" }, "a", { var: "f" }] }, /flags may only be "i"/],
    [{ matches: [{ var: "x" }] }, /takes 2 or 3 arguments/],
    [{ matches: [{ var: "x" }, "a", "i", "extra"] }, /takes 2 or 3 arguments/],
    [{ matches: "a" }, /takes 2 or 3 arguments/],
    [{ matches: [5, "a"] }, /expects the text/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });

  it("points the error path at the pattern", () => {
    try {
      compileRule({ matches: [{ var: "x" }, "(a)\\1"] });
      expect.unreachable();
    } catch (error) {
      expect((error as RuleCompileError).path).toBe("$.matches[1]");
    }
  });
});

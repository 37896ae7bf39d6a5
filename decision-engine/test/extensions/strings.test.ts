import { describe, expect, it } from "vitest";
import { applyRule, compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { extensionOperators } from "../../src/rules/extensions/index.ts";

describe('{"starts_with": [a, b]} and {"ends_with": [a, b]}', () => {
  const data = { context: { path: "/cart/items", url: "https://shop.example/cart" }, profile: { email: "ana@example.com" } };

  it("tests prefixes and suffixes", () => {
    expect(applyRule({ starts_with: [{ var: "context.path" }, "/cart"] }, data)).toBe(true);
    expect(applyRule({ starts_with: [{ var: "context.path" }, "/checkout"] }, data)).toBe(false);
    expect(applyRule({ starts_with: [{ var: "context.path" }, "/CART"] }, data)).toBe(false); // case-sensitive
    expect(applyRule({ ends_with: [{ var: "profile.email" }, "@example.com"] }, data)).toBe(true);
    expect(applyRule({ ends_with: [{ var: "profile.email" }, "@example.org"] }, data)).toBe(false);
    expect(applyRule({ starts_with: ["/cart", { var: "context.path" }] }, data)).toBe(false); // argument order matters
  });

  it("treats the empty string as a prefix and suffix of every string", () => {
    expect(applyRule({ starts_with: [{ var: "context.path" }, ""] }, data)).toBe(true);
    expect(applyRule({ ends_with: ["", ""] }, data)).toBe(true);
    expect(applyRule({ starts_with: ["", "a"] }, data)).toBe(false);
  });

  it("compares UTF-16 text exactly", () => {
    expect(applyRule({ starts_with: [{ var: "c" }, "São"] }, { c: "São Paulo" })).toBe(true);
    expect(applyRule({ ends_with: [{ var: "c" }, "🎉"] }, { c: "party 🎉" })).toBe(true);
  });

  it("takes expressions on both sides", () => {
    const rule = compileRule({ starts_with: [{ var: "context.url" }, { cat: ["https://", { var: "host" }] }] });
    expect(rule({ context: { url: "https://shop.example/cart" }, host: "shop.example" })).toBe(true);
    expect(rule({ context: { url: "https://evil.example/cart" }, host: "shop.example" })).toBe(false);
    const rule2 = compileRule({ ends_with: [{ var: "a" }, { var: "b" }] });
    expect(rule2({ a: "report.pdf", b: ".pdf" })).toBe(true);
    expect(rule2({ a: "report.pdf", b: ".doc" })).toBe(false);
  });

  it("is false for non-strings, never throws", () => {
    for (const op of ["starts_with", "ends_with"]) {
      const rule = compileRule({ [op]: [{ var: "a" }, { var: "b" }] });
      expect(rule({ a: 12345, b: "1" })).toBe(false);
      expect(rule({ a: "12345", b: 1 })).toBe(false);
      expect(rule({ a: ["a", "b"], b: "a" })).toBe(false);
      expect(rule({ a: null, b: null })).toBe(false);
      expect(rule({})).toBe(false);
      expect(rule(null)).toBe(false);
    }
  });

  it.each([
    [{ starts_with: [{ var: "a" }] }, /takes 2 arguments/],
    [{ ends_with: [{ var: "a" }, "x", "y"] }, /takes 2 arguments/],
    [{ starts_with: "abc" }, /takes 2 arguments/],
    [{ starts_with: [{ var: "a" }, 5] }, /expects the prefix/],
    [{ ends_with: [null, "x"] }, /expects the text/],
    [{ ends_with: [{ var: "a" }, ["x"]] }, /expects the suffix/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });
});

describe("extensionOperators", () => {
  it("holds exactly the ten extension operators", () => {
    expect(Object.keys(extensionOperators).sort()).toEqual(
      ["audience", "bucket", "ends_with", "history", "hour", "matches", "semver", "starts_with", "time", "weekday"],
    );
    for (const definition of Object.values(extensionOperators)) expect(definition.compile).toBeTypeOf("function");
  });

  it("combines with the standard operators in a real eligibility rule", () => {
    const rule = compileRule({
      and: [
        { audience: "vip" },
        { ">=": [{ var: "profile.ltv" }, 100] },
        { semver: [">=", { var: "context.appVersion" }, "2.1"] },
        { "<": [{ history: { name: "display", offer: "vip-spring", within: "P1D" } }, 3] },
        { starts_with: [{ var: "context.path" }, "/cart"] },
      ],
    });
    const now = Date.UTC(2026, 2, 15, 12);
    const base = {
      profile: { id: "u-123", ltv: 1200 },
      audiences: ["vip"],
      context: { appVersion: "2.3.0", path: "/cart" },
      now,
      history: [{ name: "display", offerId: "vip-spring", timestamp: now - 1000 }],
    };
    expect(rule(base)).toBe(true);
    expect(rule({ ...base, audiences: [] })).toBe(false);
    expect(rule({ ...base, context: { appVersion: "2.0.9", path: "/cart" } })).toBe(false);
    expect(rule({ ...base, history: Array.from({ length: 3 }, () => base.history[0]) })).toBe(false);
  });
});

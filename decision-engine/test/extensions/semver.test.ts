import { describe, expect, it } from "vitest";
import { compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { compareSemver, parseSemver, type SemVer } from "../../src/rules/extensions/semver.ts";

const v = (text: string): SemVer => {
  const parsed = parseSemver(text);
  if (parsed === null) throw new Error(`invalid version ${text}`);
  return parsed;
};
const cmp = (a: string, b: string) => compareSemver(v(a), v(b));

describe("parseSemver", () => {
  it("parses full versions, pre-releases and build metadata (into sort keys: equal versions, equal keys)", () => {
    for (const text of ["1.2.3", "1.0.0-beta.11", "1.0.0-alpha+001", "1.0.0+20130313144700", "1.0.0-x-y-z.--", "1.0.0-0A.is.legal"]) {
      expect(parseSemver(text)).toBeTypeOf("string");
    }
    expect(parseSemver("1.0.0-alpha+001")).toBe(parseSemver("1.0.0-alpha"));
    expect(parseSemver("1.0.0+20130313144700")).toBe(parseSemver("1.0.0"));
    expect(parseSemver("1.0.0-x-y-z.--")).not.toBe(parseSemver("1.0.0-x-y-z"));
    expect(parseSemver("1.0.0-beta.11")).not.toBe(parseSemver("1.0.0-beta.1"));
    expect(parseSemver("1.2.3")).not.toBe(parseSemver("1.2.30"));
    expect(parseSemver("1.2.3")).not.toBe(parseSemver("12.3.0"));
  });

  it('accepts a leading "v" and partial versions', () => {
    expect(parseSemver("v2.1.0")).toBe(parseSemver("2.1.0"));
    expect(parseSemver("V2.1.0")).toBe(parseSemver("2.1.0"));
    expect(parseSemver("2")).toBe(parseSemver("2.0.0"));
    expect(parseSemver("2.1")).toBe(parseSemver("2.1.0"));
    expect(parseSemver("v3")).toBe(parseSemver("3.0.0"));
    expect(parseSemver("0.0.0")).toBeTypeOf("string");
  });

  it.each([
    "", "v", "1.", "1.2.", "1.2.3.", "1.2.3.4", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01", "1.2.3-", "1.2.3+",
    "1.2.3-alpha..1", "1.2.3-alpha_1", "1.2.3+build..1", " 1.2.3", "1.2.3 ", "vv1.2.3", "=1.2.3", "1.2-beta",
    "2+build", "latest", "1.2.x", "-1.2.3", "1.2.3-β", "1".repeat(257),
  ])("rejects %j", (text) => {
    expect(parseSemver(text)).toBeNull();
  });

  it("rejects non-strings without throwing", () => {
    expect(parseSemver(2 as unknown as string)).toBeNull();
    expect(parseSemver(undefined as unknown as string)).toBeNull();
  });
});

describe("compareSemver", () => {
  it("orders the SemVer 2.0 specification's pre-release example", () => {
    const ordered = [
      "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11",
      "1.0.0-rc.1", "1.0.0",
    ];
    for (let i = 0; i < ordered.length; i++) {
      for (let j = 0; j < ordered.length; j++) {
        expect(cmp(ordered[i]!, ordered[j]!)).toBe(Math.sign(i - j));
      }
    }
    const shuffled = [...ordered].reverse().sort((a, b) => cmp(a, b));
    expect(shuffled).toEqual(ordered);
  });

  it("compares numbers numerically, not as text", () => {
    expect(cmp("2.10.0", "2.9.0")).toBe(1);
    expect(cmp("10.0.0", "9.99.99")).toBe(1);
    expect(cmp("1.0.10", "1.0.9")).toBe(1);
    expect(cmp("1.0.0-10", "1.0.0-9")).toBe(1);
    expect(cmp("1.0.0-1", "1.0.0-a")).toBe(-1); // numeric identifiers sort before alphanumeric ones
    expect(cmp("1.0.0-a1", "1.0.0-a10")).toBe(-1); // alphanumeric ones in ASCII order
    expect(cmp("1.0.0-B", "1.0.0-a")).toBe(-1); // ASCII: upper case first
  });

  it("compares numbers beyond 2^53 exactly", () => {
    expect(cmp("9007199254740993.0.0", "9007199254740992.0.0")).toBe(1);
    expect(cmp("1.0.0-9007199254740993", "1.0.0-9007199254740992")).toBe(1);
  });

  it("ignores build metadata and treats partial versions as .0", () => {
    expect(cmp("1.0.0+build.1", "1.0.0+build.2")).toBe(0);
    expect(cmp("1.0.0-rc.1+a", "1.0.0-rc.1")).toBe(0);
    expect(cmp("2", "2.0.0")).toBe(0);
    expect(cmp("2.1", "2.1.0")).toBe(0);
    expect(cmp("v2.1", "2.1.1")).toBe(-1);
    expect(cmp("2.1", "2.1.0-rc.1")).toBe(1);
  });
});

describe('{"semver": [op, a, b]}', () => {
  const check = (op: string, a: string | undefined, b: string) =>
    compileRule({ semver: [op, { var: "v" }, b] })({ v: a });

  it.each([
    ["2.1.0", ">=", "2.1.0", true],
    ["2.10.0", ">=", "2.9.0", true],
    ["2.1.0", ">", "2.1.0", false],
    ["2.0.9", "<", "2.1.0", true],
    ["2.1.0-beta.1", "<", "2.1.0", true],
    ["2.1.0-beta.1", ">=", "2.1.0", false],
    ["2.1.0-beta.11", ">", "2.1.0-beta.2", true],
    ["2.1.0+ios", "==", "2.1.0+android", true],
    ["v2.1", "==", "2.1.0", true],
    ["2", "<=", "2.0.0", true],
    ["3.0.0", "!=", "2.1.0", true],
    ["2.1.0", "!=", "2.1.0", false],
    ["1.0.0-alpha", "<", "1.0.0-alpha.1", true],
    ["1.0.0-alpha.beta", ">", "1.0.0-alpha.1", true],
    ["1.0.0-rc.1", "<=", "1.0.0", true],
  ])("%s %s %s → %s", (a, op, b, expected) => {
    expect(check(op, a, b)).toBe(expected);
  });

  it("is false for every operator when either version is invalid or missing", () => {
    for (const op of ["==", "!=", ">", ">=", "<", "<="]) {
      expect(check(op, "not-a-version", "2.1.0")).toBe(false);
      expect(check(op, undefined, "2.1.0")).toBe(false);
      expect(check(op, "1.2.3.4", "2.1.0")).toBe(false);
      const rule = compileRule({ semver: [op, { var: "a" }, { var: "b" }] });
      expect(rule({ a: "2.1.0", b: "garbage" })).toBe(false);
      expect(rule({ a: 2, b: "2.0.0" })).toBe(false); // numbers are not versions
      expect(rule({ a: null, b: null })).toBe(false);
      expect(rule({})).toBe(false);
      expect(rule(null)).toBe(false);
    }
  });

  it("compares two expressions and reads the evaluation context", () => {
    const rule = compileRule({ semver: [">=", { var: "context.appVersion" }, { var: "context.minVersion" }] });
    expect(rule({ context: { appVersion: "2.3.0", minVersion: "2.1.0" } })).toBe(true);
    expect(rule({ context: { appVersion: "2.0.0", minVersion: "2.1.0" } })).toBe(false);
    expect(rule({ context: { appVersion: "2.0.0", minVersion: "2.0.0" } })).toBe(true);
    expect(rule({ context: { appVersion: "2.0.0-rc.1", minVersion: "2.0.0" } })).toBe(false);
  });

  it("accepts literal versions on the left too", () => {
    expect(compileRule({ semver: ["<", "1.9.9", { var: "v" }] })({ v: "2.0.0" })).toBe(true);
  });

  it.each([
    [{ semver: ["~>", { var: "v" }, "2.1.0"] }, /operator must be one of/],
    [{ semver: [{ var: "op" }, { var: "v" }, "2.1.0"] }, /operator must be one of/],
    [{ semver: [">=", { var: "v" }, "2.1.x"] }, /expects a version/],
    [{ semver: [">=", "01.0.0", { var: "v" }] }, /expects a version/],
    [{ semver: [">=", { var: "v" }, 2.1] }, /expects a version/],
    [{ semver: [">=", { var: "v" }, null] }, /expects a version/],
    [{ semver: [">=", { var: "v" }] }, /takes 3 arguments/],
    [{ semver: [">=", { var: "v" }, "1.0.0", "2.0.0"] }, /takes 3 arguments/],
    [{ semver: "2.1.0" }, /takes 3 arguments/],
  ])("rejects %j at compile time", (rule, message) => {
    expect(() => compileRule(rule)).toThrow(RuleCompileError);
    expect(() => compileRule(rule)).toThrow(message);
  });

  it("names the offending argument in the error path", () => {
    try {
      compileRule({ semver: [">=", { var: "v" }, "2.1.x"] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RuleCompileError);
      expect((error as RuleCompileError).path).toBe("$.semver[2]");
    }
  });
});

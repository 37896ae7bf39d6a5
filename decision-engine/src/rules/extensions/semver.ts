import type { CompileContext, OperatorDefinition, Scope } from "../types.ts";
import { compileStringArgument, describe, expectArity } from "./shared.ts";

/** A parsed version. Numeric parts are kept as digit strings, so any size compares exactly. */
export interface SemVer {
  readonly major: string;
  readonly minor: string;
  readonly patch: string;
  /** Dot-separated pre-release identifiers (`["beta", "11"]`); empty for a release. */
  readonly prerelease: readonly string[];
}

const NUMERIC = "0|[1-9]\\d*";
const IDENTIFIER = `(?:${NUMERIC}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const VERSION = new RegExp(
  `^[vV]?(${NUMERIC})(?:\\.(${NUMERIC})(?:\\.(${NUMERIC})` +
    `(?:-(${IDENTIFIER}(?:\\.${IDENTIFIER})*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?)?)?$`,
);
const MAX_LENGTH = 256;

/**
 * Parse a SemVer 2.0 version; `null` when invalid.
 *
 * Beyond strict SemVer: a leading `v` (or `V`) is accepted, and partial versions `2` and `2.1` mean `2.0.0`
 * and `2.1.0` (a pre-release or build suffix needs all three numbers). Leading zeros (`01.2.3`),
 * empty identifiers, whitespace and strings over 256 characters are invalid.
 *
 * @example
 * parseSemver("v2.1");           // { major: "2", minor: "1", patch: "0", prerelease: [] }
 * parseSemver("1.0.0-beta.11");  // { …, prerelease: ["beta", "11"] }
 * parseSemver("1.0");            // { major: "1", minor: "0", patch: "0", prerelease: [] }
 * parseSemver("1.0.0.0");        // null
 */
export function parseSemver(text: string): SemVer | null {
  if (typeof text !== "string" || text.length > MAX_LENGTH) return null;
  const match = VERSION.exec(text);
  if (match === null) return null;
  const [, major = "0", minor = "0", patch = "0", prerelease] = match;
  return { major, minor, patch, prerelease: prerelease === undefined ? [] : prerelease.split(".") };
}

function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const ALL_DIGITS = /^\d+$/;

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = ALL_DIGITS.test(a);
  const bNumeric = ALL_DIGITS.test(b);
  if (aNumeric && bNumeric) return compareDigits(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1; // numeric identifiers sort first
  return a < b ? -1 : a > b ? 1 : 0; // ASCII order
}

/**
 * SemVer 2.0 precedence: −1, 0 or 1. Build metadata is ignored; a pre-release sorts before its
 * release; pre-release identifiers compare numerically when both are numeric, numeric before
 * alphanumeric, otherwise in ASCII order, and a longer list wins when all shared ones are equal.
 *
 * @example
 * compareSemver(parseSemver("1.0.0-beta.2")!, parseSemver("1.0.0-beta.11")!); // -1
 * compareSemver(parseSemver("1.0.0+a")!, parseSemver("1.0.0+b")!);           // 0
 */
export function compareSemver(a: SemVer, b: SemVer): number {
  const core = compareDigits(a.major, b.major) || compareDigits(a.minor, b.minor) || compareDigits(a.patch, b.patch);
  if (core !== 0) return core;
  const ap = a.prerelease;
  const bp = b.prerelease;
  if (ap.length === 0 || bp.length === 0) return ap.length === bp.length ? 0 : ap.length === 0 ? 1 : -1;
  const shared = Math.min(ap.length, bp.length);
  for (let i = 0; i < shared; i++) {
    const order = compareIdentifiers(ap[i]!, bp[i]!);
    if (order !== 0) return order;
  }
  return ap.length === bp.length ? 0 : ap.length < bp.length ? -1 : 1;
}

/** The comparison operators `semver` accepts. */
export type SemverOperator = "==" | "!=" | ">" | ">=" | "<" | "<=";

const TESTS: Readonly<Record<SemverOperator, (order: number) => boolean>> = {
  "==": (order) => order === 0,
  "!=": (order) => order !== 0,
  ">": (order) => order > 0,
  ">=": (order) => order >= 0,
  "<": (order) => order < 0,
  "<=": (order) => order <= 0,
};

function isSemverOperator(op: unknown): op is SemverOperator {
  return typeof op === "string" && Object.prototype.hasOwnProperty.call(TESTS, op);
}

/** A compiled version operand: parsed once when literal, memoised on the last value otherwise. */
function compileVersion(arg: unknown, ctx: CompileContext, at: string): (scope: Scope) => SemVer | null {
  const operand = compileStringArgument("semver", "a version", arg, ctx, at);
  if (operand.literal !== undefined) {
    const parsed = parseSemver(operand.literal);
    if (parsed === null) {
      ctx.fail(`"semver" expects a version such as "2.1.0", "v2.1" or "1.0.0-beta.2", got ${JSON.stringify(operand.literal)}`, at);
    }
    return () => parsed;
  }
  let lastText: string | undefined;
  let lastParsed: SemVer | null = null;
  return (scope) => {
    const value = operand.evaluate(scope);
    if (typeof value !== "string") return null;
    if (value !== lastText) {
      lastText = value;
      lastParsed = parseSemver(value);
    }
    return lastParsed;
  };
}

/**
 * `{"semver": [">=", {"var": "context.appVersion"}, "2.1.0"]}` — compare two versions by SemVer 2.0
 * precedence.
 *
 * - The operator is a literal: `==`, `!=`, `>`, `>=`, `<`, `<=`.
 * - Versions are literal strings or expressions. Pre-releases order as SemVer says
 *   (`1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 <
 *   1.0.0-rc.1 < 1.0.0`); build metadata is ignored (`1.0.0+1 == 1.0.0+2`); a leading `v` is
 *   accepted; `2` and `2.1` mean `2.0.0` and `2.1.0`. See {@link parseSemver}.
 * - An invalid, missing or non-string version on either side → `false`, for every operator
 *   (including `!=`): an unknown app version never satisfies a version rule.
 * - Compile errors: not exactly three arguments; an unknown operator; a literal version that is
 *   invalid or not a string.
 *
 * @example
 * applyRule({ semver: [">=", { var: "v" }, "2.1.0"] }, { v: "2.10.0" });       // true
 * applyRule({ semver: ["<", { var: "v" }, "1.0.0"] }, { v: "1.0.0-rc.1" });    // true
 * applyRule({ semver: ["!=", { var: "v" }, "1.0.0"] }, {});                    // false
 */
export const semver: OperatorDefinition = {
  compile(args, ctx) {
    expectArity("semver", args, 3, ctx, '{"semver": [">=", version, "2.1.0"]}');
    const op = args[0];
    if (!isSemverOperator(op)) {
      return ctx.fail(`"semver" operator must be one of ==, !=, >, >=, <, <=; got ${describe(op)}`, "[0]");
    }
    const test = TESTS[op];
    const left = compileVersion(args[1], ctx, "[1]");
    const right = compileVersion(args[2], ctx, "[2]");
    return (scope) => {
      const a = left(scope);
      const b = right(scope);
      return a !== null && b !== null && test(compareSemver(a, b));
    };
  },
};

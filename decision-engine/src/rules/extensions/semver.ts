import { op } from "./shared.ts";

/**
 * A parsed version as a sort key: two versions compare (`<`, `===`, `>`) as their SemVer 2.0
 * precedence does. Identifiers are joined by `,` (which sorts below every identifier character); a
 * numeric one is `"0"`, a character for its length and its digits (so any size compares exactly), an
 * alphanumeric one is `"1"` and its text; a release ends in `"1~"`, after all of its pre-releases.
 */
export type SemVer = string;

const VERSION = /^v?(\d+)(?:\.(\d+)(?:\.(\d+)(?:-([\da-z.-]+))?(?:\+[\da-z-]+(?:\.[\da-z-]+)*)?)?)?$/i;

/**
 * Parse a SemVer 2.0 version into its sort key; `null` when invalid.
 *
 * Beyond strict SemVer: a leading `v` (or `V`) is accepted, and partial versions `2` and `2.1` mean `2.0.0`
 * and `2.1.0` (a pre-release or build suffix needs all three numbers). Leading zeros (`01.2.3`),
 * empty identifiers, whitespace and strings over 256 characters are invalid.
 *
 * @example
 * parseSemver("v2.1") === parseSemver("2.1.0+build"); // true
 * parseSemver("1.0.0-beta.11")! > parseSemver("1.0.0-beta.2")!; // true
 * parseSemver("1.0.0.0");        // null
 */
export const parseSemver = (text: unknown): SemVer | null => {
  const m = typeof text == "string" && text.length < 257 && VERSION.exec(text);
  const ids = m && [m[1]!, m[2] ?? "0", m[3] ?? "0", ...(m[4] ?? "~").split(".")];
  // Empty identifiers and numbers with leading zeros are invalid.
  return !ids || ids.some((id) => /^(0\d+)?$/.test(id))
    ? null
    : ids.map((id) => (/\D/.test(id) ? "1" + id : "0" + String.fromCharCode(64 + id.length) + id)).join();
};

/**
 * SemVer 2.0 precedence of two parsed versions: −1, 0 or 1. Build metadata is ignored; a pre-release
 * sorts before its release; pre-release identifiers compare numerically when both are numeric,
 * numeric before alphanumeric, otherwise in ASCII order, and a longer list wins when all shared ones
 * are equal.
 *
 * @example
 * compareSemver(parseSemver("1.0.0-beta.2")!, parseSemver("1.0.0-beta.11")!); // -1
 * compareSemver(parseSemver("1.0.0+a")!, parseSemver("1.0.0+b")!);           // 0
 */
export const compareSemver = (a: SemVer, b: SemVer): number => (a < b ? -1 : +(a > b));

const OPERATORS = ["==", "!=", ">", ">=", "<", "<="];

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
export const semver = op("semver", "3", ([operator], arg, fail) => {
  if (!OPERATORS.includes(operator as string)) fail(`operator must be one of ${OPERATORS.join(", ")}`, "[0]");
  const left = arg(1, "a version", parseSemver);
  const right = arg(2, "a version", parseSemver);
  return (scope) => {
    const a = left(scope) as SemVer | null;
    const b = right(scope) as SemVer | null;
    // The order's sign as "<", "=" or ">" is in the operator's text, except for "!=", which inverts it.
    return !!a && !!b && (operator == "!=") != (operator as string).includes("<=>"[compareSemver(a, b) + 1]!);
  };
});

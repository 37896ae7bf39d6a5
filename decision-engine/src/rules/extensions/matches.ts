import { compilePattern, MAX_PATTERN_LENGTH } from "../regex/index.ts";
import { op } from "./shared.ts";

export { MAX_PATTERN_LENGTH };

/**
 * Why `matches` refuses a pattern (with the `"i"` flag when `ignoreCase`), or `null` when it
 * accepts it: the `SyntaxError` message of {@link compilePattern}, which says where.
 *
 * @example
 * unsafePatternReason("^/cart(/.*)?$"); // null
 * unsafePatternReason("(a+)+$");        // null: matching cannot backtrack, so this is safe too
 * unsafePatternReason("(a)\\1");        // "no numbered or named backreferences (at 3)"
 */
export const unsafePatternReason = (pattern: string, ignoreCase = false): string | null => {
  try {
    compilePattern(pattern, ignoreCase);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

/**
 * `{"matches": [text, pattern]}` or `{"matches": [text, pattern, "i"]}` — whether a regular
 * expression matches somewhere in a string (anchor with `^…$` for a whole-string match).
 *
 * The pattern is compiled once, at compile time, into a Thompson NFA that a Pike-style simulation
 * runs: the set of live states advances one code point at a time, each state at most once per
 * position. Nothing backtracks, so a test costs at most text length × pattern states steps,
 * whatever the pattern: `(a+)+$`, `(.*a){12}` or `^(\w+\s?)*$` included. No `RegExp`, `eval` or
 * `new Function`, so the answers are the same in every runtime (Workers, browsers, Hermes, Node).
 *
 * Syntax: JavaScript's, with the `u` flag (answers checked against `new RegExp(pattern, flags + "u")`).
 * - literals, code point by code point (an emoji is one character); `.`: any code point but `\n`,
 *   `\r`, U+2028 and U+2029;
 * - escapes `\d \D \w \W \s \S`, `\t \n \r \f \v \0`, `\cX`, `\xHH`, `\uHHHH` (two surrogate
 *   escapes in a row are one code point), `\u{H…}`, and `\` before `^ $ \ . * + ? ( ) [ ] { } | /`;
 * - classes `[…]` and `[^…]` with ranges and escapes (and, inside, `\b` for backspace and `\-`);
 * - anchors `^` and `$` (of the whole text: no multiline), word boundaries `\b` and `\B`;
 * - groups `(…)`, `(?:…)` and `(?<name>…)` (ASCII names, duplicates allowed; nothing is
 *   captured), alternation `|`;
 * - quantifiers `* + ? {n} {n,} {n,m}`, greedy or lazy (`*?`…: the same answer).
 *
 * Refused at compile time, with the reason and its position, at the pattern's path (`[1]`):
 * - left out: backreferences (`\1`, `\k<name>`), lookahead and lookbehind and other `(?` groups,
 *   Unicode properties (`\p{…}`, `\P{…}`);
 * - invalid with the `u` flag: unbalanced `(`, `)`, `[`; a quantifier with nothing to repeat; a lone
 *   `{`, `}` or `]`; `{2,1}`, `[z-a]`; unknown escapes (`\-` outside a class, `\a`, `\e`…);
 * - over a bound: more than 200 characters ({@link MAX_PATTERN_LENGTH}), a count over 1,000 in `{}`,
 *   more than 1,000 states once `{n,m}` copies are laid out (`\d{1,499}` fits, `\d{1,500}` does not).
 *
 * Flags: only `"i"` (or `""`), a literal. Case-insensitive matching compares a character, its lower
 * case and its upper case (the runtime's `toLowerCase`/`toUpperCase` of one code point) with sets
 * that hold their members' case variants: JavaScript's simple case folding (`iu`), checked code
 * point by code point (ſ matches s, the Kelvin sign k; ı does not match I; ß does not match "SS").
 *
 * Text: a literal string or an expression; a non-string at run time → `false`; a text over 20,000
 * UTF-16 code units → `false`. So one test takes at most 20,000 × 1,000 steps (about 0.1 s here, for
 * a pattern of 1,000 states all live at once); rule patterns take 0.1–2 µs, 6–28× RegExp's time.
 *
 * @example
 * applyRule({ matches: [{ var: "context.path" }, "^/products/[0-9]+$"] }, { context: { path: "/products/42" } }); // true
 * applyRule({ matches: [{ var: "profile.email" }, "@EXAMPLE\\.com$", "i"] }, { profile: { email: "a@example.com" } }); // true
 * compileRule({ matches: [{ var: "x" }, "(a)\\1"] }); // throws RuleCompileError (backreference)
 */
export const matches = op("matches", "2 or 3", (args, arg, fail) => {
  const text = arg(0, "the text");
  const [, pattern, flags = ""] = args;
  if (typeof pattern != "string") return fail("pattern must be a literal string", "[1]");
  if (flags !== "" && flags !== "i") fail('flags may only be "i"', "[2]");
  let search: (text: string) => boolean;
  try {
    search = compilePattern(pattern, flags == "i");
  } catch (error) {
    return fail(`pattern: ${(error as Error).message}`, "[1]");
  }
  return (scope) => {
    const value = text(scope);
    return typeof value == "string" && search(value);
  };
});

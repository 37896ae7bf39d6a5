import { op } from "./shared.ts";

/** Longest pattern `matches` accepts, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * Why a regular expression is unsafe or unsupported for `matches`, or `null` when it is accepted.
 *
 * Patterns are read with Unicode (`u`) syntax. Rejected, so that matching stays fast on any input
 * (no catastrophic backtracking) and behaves the same in every runtime:
 * - longer than {@link MAX_PATTERN_LENGTH} characters;
 * - backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), or any other
 *   `(?` group than `(?:…)` and `(?<name>…)` (a name of word characters);
 * - a group repeated by `*`, `+`, `{n,}` or `{n,m}` (m > 1) whose content contains a quantifier
 *   (`(a+)+`, `(a*)*`, `(\w+\s?)*`) or an alternation `|` (`(a|ab)*`; use a class like `[ab]*`);
 * - anything `new RegExp(pattern, "u")` rejects (reported with the runtime's message).
 *
 * @example
 * unsafePatternReason("^/cart(/.*)?$"); // null
 * unsafePatternReason("(a+)+$");        // "no nested quantifiers or alternatives in a repeated group"
 */
export const unsafePatternReason = (pattern: string): string | null => {
  // Escapes (but backreferences) and classes become a plain "a", (?: and (?<name> a plain "(".
  const rest = pattern.replace(/\\[pPu]\{[^}]*\}|\\[^1-9k]|\[(?:\\[^]|[^\\\]])*\]|\(\?(:|<\w+>)/g, (token) =>
    token[0] == "(" ? "(" : "a",
  );
  let reason =
    pattern.length > MAX_PATTERN_LENGTH
      ? `at most ${MAX_PATTERN_LENGTH} characters`
      : /\\[1-9k]/.test(rest)
        ? "no numbered or named backreferences"
        : /\(\?/.test(rest)
          ? "only (?: and (?<name> groups, no lookahead or lookbehind"
          : null;
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    reason ??= `invalid pattern (${error})`;
  }
  // A group repeated by anything but ?, {0}, {1}, {0,1}… must not hold a quantifier or a |, at any depth.
  const open: number[] = [];
  rest.replace(/[()]/g, (paren, i: number) => {
    if (paren == "(") open.push(i);
    else if (/[*+?{|]/.test(rest.slice(open.pop(), i)) && /^[*+]|^\{(?![01](,[01])?\})/.test(rest.slice(i + 1))) {
      reason ??= "no nested quantifiers or alternatives in a repeated group";
    }
    return paren;
  });
  return reason;
};

/**
 * `{"matches": [text, pattern]}` or `{"matches": [text, pattern, "i"]}` — whether a regular
 * expression matches somewhere in a string (anchor with `^…$` for a whole-string match).
 *
 * - `pattern` must be a literal string; it is checked and compiled once, at compile time, with the
 *   `u` flag (Unicode syntax: `.` matches a whole emoji, stray `{` or `\-` outside a class are errors).
 *   Unsafe patterns are rejected as described in {@link unsafePatternReason}: over 200 characters,
 *   backreferences, lookaround, nested quantifiers, repeated groups with `|`, invalid syntax.
 * - The optional third argument is a literal flags string: only `"i"` (or `""`) is allowed.
 * - `text` is a literal string or an expression; a non-string at run time → `false`.
 * - Compile errors: two or three arguments required; a pattern that is not a literal string or is
 *   unsafe; other flags.
 *
 * @example
 * applyRule({ matches: [{ var: "context.path" }, "^/products/[0-9]+$"] }, { context: { path: "/products/42" } }); // true
 * applyRule({ matches: [{ var: "profile.email" }, "@EXAMPLE\\.com$", "i"] }, { profile: { email: "a@example.com" } }); // true
 * compileRule({ matches: [{ var: "x" }, "(a+)+$"] }); // throws RuleCompileError (nested quantifiers)
 */
export const matches = op("matches", "2 or 3", (args, arg, fail) => {
  const text = arg(0, "the text");
  const [, pattern, flags = ""] = args;
  if (typeof pattern != "string") return fail("pattern must be a literal string", "[1]");
  if (flags !== "" && flags !== "i") fail('flags may only be "i"', "[2]");
  const reason = unsafePatternReason(pattern);
  if (reason) fail(`pattern: ${reason}`, "[1]");
  const regex = new RegExp(pattern, `${flags}u`);
  return (scope) => {
    const value = text(scope);
    return typeof value == "string" && regex.test(value);
  };
});

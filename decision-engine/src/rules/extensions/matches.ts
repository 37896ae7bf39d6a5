import type { CompileContext, OperatorDefinition } from "../types.ts";
import { compileStringArgument, describe } from "./shared.ts";

/** Longest pattern `matches` accepts, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 200;

interface GroupFrame {
  /** The group's content contains a quantifier (at any depth). */
  quantified: boolean;
  /** The group's content contains `|` (at any depth). */
  alternation: boolean;
}

type Atom = { readonly kind: "none" } | { readonly kind: "simple" } | { readonly kind: "group"; readonly frame: GroupFrame };

const NONE: Atom = { kind: "none" };
const SIMPLE: Atom = { kind: "simple" };
const BOUNDED_QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;

/**
 * Why a regular expression is unsafe or unsupported for `matches`, or `null` when it is accepted.
 *
 * Patterns are read with Unicode (`u`) syntax. Rejected, so that matching stays fast on any input
 * (no catastrophic backtracking) and behaves the same in every runtime:
 * - longer than {@link MAX_PATTERN_LENGTH} characters;
 * - backreferences (`\1`, `\k<name>`) and lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), or any other
 *   `(?` group than `(?:…)` and `(?<name>…)`;
 * - a group repeated by `*`, `+`, `{n,}` or `{n,m}` (m > 1) whose content contains a quantifier
 *   (`(a+)+`, `(a*)*`, `(\w+\s?)*`) or an alternation `|` (`(a|ab)*`; use a class like `[ab]*`);
 * - anything `new RegExp(pattern, "u")` rejects.
 *
 * @example
 * unsafePatternReason("^/cart(/.*)?$"); // null
 * unsafePatternReason("(a+)+$");        // "nested quantifiers: …"
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return `pattern is ${pattern.length} characters long; at most ${MAX_PATTERN_LENGTH} are allowed`;
  }
  const stack: GroupFrame[] = [{ quantified: false, alternation: false }];
  let atom: Atom = NONE;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    const top = stack[stack.length - 1]!;
    switch (c) {
      case "\\": {
        const next = pattern[i + 1];
        if (next === undefined) return "invalid pattern: it ends with a lone backslash";
        if (next >= "1" && next <= "9") return `backreferences (\\${next}) are not allowed`;
        if (next === "k") return "named backreferences (\\k<name>) are not allowed";
        i += 2;
        if ((next === "u" || next === "p" || next === "P") && pattern[i] === "{") {
          const close = pattern.indexOf("}", i);
          if (close < 0) return `invalid pattern: unterminated \\${next}{…}`;
          i = close + 1;
        }
        atom = SIMPLE;
        break;
      }
      case "[": {
        let j = i + 1;
        if (pattern[j] === "^") j++;
        while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
        if (j >= pattern.length) return "invalid pattern: unterminated character class [";
        i = j + 1;
        atom = SIMPLE;
        break;
      }
      case "(": {
        if (pattern[i + 1] === "?") {
          const kind = pattern[i + 2];
          const after = pattern[i + 3];
          if (kind === "=" || kind === "!") return `lookahead (?${kind} is not allowed`;
          if (kind === "<" && (after === "=" || after === "!")) return `lookbehind (?<${after} is not allowed`;
          if (kind === ":") {
            i += 3;
          } else if (kind === "<") {
            const close = pattern.indexOf(">", i + 3);
            if (close < 0) return "invalid pattern: unterminated group name (?<name>";
            i = close + 1;
          } else {
            return "only (…), (?:…) and (?<name>…) groups are allowed";
          }
        } else {
          i += 1;
        }
        stack.push({ quantified: false, alternation: false });
        atom = NONE;
        break;
      }
      case ")": {
        if (stack.length === 1) return "invalid pattern: unmatched )";
        stack.pop();
        const parent = stack[stack.length - 1]!;
        parent.quantified ||= top.quantified;
        parent.alternation ||= top.alternation;
        atom = { kind: "group", frame: top };
        i += 1;
        break;
      }
      case "|": {
        top.alternation = true;
        atom = NONE;
        i += 1;
        break;
      }
      case "*":
      case "+":
      case "?":
      case "{": {
        let repeats: boolean;
        if (c === "{") {
          const bounds = BOUNDED_QUANTIFIER.exec(pattern.slice(i));
          if (bounds === null) return "invalid pattern: { must start a quantifier {n}, {n,} or {n,m} (escape a literal one as \\{)";
          const min = Number(bounds[1]);
          const max = bounds[2] === undefined ? min : bounds[3] === "" ? Infinity : Number(bounds[3]);
          repeats = max > 1;
          i += bounds[0].length;
        } else {
          repeats = c !== "?";
          i += 1;
        }
        if (pattern[i] === "?") i += 1; // lazy
        if (atom.kind === "none") return `invalid pattern: nothing to repeat before ${c}`;
        if (atom.kind === "group" && repeats) {
          if (atom.frame.quantified) {
            return "nested quantifiers: a repeated group must not contain a quantifier, as in (a+)+ or (\\w+\\s?)*, which can take exponential time";
          }
          if (atom.frame.alternation) {
            return "a repeated group must not contain alternatives (|), as in (a|ab)*, which can take exponential time; use a character class such as [ab]* instead";
          }
        }
        top.quantified = true;
        atom = NONE;
        break;
      }
      default: {
        atom = SIMPLE;
        i += 1;
      }
    }
  }
  if (stack.length > 1) return "invalid pattern: unterminated group (";
  try {
    new RegExp(pattern, "u");
  } catch (error) {
    return `invalid pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** Flags `matches` accepts: none, or `"i"` for case-insensitive matching. */
const ALLOWED_FLAGS = new Set(["", "i"]);

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
export const matches: OperatorDefinition = {
  compile(args: readonly unknown[], ctx: CompileContext) {
    if (args.length !== 2 && args.length !== 3) {
      ctx.fail(`"matches" takes 2 or 3 arguments ({"matches": [text, pattern, "i"?]}), got ${args.length}`);
    }
    const text = compileStringArgument("matches", "the text", args[0], ctx, "[0]");
    const pattern = args[1];
    if (typeof pattern !== "string") {
      ctx.fail(`"matches" pattern must be a literal string, got ${describe(pattern)}`, "[1]");
    }
    const flags = args.length === 3 ? args[2] : "";
    if (typeof flags !== "string" || !ALLOWED_FLAGS.has(flags)) {
      ctx.fail(`"matches" flags may only be "i" (case-insensitive), got ${describe(flags)}`, "[2]");
    }
    const reason = unsafePatternReason(pattern);
    if (reason !== null) ctx.fail(`"matches" rejects ${JSON.stringify(pattern)}: ${reason}`, "[1]");
    const regex = new RegExp(pattern, `${flags}u`);
    return (scope) => {
      const value = text.literal ?? text.evaluate(scope);
      return typeof value === "string" && regex.test(value);
    };
  },
};

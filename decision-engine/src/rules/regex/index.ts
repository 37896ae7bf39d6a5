import { compileProgram } from "./program.ts";
import { compileSearch } from "./search.ts";

export { MAX_REPEAT, MAX_STATES } from "./program.ts";
export { MAX_TEXT_LENGTH } from "./search.ts";

/** Longest pattern accepted, in UTF-16 code units. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * Compiles a regular expression (JavaScript's syntax with the `u` flag, less backreferences,
 * lookaround and `\p{…}`) into a search that cannot backtrack: `search(text)` says whether the
 * pattern matches anywhere in `text`, in time linear in the text's length. Throws a `SyntaxError`
 * naming the problem and its position for a pattern it refuses. `matches` documents the syntax.
 *
 * @example
 * const search = compilePattern("^/products/[0-9]+$");
 * search("/products/42"); // true
 * compilePattern("(a+)+$")("a".repeat(10_000) + "!"); // false, in about a millisecond
 */
export const compilePattern = (pattern: string, ignoreCase = false): ((text: string) => boolean) => {
  if (pattern.length > MAX_PATTERN_LENGTH) throw new SyntaxError(`at most ${MAX_PATTERN_LENGTH} characters`);
  return compileSearch(compileProgram(pattern, ignoreCase), ignoreCase);
};

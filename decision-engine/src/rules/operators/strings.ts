/**
 * Strings: `cat` (concatenation; null adds nothing), `substr` (negative start counts from the end,
 * negative length stops before the end), and `in` (membership in an array, or substring of a string).
 * `in` against a constant list of primitives compiles to an `includes`.
 */
import type { Evaluator } from "../types.ts";
import {
  compileEach,
  constantValue,
  isArray,
  isCollection,
  isConstant,
  strictEquals,
  toNumber,
  valueOperator,
  type Compile,
} from "./helpers.ts";

/** `in`: whether `container` (an array or a string) contains `item`. */
const contains = (item: unknown, container: unknown): boolean =>
  isArray(container)
    ? container.some((x) => strictEquals(item ?? null, x))
    : typeof container == "string" && container.includes(String(item ?? null));

/** `item in list` for a constant list of primitives. */
const inList =
  (item: Evaluator, list: unknown[]): Evaluator =>
  (s) =>
    list.includes(item(s) ?? null);

const contained = valueOperator(([item, container]) => contains(item, container));

export const stringOperators: Record<string, Compile> = {
  // `join` turns null and missing values into nothing, anything else into its text.
  cat: valueOperator((values) => values.join("")),

  // `slice` counts a negative start from the end, and a negative end before the end.
  substr: valueOperator(([value, start, length]) => {
    const tail = (value == null ? "" : String(value)).slice(toNumber(start));
    return length === undefined ? tail : tail.slice(0, toNumber(length));
  }),

  in(args, ctx) {
    if (args.length < 2) return contained(args, ctx);
    const [item, container] = compileEach(args, ctx) as [Evaluator, Evaluator];
    const list = constantValue(container);
    return isConstant(container) && isArray(list) && !list.some(isCollection)
      ? inList(item, list)
      : (s) => contains(item(s), container(s));
  },
};

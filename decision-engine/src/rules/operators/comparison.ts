/**
 * Comparisons: `==`, `!=`, `===`, `!==`, `<`, `<=`, `>`, `>=`. They take an array of two or more
 * arguments and chain lazily (`{"<": [1, x, 10]}` is `1 < x && x < 10`, stopping at the first false).
 * Loose equality and ordering follow `looseEquals` and `ordered` (NaN errors for arrays, objects and
 * numbers against non-numeric text).
 *
 * A comparison ranks two values as a bit (1 less, 2 equal, 4 greater; equality 2 or 5) and each
 * operator is the mask of the bits that make it true. A value against a constant primitive, the
 * shape eligibility rules are made of, is one closure; against a fixed path, the path's reader
 * compares in place (see `property.ts`).
 */
import type { Evaluator } from "../types.ts";
import {
  compileEach,
  constantValue,
  isCollection,
  isConstant,
  loose,
  ordered,
  pathOf,
  pathReader,
  strict,
  type Compile,
  type Rank,
} from "./helpers.ts";

/** `x <op> c` for a constant primitive `c`. */
const pair = (r: Rank, m: number, x: Evaluator, c: Evaluator, w = constantValue(c)): Evaluator | false =>
  isConstant(c) && w !== null && !isCollection(w) && !!pathOf(x) && pathReader(pathOf(x)!, r, m, w);

const chain = (r: Rank, m: number, all: Evaluator[], [a, b] = all as [Evaluator, Evaluator]): Evaluator =>
  // A constant on either side (on the left with the mask mirrored: `1 < x` is `x > 1`).
  (all.length == 2 && (pair(r, m, a, b) || pair(r, (m & 2) | ((m & 1) << 2) | ((m & 4) >> 2), b, a))) ||
  ((s) => {
    let x = a(s);
    for (let i = 1; i < all.length; i++) {
      const y = (all[i] as Evaluator)(s);
      if (!(r(x, y) & m)) return false;
      x = y;
    }
    return true;
  });

const comparison =
  (r: Rank, m: number): Compile =>
  (args, ctx) =>
    chain(r, m, compileEach(args, ctx, 2, true));

export const comparisonOperators: Record<string, Compile> = {
  "==": comparison(loose, 2),
  "!=": comparison(loose, 5),
  "===": comparison(strict, 2),
  "!==": comparison(strict, 5),
  "<": comparison(ordered, 1),
  "<=": comparison(ordered, 3),
  ">": comparison(ordered, 4),
  ">=": comparison(ordered, 6),
};

/**
 * Arithmetic: `+`, `-`, `*`, `/`, `%`, `min`, `max`. Arguments are coerced with `toNumber`; a result
 * that is not a finite number (text that is not a number, an array, division by zero) raises a
 * `NaN` error. `-` and `/` with one argument negate and invert; `-` and `/` need one argument and `%`
 * two, or fail with "Invalid Arguments".
 */
import { fault, finite, INVALID, toNumber, valueOperator, type Compile } from "./helpers.ts";

/**
 * An operator folding its arguments with `f`, from `unit` when there is only one (or none); fewer
 * than `min` arguments are invalid.
 */
const fold = (f: (a: number, b: number) => number, unit: number, min = 0): Compile =>
  valueOperator((values) => {
    const v = values.map(toNumber);
    if (v.length < min) throw fault(INVALID);
    if (v.length < 2) v.unshift(unit);
    return finite(v.reduce(f));
  }, min);

/** `min` and `max`: null without arguments, a `NaN` error for a non-number. */
const extreme = (pick: (...values: number[]) => number): Compile =>
  valueOperator((values) => (values.length ? pick(...values.map((x) => finite(toNumber(x)))) : null));

export const arithmeticOperators: Record<string, Compile> = {
  "+": fold((a, b) => a + b, 0),
  "*": fold((a, b) => a * b, 1),
  "-": fold((a, b) => a - b, 0, 1),
  "/": fold((a, b) => a / b, 1, 1),
  "%": fold((a, b) => a % b, 0, 2),
  max: extreme(Math.max),
  min: extreme(Math.min),
};

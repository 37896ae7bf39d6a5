/**
 * Arrays: `merge` (flattens one level) and the iterators `map`, `filter`, `reduce`, `all`, `some`,
 * `none`. An iterator runs its logic once per item in a child scope whose data is the item (for
 * `reduce`, `{current, accumulator}`) and whose index is the item's position; `{"val": [[1], "index"]}`
 * reads it and `{"val": [[2], …]}` reaches the data outside.
 *
 * `map`, `filter` and `reduce` treat a null source as empty; `all`, `some` and `none` need an array.
 * A source or logic that can never work (a literal number, a null mapper) is a compile error.
 */
import type { CompileContext, Evaluator } from "../types.ts";
import {
  childScope,
  compileEach,
  fault,
  INVALID,
  invalid,
  isArray,
  isBare,
  isOperation,
  truthy,
  valueOperator,
  type Compile,
} from "./helpers.ts";

/** Runs the logic on item `x` at index `i` (in a child scope) and returns its result. */
type Step = (x: unknown, i: number) => unknown;

/** What an iterator does with the items (an array), the step and `reduce`'s initial value. */
type Run = (items: unknown[], step: Step, initial: unknown) => unknown;

/**
 * An iterator: a source (an array or an expression) and logic, and up to `n` arguments in all. At run
 * time a null source is empty unless `strict`; anything else but an array is "Invalid Arguments".
 */
function iterator(run: Run, strict: boolean, n: number, args: readonly unknown[], ctx: CompileContext): Evaluator {
  const [source, logic] = args;
  if (isBare(args) || args.length < 2 || (!isArray(source) && !isOperation(source)) || (logic === null && !strict)) {
    invalid(ctx, "needs a source and logic");
  }
  const [items, step, initial] = compileEach(args.slice(0, n), ctx) as [Evaluator, Evaluator, Evaluator?];
  return (s) => {
    const list = items(s);
    if (!isArray(list) && (strict || list != null)) throw fault(INVALID);
    return run(list ?? [], (x, i) => step(childScope(s, x, i)), initial ? initial(s) : null);
  };
}

const iterate =
  (run: Run, strict = false, n = 2): Compile =>
  (args, ctx) =>
    iterator(run, strict, n, args, ctx);

const test = (step: Step) => (x: unknown, i: number) => truthy(step(x, i));

export const arrayOperators: Record<string, Compile> = {
  merge: valueOperator((values) => values.flat()),
  map: iterate((items, step) => items.map(step)),
  filter: iterate((items, step) => items.filter(test(step))),
  reduce: iterate(
    (items, step, initial) => items.reduce((accumulator, current, i) => step({ current, accumulator }, i), initial),
    false,
    3,
  ),
  all: iterate((items, step) => items.length > 0 && items.every(test(step)), true),
  some: iterate((items, step) => items.some(test(step)), true),
  none: iterate((items, step) => !items.some(test(step)), true),
};

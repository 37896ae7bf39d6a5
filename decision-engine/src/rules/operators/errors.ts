/**
 * Errors: `throw` raises an `EvaluationError` whose `type` is the thrown value (or its `type` field,
 * so a caught error can be re-thrown); `try` evaluates its arguments in turn until one succeeds.
 * Each handler after the first runs with the previous error, `{type}`, as its data;
 * `{"val": [[2], …]}` reaches the data outside the `try`.
 */
import { EvaluationError } from "../errors.ts";
import type { Evaluator } from "../types.ts";
import { childScope, compileEach, fault, getOwn, isArray, isBare, type Compile } from "./helpers.ts";

const attempt =
  (steps: Evaluator[]): Evaluator =>
  (s) => {
    let error: EvaluationError | undefined;
    for (const step of steps) {
      try {
        return step(error ? childScope(s, { type: error.type }) : s);
      } catch (e) {
        if (!(e instanceof EvaluationError)) throw e;
        error = e;
      }
    }
    if (error) throw error;
    return null;
  };

export const errorOperators: Record<string, Compile> = {
  throw(args, ctx) {
    // Only the first argument is evaluated (of a bare expression's result, the first item).
    const [first] = compileEach(args, ctx);
    const bare = isBare(args);
    return (s) => {
      let value = first?.(s);
      if (bare && isArray(value)) value = value[0];
      value ??= null;
      const type = isArray(value) ? undefined : getOwn(value, "type");
      throw fault(type === undefined ? value : type);
    };
  },
  try: (args, ctx) => attempt(compileEach(args, ctx)),
};

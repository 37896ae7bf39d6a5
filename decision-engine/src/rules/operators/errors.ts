/**
 * Errors: `throw` raises an `EvaluationError` whose `type` is the thrown value (or its `type` field,
 * so a caught error can be re-thrown); `try` evaluates its arguments in turn until one succeeds.
 * Each handler after the first runs with the previous error, `{type}`, as its data;
 * `{"val": [[2], …]}` reaches the data outside the `try`.
 */
import { EvaluationError } from "../errors.ts";
import type { Evaluator, OperatorDefinition, OperatorTable, Scope } from "../types.ts";
import { childScope, compileArguments, compileEach, constant, getOwn, isCollection } from "./helpers.ts";

/** The error type for a thrown value: its own `type` field when it has one, else the value itself. */
function errorType(value: unknown): unknown {
  if (isCollection(value) && !Array.isArray(value)) {
    const type = getOwn(value, "type");
    if (type !== undefined) return type;
  }
  return value === undefined ? null : value;
}

const throwOperator: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const list = plan.list;
    if (list) {
      return (s) => {
        throw new EvaluationError(errorType(list(s)[0]));
      };
    }
    const value = plan.fixed[0] ?? constant(null);
    return (s) => {
      throw new EvaluationError(errorType(value(s)));
    };
  },
};

function attempt(evaluate: Evaluator, scope: Scope): { ok: true; value: unknown } | { ok: false; error: EvaluationError } {
  try {
    return { ok: true, value: evaluate(scope) };
  } catch (error) {
    if (error instanceof EvaluationError) return { ok: false, error };
    throw error;
  }
}

const tryOperator: OperatorDefinition = {
  compile(args, ctx) {
    const steps = compileEach(args, ctx);
    const first = steps[0];
    if (!first) return constant(null);
    if (steps.length === 1) return first;
    return (s) => {
      let outcome = attempt(first, s);
      for (let i = 1; !outcome.ok && i < steps.length; i++) {
        outcome = attempt(steps[i] as Evaluator, childScope(s, { type: outcome.error.type }, undefined));
      }
      if (outcome.ok) return outcome.value;
      throw outcome.error;
    };
  },
};

export const errorOperators: OperatorTable = {
  throw: throwOperator,
  try: tryOperator,
};

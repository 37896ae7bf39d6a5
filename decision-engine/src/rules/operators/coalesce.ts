/** Coalescing: `??` returns its first argument that is neither null nor missing, else null. */
import type { Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import { compileArguments, constant } from "./helpers.ts";

function firstPresent(values: readonly unknown[]): unknown {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

const coalesce: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const list = plan.list;
    if (list) return (s) => firstPresent(list(s));
    const options = plan.fixed;
    if (options.length === 0) return constant(null);
    const [a, b] = options as [Evaluator, Evaluator];
    if (options.length === 1) return (s) => a(s) ?? null;
    if (options.length === 2) return (s) => a(s) ?? b(s) ?? null;
    return (s) => {
      for (let i = 0; i < options.length; i++) {
        const value = (options[i] as Evaluator)(s);
        if (value !== null && value !== undefined) return value;
      }
      return null;
    };
  },
};

export const coalesceOperators: OperatorTable = {
  "??": coalesce,
};

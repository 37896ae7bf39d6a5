/**
 * Logic and control: `and`, `or` (short-circuit, returning the deciding value), `if` / `?:` (chains of
 * condition/branch pairs with an optional else), `!`, `!!`, and `preserve` (its argument as data,
 * never evaluated). `and`, `or` and `if` need an array of arguments.
 */
import type { Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import { compileEach, constant, isBare, requireArgumentArray, truthy } from "./helpers.ts";

const and: OperatorDefinition = {
  compile(args, ctx) {
    requireArgumentArray(args, ctx, "and");
    const all = compileEach(args, ctx);
    const [a, b, c] = all as [Evaluator, Evaluator, Evaluator];
    switch (all.length) {
      case 0:
        return constant(false);
      case 1:
        return a;
      case 2:
        return (s) => {
          const x = a(s);
          return truthy(x) ? b(s) : x;
        };
      case 3:
        return (s) => {
          let x = a(s);
          if (!truthy(x)) return x;
          x = b(s);
          return truthy(x) ? c(s) : x;
        };
      default:
        return (s) => {
          let x: unknown;
          for (let i = 0; i < all.length; i++) {
            x = (all[i] as Evaluator)(s);
            if (!truthy(x)) return x;
          }
          return x;
        };
    }
  },
};

const or: OperatorDefinition = {
  compile(args, ctx) {
    requireArgumentArray(args, ctx, "or");
    const all = compileEach(args, ctx);
    const [a, b, c] = all as [Evaluator, Evaluator, Evaluator];
    switch (all.length) {
      case 0:
        return constant(false);
      case 1:
        return a;
      case 2:
        return (s) => {
          const x = a(s);
          return truthy(x) ? x : b(s);
        };
      case 3:
        return (s) => {
          let x = a(s);
          if (truthy(x)) return x;
          x = b(s);
          return truthy(x) ? x : c(s);
        };
      default:
        return (s) => {
          let x: unknown;
          for (let i = 0; i < all.length; i++) {
            x = (all[i] as Evaluator)(s);
            if (truthy(x)) return x;
          }
          return x;
        };
    }
  },
};

const conditional: OperatorDefinition = {
  compile(args, ctx) {
    requireArgumentArray(args, ctx, "if");
    const parts = compileEach(args, ctx);
    const [test, then, otherwise] = parts as [Evaluator, Evaluator, Evaluator];
    switch (parts.length) {
      case 0:
        return constant(null);
      case 1:
        return test;
      case 2:
        return (s) => (truthy(test(s)) ? then(s) : null);
      case 3:
        return (s) => (truthy(test(s)) ? then(s) : otherwise(s));
      default:
        return (s) => {
          let i = 0;
          for (; i + 1 < parts.length; i += 2) {
            if (truthy((parts[i] as Evaluator)(s))) return (parts[i + 1] as Evaluator)(s);
          }
          return i < parts.length ? (parts[i] as Evaluator)(s) : null;
        };
    }
  },
};

/**
 * `!` and `!!`: the (negated) truthiness of the first argument. A bare argument is that argument,
 * so `{"!": {"var": "xs"}}` is true exactly when `xs` is falsy (an empty array included).
 */
function truthiness(negate: boolean): OperatorDefinition {
  return {
    compile(args, ctx) {
      if (args.length === 0) return constant(negate);
      const first = ctx.compile(args[0], "[0]");
      return negate ? (s) => !truthy(first(s)) : (s) => truthy(first(s));
    },
  };
}

const preserve: OperatorDefinition = {
  compile: (args) => constant(isBare(args) ? args[0] : args),
};

export const logicOperators: OperatorTable = {
  and,
  or,
  if: conditional,
  "?:": conditional,
  "!": truthiness(true),
  "!!": truthiness(false),
  preserve,
};

/**
 * Arithmetic: `+`, `-`, `*`, `/`, `%`, `min`, `max`. Arguments are coerced with `toNumber`; a result
 * that is not a finite number (text that is not a number, an array, division by zero) raises a
 * `NaN` error. `-` and `/` with one argument negate and invert; `-` and `/` need one argument and `%`
 * two, or fail with "Invalid Arguments".
 */
import type { Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import {
  applyTo,
  compileArguments,
  constant,
  finite,
  invalidArguments,
  invalidArgumentsError,
  nanError,
  toNumber,
} from "./helpers.ts";

function add(values: readonly unknown[]): number {
  let result = 0;
  for (let i = 0; i < values.length; i++) result += toNumber(values[i]);
  return finite(result);
}

function multiply(values: readonly unknown[]): number {
  let result = 1;
  for (let i = 0; i < values.length; i++) result *= toNumber(values[i]);
  return finite(result);
}

function subtract(values: readonly unknown[]): number {
  if (values.length === 0) throw invalidArgumentsError();
  let result = toNumber(values[0]);
  if (values.length === 1) return finite(-result);
  for (let i = 1; i < values.length; i++) result -= toNumber(values[i]);
  return finite(result);
}

function quotient(dividend: number, divisor: number): number {
  if (divisor === 0) throw nanError();
  return finite(dividend / divisor);
}

function divide(values: readonly unknown[]): number {
  if (values.length === 0) throw invalidArgumentsError();
  if (values.length === 1) return quotient(1, toNumber(values[0]));
  let result = toNumber(values[0]);
  for (let i = 1; i < values.length; i++) result = quotient(result, toNumber(values[i]));
  return result;
}

function remainder(values: readonly unknown[]): number {
  if (values.length < 2) throw invalidArgumentsError();
  let result = toNumber(values[0]);
  for (let i = 1; i < values.length; i++) result %= toNumber(values[i]);
  return finite(result);
}

function extreme(pick: (a: number, b: number) => number): (values: readonly unknown[]) => number | null {
  return (values) => {
    if (values.length === 0) return null;
    let result = finite(toNumber(values[0]));
    for (let i = 1; i < values.length; i++) result = pick(result, finite(toNumber(values[i])));
    return result;
  };
}

const plus: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed) return applyTo(plan, add);
    if (fixed.length === 0) return constant(0);
    const [a, b] = fixed as [Evaluator, Evaluator];
    if (fixed.length === 1) return (scope) => finite(toNumber(a(scope)));
    if (fixed.length === 2) return (scope) => finite(toNumber(a(scope)) + toNumber(b(scope)));
    return applyTo(plan, add);
  },
};

const times: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed) return applyTo(plan, multiply);
    if (fixed.length === 0) return constant(1);
    const [a, b] = fixed as [Evaluator, Evaluator];
    if (fixed.length === 1) return (scope) => finite(toNumber(a(scope)));
    if (fixed.length === 2) return (scope) => finite(toNumber(a(scope)) * toNumber(b(scope)));
    return applyTo(plan, multiply);
  },
};

const minus: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed) return applyTo(plan, subtract);
    if (fixed.length === 0) invalidArguments(ctx, '"-" needs at least one argument');
    const [a, b] = fixed as [Evaluator, Evaluator];
    if (fixed.length === 1) return (scope) => finite(-toNumber(a(scope)));
    if (fixed.length === 2) return (scope) => finite(toNumber(a(scope)) - toNumber(b(scope)));
    return applyTo(plan, subtract);
  },
};

const over: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed) return applyTo(plan, divide);
    if (fixed.length === 0) invalidArguments(ctx, '"/" needs at least one argument');
    const [a, b] = fixed as [Evaluator, Evaluator];
    if (fixed.length === 1) return (scope) => quotient(1, toNumber(a(scope)));
    if (fixed.length === 2) return (scope) => quotient(toNumber(a(scope)), toNumber(b(scope)));
    return applyTo(plan, divide);
  },
};

const modulo: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (fixed && fixed.length < 2) invalidArguments(ctx, '"%" needs at least two arguments');
    if (fixed && fixed.length === 2) {
      const [a, b] = fixed as [Evaluator, Evaluator];
      return (scope) => finite(toNumber(a(scope)) % toNumber(b(scope)));
    }
    return applyTo(plan, remainder);
  },
};

const max: OperatorDefinition = {
  compile: (args, ctx) => applyTo(compileArguments(args, ctx), extreme(Math.max)),
};

const min: OperatorDefinition = {
  compile: (args, ctx) => applyTo(compileArguments(args, ctx), extreme(Math.min)),
};

export const arithmeticOperators: OperatorTable = {
  "+": plus,
  "-": minus,
  "*": times,
  "/": over,
  "%": modulo,
  max,
  min,
};

/**
 * Comparisons: `==`, `!=`, `===`, `!==`, `<`, `<=`, `>`, `>=`. They take an array of two or more
 * arguments and chain lazily (`{"<": [1, x, 10]}` is `1 < x && x < 10`, stopping at the first false).
 * Loose equality and ordering follow `looseEquals` and `compareValues` (NaN errors for arrays,
 * objects and numbers against non-numeric text).
 *
 * The shapes eligibility rules are made of, a value against a constant, compile to one closure that
 * compares same-typed values directly and only falls back to the coercing comparison otherwise.
 */
import type { CompileContext, Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import {
  compareValues,
  compileEach,
  constantValue,
  invalidArguments,
  isConstant,
  looseEquals,
  requireArgumentArray,
  strictEquals,
} from "./helpers.ts";

type Order = "<" | "<=" | ">" | ">=";
type Equality = "==" | "!=" | "===" | "!==";

const FLIPPED: Readonly<Record<Order, Order>> = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" };

function compileOperands(name: string, args: readonly unknown[], ctx: CompileContext): Evaluator[] {
  requireArgumentArray(args, ctx, name);
  if (args.length < 2) invalidArguments(ctx, `"${name}" needs at least two arguments`);
  return compileEach(args, ctx);
}

/** The value of a constant evaluator when it is of one of `types`, else `undefined`. */
function constantOf(evaluate: Evaluator, ...types: string[]): string | number | boolean | undefined {
  if (!isConstant(evaluate)) return undefined;
  const value = constantValue(evaluate);
  return types.includes(typeof value) ? (value as string | number | boolean) : undefined;
}

function holds(order: Order, diff: number): boolean {
  switch (order) {
    case "<":
      return diff < 0;
    case "<=":
      return diff <= 0;
    case ">":
      return diff > 0;
    case ">=":
      return diff >= 0;
  }
}

// ---- ordering -----------------------------------------------------------------------------------

/** `operand <order> c` for a constant number (the hot shape) or string `c`. */
function orderAgainstConstant(order: Order, read: Evaluator, c: number | string): Evaluator {
  if (typeof c === "string") {
    return (s) => {
      const v = read(s);
      return holds(order, typeof v === "string" ? (v === c ? 0 : v < c ? -1 : 1) : compareValues(v, c));
    };
  }
  switch (order) {
    case "<":
      return (s) => {
        const v = read(s);
        return typeof v === "number" ? v < c : compareValues(v, c) < 0;
      };
    case "<=":
      return (s) => {
        const v = read(s);
        return typeof v === "number" ? v <= c : compareValues(v, c) <= 0;
      };
    case ">":
      return (s) => {
        const v = read(s);
        return typeof v === "number" ? v > c : compareValues(v, c) > 0;
      };
    case ">=":
      return (s) => {
        const v = read(s);
        return typeof v === "number" ? v >= c : compareValues(v, c) >= 0;
      };
  }
}

/** `lo <order> operand <order> hi` for constant numbers (a time window, an age band). */
function between(order: "<" | "<=", lo: number, read: Evaluator, hi: number): Evaluator {
  const slow = (v: unknown): boolean => holds(order, compareValues(lo, v)) && holds(order, compareValues(v, hi));
  if (order === "<=") {
    return (s) => {
      const v = read(s);
      return typeof v === "number" ? lo <= v && v <= hi : slow(v);
    };
  }
  return (s) => {
    const v = read(s);
    return typeof v === "number" ? lo < v && v < hi : slow(v);
  };
}

function orderPair(order: Order, a: Evaluator, b: Evaluator): Evaluator {
  const right = constantOf(b, "number", "string");
  if (right !== undefined) return orderAgainstConstant(order, a, right as number | string);
  const left = constantOf(a, "number", "string");
  if (left !== undefined) return orderAgainstConstant(FLIPPED[order], b, left as number | string);
  return (s) => holds(order, compareValues(a(s), b(s)));
}

function ordering(order: Order): OperatorDefinition {
  return {
    compile(args, ctx) {
      const operands = compileOperands(order, args, ctx);
      const [a, b, c] = operands as [Evaluator, Evaluator, Evaluator];
      if (operands.length === 2) return orderPair(order, a, b);
      if (operands.length === 3 && (order === "<" || order === "<=")) {
        const lo = constantOf(a, "number");
        const hi = constantOf(c, "number");
        if (lo !== undefined && hi !== undefined) return between(order, lo as number, b, hi as number);
      }
      return (s) => {
        let previous = (operands[0] as Evaluator)(s);
        for (let i = 1; i < operands.length; i++) {
          const current = (operands[i] as Evaluator)(s);
          if (!holds(order, compareValues(previous, current))) return false;
          previous = current;
        }
        return true;
      };
    },
  };
}

// ---- equality -----------------------------------------------------------------------------------

/** `operand == c` (or `!=`) for a constant string (the hot shape), number or boolean `c`. */
function looseAgainstConstant(read: Evaluator, c: string | number | boolean, negate: boolean): Evaluator {
  if (typeof c === "string") {
    return negate
      ? (s) => {
          const v = read(s);
          return v !== c && (typeof v === "string" || !looseEquals(v, c));
        }
      : (s) => {
          const v = read(s);
          return v === c || (typeof v !== "string" && looseEquals(v, c));
        };
  }
  const kind = typeof c;
  return negate
    ? (s) => {
        const v = read(s);
        return v !== c && (typeof v === kind || !looseEquals(v, c));
      }
    : (s) => {
        const v = read(s);
        return v === c || (typeof v !== kind && looseEquals(v, c));
      };
}

function equalityPair(op: Equality, a: Evaluator, b: Evaluator): Evaluator {
  const strict = op === "===" || op === "!==";
  const negate = op === "!=" || op === "!==";
  let c = constantOf(b, "string", "number", "boolean");
  let read = a;
  if (c === undefined) {
    c = constantOf(a, "string", "number", "boolean");
    read = b;
  }
  if (c !== undefined) {
    const value = c;
    if (!strict) return looseAgainstConstant(read, value, negate);
    return negate ? (s) => read(s) !== value : (s) => read(s) === value;
  }
  const equals = strict ? strictEquals : looseEquals;
  return negate ? (s) => !equals(a(s), b(s)) : (s) => equals(a(s), b(s));
}

function equality(op: Equality): OperatorDefinition {
  const strict = op === "===" || op === "!==";
  const negate = op === "!=" || op === "!==";
  return {
    compile(args, ctx) {
      const operands = compileOperands(op, args, ctx);
      if (operands.length === 2) return equalityPair(op, operands[0] as Evaluator, operands[1] as Evaluator);
      const equals = strict ? strictEquals : looseEquals;
      return (s) => {
        let previous = (operands[0] as Evaluator)(s);
        for (let i = 1; i < operands.length; i++) {
          const current = (operands[i] as Evaluator)(s);
          if (equals(previous, current) === negate) return false;
          previous = current;
        }
        return true;
      };
    },
  };
}

export const comparisonOperators: OperatorTable = {
  "==": equality("=="),
  "!=": equality("!="),
  "===": equality("==="),
  "!==": equality("!=="),
  "<": ordering("<"),
  "<=": ordering("<="),
  ">": ordering(">"),
  ">=": ordering(">="),
};

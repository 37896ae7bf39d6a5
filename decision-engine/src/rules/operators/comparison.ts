/**
 * Comparisons: `==`, `!=`, `===`, `!==`, `<`, `<=`, `>`, `>=`. They take an array of two or more
 * arguments and chain lazily (`{"<": [1, x, 10]}` is `1 < x && x < 10`, stopping at the first false).
 * Loose equality and ordering follow `looseEquals` and `compareValues` (NaN errors for arrays,
 * objects and numbers against non-numeric text).
 *
 * The shapes eligibility rules are made of, a data path against a constant, compile to one closure
 * that reads the path itself and compares numbers or strings directly.
 */
import type { CompileContext, Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import {
  compareValues,
  compileEach,
  constantValue,
  invalidArguments,
  isConstant,
  looseEquals,
  pathReadOf,
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

/** A constant operand that the fast paths can compare directly (a number or a string). */
function orderable(evaluate: Evaluator): boolean {
  if (!isConstant(evaluate)) return false;
  const value = constantValue(evaluate);
  return typeof value === "number" || typeof value === "string";
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

/** `operand <order> c` for a constant number or string `c`. */
function orderAgainstConstant(order: Order, operand: Evaluator, c: number | string): Evaluator {
  const kind = typeof c;
  const get = pathReadOf(operand);
  if (get) {
    switch (order) {
      case "<":
        return (s) => {
          const v = get(s.data);
          return typeof v === kind ? (v as number) < (c as number) : compareValues(v, c) < 0;
        };
      case "<=":
        return (s) => {
          const v = get(s.data);
          return typeof v === kind ? (v as number) <= (c as number) : compareValues(v, c) <= 0;
        };
      case ">":
        return (s) => {
          const v = get(s.data);
          return typeof v === kind ? (v as number) > (c as number) : compareValues(v, c) > 0;
        };
      case ">=":
        return (s) => {
          const v = get(s.data);
          return typeof v === kind ? (v as number) >= (c as number) : compareValues(v, c) >= 0;
        };
    }
  }
  switch (order) {
    case "<":
      return (s) => {
        const v = operand(s);
        return typeof v === kind ? (v as number) < (c as number) : compareValues(v, c) < 0;
      };
    case "<=":
      return (s) => {
        const v = operand(s);
        return typeof v === kind ? (v as number) <= (c as number) : compareValues(v, c) <= 0;
      };
    case ">":
      return (s) => {
        const v = operand(s);
        return typeof v === kind ? (v as number) > (c as number) : compareValues(v, c) > 0;
      };
    case ">=":
      return (s) => {
        const v = operand(s);
        return typeof v === kind ? (v as number) >= (c as number) : compareValues(v, c) >= 0;
      };
  }
}

/** `lo <order> operand <order> hi` for constant numbers (a time window, an age band). */
function between(order: "<" | "<=", lo: number, operand: Evaluator, hi: number): Evaluator {
  const get = pathReadOf(operand);
  const slow = (v: unknown): boolean => holds(order, compareValues(lo, v)) && holds(order, compareValues(v, hi));
  if (order === "<=") {
    if (get) {
      return (s) => {
        const v = get(s.data);
        return typeof v === "number" ? lo <= v && v <= hi : slow(v);
      };
    }
    return (s) => {
      const v = operand(s);
      return typeof v === "number" ? lo <= v && v <= hi : slow(v);
    };
  }
  if (get) {
    return (s) => {
      const v = get(s.data);
      return typeof v === "number" ? lo < v && v < hi : slow(v);
    };
  }
  return (s) => {
    const v = operand(s);
    return typeof v === "number" ? lo < v && v < hi : slow(v);
  };
}

function orderPair(order: Order, a: Evaluator, b: Evaluator): Evaluator {
  if (orderable(b)) return orderAgainstConstant(order, a, constantValue(b) as number | string);
  if (orderable(a)) return orderAgainstConstant(FLIPPED[order], b, constantValue(a) as number | string);
  switch (order) {
    case "<":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return typeof x === "number" && typeof y === "number" ? x < y : compareValues(x, y) < 0;
      };
    case "<=":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return typeof x === "number" && typeof y === "number" ? x <= y : compareValues(x, y) <= 0;
      };
    case ">":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return typeof x === "number" && typeof y === "number" ? x > y : compareValues(x, y) > 0;
      };
    case ">=":
      return (s) => {
        const x = a(s);
        const y = b(s);
        return typeof x === "number" && typeof y === "number" ? x >= y : compareValues(x, y) >= 0;
      };
  }
}

function ordering(order: Order): OperatorDefinition {
  return {
    compile(args, ctx) {
      const operands = compileOperands(order, args, ctx);
      const [a, b, c] = operands as [Evaluator, Evaluator, Evaluator];
      if (operands.length === 2) return orderPair(order, a, b);
      if (operands.length === 3 && (order === "<" || order === "<=") && isConstant(a) && isConstant(c)) {
        const lo = constantValue(a);
        const hi = constantValue(c);
        if (typeof lo === "number" && typeof hi === "number") return between(order, lo, b, hi);
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

function looseAgainstConstant(operand: Evaluator, c: string | number | boolean, negate: boolean): Evaluator {
  const kind = typeof c;
  const get = pathReadOf(operand);
  if (get) {
    return negate
      ? (s) => {
          const v = get(s.data);
          return v !== c && (typeof v === kind || !looseEquals(v, c));
        }
      : (s) => {
          const v = get(s.data);
          return v === c || (typeof v !== kind && looseEquals(v, c));
        };
  }
  return negate
    ? (s) => {
        const v = operand(s);
        return v !== c && (typeof v === kind || !looseEquals(v, c));
      }
    : (s) => {
        const v = operand(s);
        return v === c || (typeof v !== kind && looseEquals(v, c));
      };
}

function strictAgainstConstant(operand: Evaluator, c: string | number | boolean, negate: boolean): Evaluator {
  const get = pathReadOf(operand);
  if (get) return negate ? (s) => get(s.data) !== c : (s) => get(s.data) === c;
  return negate ? (s) => operand(s) !== c : (s) => operand(s) === c;
}

/** A constant operand that `===` and `==` fast paths handle: a string, number or boolean. */
function primitiveConstant(evaluate: Evaluator): boolean {
  if (!isConstant(evaluate)) return false;
  const value = constantValue(evaluate);
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function equalityPair(op: Equality, a: Evaluator, b: Evaluator): Evaluator {
  const strict = op === "===" || op === "!==";
  const negate = op === "!=" || op === "!==";
  let operand: Evaluator | undefined;
  let c: unknown;
  if (primitiveConstant(b)) [operand, c] = [a, constantValue(b)];
  else if (primitiveConstant(a)) [operand, c] = [b, constantValue(a)];
  if (operand) {
    const value = c as string | number | boolean;
    return strict ? strictAgainstConstant(operand, value, negate) : looseAgainstConstant(operand, value, negate);
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

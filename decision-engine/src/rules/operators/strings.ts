/**
 * Strings: `cat` (concatenation; null adds nothing), `substr` (negative start counts from the end,
 * negative length stops before the end), and `in` (membership in an array, or substring of a string).
 * `in` against a constant list compiles to a `Set` lookup.
 */
import type { Evaluator, OperatorDefinition, OperatorTable } from "../types.ts";
import {
  applyTo,
  compileArguments,
  constant,
  constantValue,
  isCollection,
  isConstant,
  strictEquals,
  toNumber,
} from "./helpers.ts";

/** A value as text for `cat`: null and missing add nothing. */
function text(value: unknown): string {
  if (typeof value === "string") return value;
  return value === null || value === undefined ? "" : String(value);
}

function concatenate(values: readonly unknown[]): string {
  let result = "";
  for (let i = 0; i < values.length; i++) result += text(values[i]);
  return result;
}

function integer(value: unknown): number {
  return Math.trunc(toNumber(value)) || 0;
}

/** `substr(value, start, length?)` with JSON Logic's negative start and length. */
export function substring(value: unknown, start: unknown, length: unknown): string {
  const s = text(value);
  const size = s.length;
  let from = integer(start);
  from = from < 0 ? Math.max(size + from, 0) : Math.min(from, size);
  if (length === undefined) return s.slice(from);
  const count = integer(length);
  const to = count < 0 ? Math.max(size + count, from) : Math.min(from + count, size);
  return s.slice(from, to);
}

/** `in`: whether `container` (an array or a string) contains `item`. */
export function contains(item: unknown, container: unknown): boolean {
  if (item === undefined) item = null;
  if (Array.isArray(container)) {
    if (!isCollection(item)) return container.includes(item);
    for (let i = 0; i < container.length; i++) if (strictEquals(item, container[i])) return true;
    return false;
  }
  if (typeof container === "string") return container.includes(typeof item === "string" ? item : String(item));
  return false;
}

const cat: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed) return applyTo(plan, concatenate);
    if (fixed.length === 0) return constant("");
    const [a, b] = fixed as [Evaluator, Evaluator];
    if (fixed.length === 1) return (s) => text(a(s));
    if (fixed.length === 2) return (s) => text(a(s)) + text(b(s));
    return (s) => {
      let result = "";
      for (let i = 0; i < fixed.length; i++) result += text((fixed[i] as Evaluator)(s));
      return result;
    };
  },
};

const substr: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    return applyTo(plan, (values) => substring(values[0], values[1], values[2]));
  },
};

/** `item in list` for a constant list of primitives: `===` for up to 3 members, else a `Set` lookup. */
function inConstantList(read: Evaluator, list: readonly unknown[]): Evaluator {
  const [a, b, c] = list;
  switch (list.length) {
    case 0:
      return () => false;
    case 1:
      return (s) => (read(s) ?? null) === a;
    case 2:
      return (s) => {
        const v = read(s) ?? null;
        return v === a || v === b;
      };
    case 3:
      return (s) => {
        const v = read(s) ?? null;
        return v === a || v === b || v === c;
      };
  }
  const members = new Set(list);
  return (s) => members.has(read(s) ?? null);
}

/** `"text" in container` where the container is computed (`{"in": ["vip", {"var": "audiences"}]}`). */
function constantIn(value: string | number | boolean | null, container: Evaluator): Evaluator {
  const asText = typeof value === "string" ? value : String(value);
  return (s) => {
    const c = container(s);
    return Array.isArray(c) ? c.includes(value) : typeof c === "string" && c.includes(asText);
  };
}

const inOperator: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    const fixed = plan.fixed;
    if (!fixed || fixed.length < 2) return applyTo(plan, (values) => contains(values[0], values[1]));
    const [item, container] = fixed as [Evaluator, Evaluator];
    if (isConstant(container)) {
      const c = constantValue(container);
      if (Array.isArray(c) && !c.some(isCollection)) return inConstantList(item, c);
      if (typeof c === "string") {
        return (s) => {
          const v = item(s);
          return c.includes(typeof v === "string" ? v : String(v === undefined ? null : v));
        };
      }
    }
    if (isConstant(item)) {
      const v = constantValue(item);
      if (!isCollection(v)) return constantIn(v as string | number | boolean | null, container);
    }
    return (s) => contains(item(s), container(s));
  },
};

export const stringOperators: OperatorTable = {
  cat,
  substr,
  in: inOperator,
};

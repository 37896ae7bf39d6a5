/**
 * Small helpers shared by the built-in operators (and usable by extensions): truthiness, number
 * coercion, own-property access, equality and ordering, errors, and the compile-time facts the
 * compiler records (constant evaluators, bare arguments).
 */
import { EvaluationError, RuleCompileError } from "../errors.ts";
import type { CompileContext, Evaluator, Scope } from "../types.ts";
import { getOwn } from "./property.ts";

// ---- truthiness and numbers ---------------------------------------------------------------------

/** JSON Logic truthiness: JavaScript's, except that an empty array is false. */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (!value) return false;
  return !Array.isArray(value) || value.length !== 0;
}

/** Whether a value is an array or an object (as opposed to a primitive or null). */
export function isCollection(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/**
 * JSON Logic number coercion: numbers as they are, numeric strings parsed (`""` is 0), booleans 0/1,
 * null (and a missing value) 0; arrays and objects give NaN.
 */
export function toNumber(value: unknown): number {
  switch (typeof value) {
    case "number":
      return value;
    case "string":
      return Number(value);
    case "boolean":
      return value ? 1 : 0;
    default:
      return value === null || value === undefined ? 0 : NaN;
  }
}

/** The result of arithmetic, or a `NaN` error when it is not a finite number. */
export function finite(result: number): number {
  if (result - result !== 0) throw nanError();
  return result;
}

// ---- errors -------------------------------------------------------------------------------------

/** The type of the error raised for arguments an operator cannot work with. */
export const INVALID_ARGUMENTS = "Invalid Arguments";

/** The runtime error for arithmetic or comparisons that have no numeric answer. */
export function nanError(): EvaluationError {
  return new EvaluationError("NaN");
}

/** The runtime error for arguments an operator cannot work with (known only while running). */
export function invalidArgumentsError(): EvaluationError {
  return new EvaluationError(INVALID_ARGUMENTS);
}

/** Fail compilation with an "Invalid Arguments" error at the operator's path. */
export function invalidArguments(ctx: CompileContext, detail: string): never {
  throw new RuleCompileError(`${INVALID_ARGUMENTS}: ${detail}`, ctx.path, INVALID_ARGUMENTS);
}

// ---- own-property access ------------------------------------------------------------------------

export { getOwn, getPath, pathReader } from "./property.ts";

const hasOwn: (object: object, key: PropertyKey) => boolean = Object.hasOwn;

/**
 * Splits a `var` path on dots (`"a.b.0"` → `["a", "b", "0"]`; `""` → `[]`). A backslash escapes the
 * next character, so `"a\\.b"` is the single key `a.b`.
 */
export function splitPath(path: string): string[] {
  if (path === "") return [];
  if (path.indexOf("\\") === -1) return path.split(".");
  const keys: string[] = [];
  let current = "";
  for (let i = 0; i < path.length; i++) {
    const ch = path[i] as string;
    if (ch === "\\" && i + 1 < path.length) current += path[++i];
    else if (ch === ".") {
      keys.push(current);
      current = "";
    } else current += ch;
  }
  keys.push(current);
  return keys;
}

// ---- equality and ordering ----------------------------------------------------------------------

/**
 * Loose equality (`==`) of the newer JSON Logic spec: same-type primitives compare exactly; numbers
 * against numeric strings and booleans compare as numbers; null equals 0, false and ""; a number
 * against a non-numeric string, or any array/object, is a `NaN` error.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === tb && ta !== "object") return a === b;
  if (a === null) return nullEquals(b);
  if (b === null) return nullEquals(a);
  if (ta === "object" || tb === "object") throw nanError();
  if (ta === "number") return tb === "string" ? numberEqualsString(a as number, b as string) : a === (b ? 1 : 0);
  if (tb === "number") return ta === "string" ? numberEqualsString(b as number, a as string) : b === (a ? 1 : 0);
  // A string against a boolean.
  return ta === "string" ? a === (b ? "true" : "false") : b === (a ? "true" : "false");
}

function nullEquals(other: unknown): boolean {
  switch (typeof other) {
    case "number":
      return other === 0;
    case "boolean":
      return !other;
    case "string":
      return other === "";
    default:
      if (other === null) return true;
      throw nanError();
  }
}

function numberEqualsString(n: number, s: string): boolean {
  const parsed = Number(s);
  if (parsed !== parsed) throw nanError();
  return n === parsed;
}

/** Strict equality (`===`): no coercion; a missing value is null; arrays and objects by value. */
export function strictEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === null || b === undefined;
  if (typeof a !== "object" || typeof b !== "object" || b === null) return false;
  return deepEquals(a, b);
}

function deepEquals(a: object, b: object): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!strictEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!hasOwn(b, key) || !strictEquals(getOwn(a, key), getOwn(b, key))) return false;
  }
  return true;
}

/**
 * Orders two values for `<`, `<=`, `>`, `>=`: negative, zero or positive, or NaN when they cannot be
 * ordered (every comparison is then false). Two strings compare as text; anything else as numbers.
 * Arrays, objects, and a number against a non-numeric string are a `NaN` error.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ta = typeof a;
  const tb = typeof b;
  if (ta === "number" && tb === "number") return numberOrder(a as number, b as number);
  if (ta === "string" && tb === "string") return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
  if (ta === "object" && a !== null) throw nanError();
  if (tb === "object" && b !== null) throw nanError();
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === x && y === y) return numberOrder(x, y);
  if ((ta === "number" && tb === "string") || (ta === "string" && tb === "number")) throw nanError();
  return NaN;
}

function numberOrder(x: number, y: number): number {
  return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
}

// ---- compile-time facts about evaluators --------------------------------------------------------

const constants = new WeakMap<Evaluator, { readonly value: unknown }>();
const bare = new WeakSet<readonly unknown[]>();

/** An evaluator that always returns `value`, known as a constant to the operators that compile it. */
export function constant(value: unknown): Evaluator {
  const evaluate: Evaluator = () => value;
  constants.set(evaluate, { value });
  return evaluate;
}

/** Whether `evaluate` was made by `constant`. */
export function isConstant(evaluate: Evaluator): boolean {
  return constants.has(evaluate);
}

/** The value of a constant evaluator (`undefined` for others; check `isConstant` first). */
export function constantValue(evaluate: Evaluator): unknown {
  return constants.get(evaluate)?.value;
}

/**
 * The compiler passes an operator's arguments as an array; a non-array argument (`{"!": true}`,
 * `{"+": {"var": "xs"}}`) arrives wrapped as a one-element array marked "bare".
 */
export function bareArguments(raw: unknown): readonly unknown[] {
  const args = [raw];
  bare.add(args);
  return args;
}

/** Whether `args` is a single non-array argument wrapped by the compiler (see `bareArguments`). */
export function isBare(args: readonly unknown[]): boolean {
  return bare.has(args);
}

/** Whether a raw rule value is an operator expression (an object with at least one key). */
export function isOperatorExpression(raw: unknown): boolean {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return false;
  for (const key in raw) if (hasOwn(raw, key)) return true;
  return false;
}

// ---- scopes and argument lists ------------------------------------------------------------------

/** The scope an iterator (or a `try` handler) evaluates its logic in. */
export function childScope(parent: Scope, data: unknown, index: unknown): Scope {
  return { data, parent, index, root: parent.root };
}

/**
 * How a value operator receives its arguments: `fixed`, one evaluator per argument; or `list`, for a
 * bare expression (`{"+": {"var": "xs"}}`) whose result is the argument list (an array is spread).
 */
export type ArgumentPlan =
  | { readonly fixed: readonly Evaluator[]; readonly list: undefined }
  | { readonly fixed: undefined; readonly list: (scope: Scope) => readonly unknown[] };

/** Compiles the arguments of an operator that evaluates all of them (see `ArgumentPlan`). */
export function compileArguments(args: readonly unknown[], ctx: CompileContext): ArgumentPlan {
  if (isBare(args) && isOperatorExpression(args[0])) {
    const evaluate = ctx.compile(args[0], "[0]");
    return { fixed: undefined, list: (scope) => asList(evaluate(scope)) };
  }
  return { fixed: compileEach(args, ctx), list: undefined };
}

/** Compiles every argument, in order. */
export function compileEach(args: readonly unknown[], ctx: CompileContext): Evaluator[] {
  const evaluators: Evaluator[] = [];
  for (let i = 0; i < args.length; i++) evaluators.push(ctx.compile(args[i], `[${i}]`));
  return evaluators;
}

/** Fails unless the operator's arguments were written as an array (lazy operators need one). */
export function requireArgumentArray(args: readonly unknown[], ctx: CompileContext, name: string): void {
  if (isBare(args)) invalidArguments(ctx, `"${name}" takes an array of arguments`);
}

/** An evaluated value as an argument list: arrays as they are, anything else as one argument. */
export function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Evaluates every evaluator into a new array. */
export function evaluateAll(evaluators: readonly Evaluator[], scope: Scope): unknown[] {
  const values: unknown[] = [];
  for (let i = 0; i < evaluators.length; i++) values.push((evaluators[i] as Evaluator)(scope));
  return values;
}

/** A value operator built from a function of its evaluated arguments (for the less common ones). */
export function applyTo(plan: ArgumentPlan, apply: (values: readonly unknown[]) => unknown): Evaluator {
  const list = plan.list;
  if (list) return (scope) => apply(list(scope));
  const fixed = plan.fixed;
  return (scope) => apply(evaluateAll(fixed, scope));
}

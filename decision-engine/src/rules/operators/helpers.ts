/**
 * Small helpers shared by the built-in operators (and usable by extensions): truthiness, number
 * coercion, equality and ordering, errors, argument lists, and the compile-time facts the compiler
 * records (constant evaluators, bare arguments).
 */
import { EvaluationError, RuleCompileError } from "../errors.ts";
import type { CompileContext, Evaluator, Scope } from "../types.ts";
import { H as hasOwn } from "./property.ts";

export { getOwn, getPath, isKey, pathReader, pathOf, H as hasOwn, type Rank } from "./property.ts";

/** How the built-in operators are written: the `compile` of an `OperatorDefinition`. */
export type Compile = (args: readonly unknown[], ctx: CompileContext) => Evaluator;

export const isArray = Array.isArray;

type Obj = Record<string, unknown>;

/** JSON Logic truthiness: JavaScript's, except that an empty array is false. */
export const truthy = (v: unknown): boolean => v === true || (!!v && (!isArray(v) || v.length > 0));

/** Whether a value is an array or an object (as opposed to a primitive or null). */
export const isCollection = (v: unknown): v is object => typeof v == "object" && v !== null;

/**
 * JSON Logic number coercion: numbers as they are, numeric strings parsed (`""` is 0), booleans 0/1,
 * null (and a missing value) 0; arrays and objects give NaN.
 */
export const toNumber = (v: unknown): number => (isCollection(v) ? NaN : v === undefined ? 0 : Number(v));

/** A runtime error: `EvaluationError` of the given type. */
export const fault = (type: unknown): EvaluationError => new EvaluationError(type);

/** The type of the error raised for arguments an operator cannot work with. */
export const INVALID = "Invalid Arguments";

/** Throws the `NaN` error of arithmetic and comparisons that have no answer. */
export const nan = (): never => {
  throw fault("NaN");
};

/** The result of arithmetic, or a `NaN` error when it is not a finite number. */
export const finite = (n: number): number => (n - n === 0 ? n : nan());

/** Fails compilation with an "Invalid Arguments" error at the operator's path. */
export const invalid = (ctx: CompileContext, detail: string): never => {
  throw new RuleCompileError(`${INVALID}: ${detail}`, ctx.path, INVALID);
};

const TOO_FEW = "too few arguments";

/**
 * Splits a `var` path on dots (`"a.b.0"` → `["a", "b", "0"]`; `""` → `[]`). A backslash escapes the
 * next character, so `"a\\.b"` is the single key `a.b`.
 */
export const splitPath = (path: string): string[] => {
  const keys: string[] = [];
  let key = "";
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c == ".") keys.push(key), (key = "");
    else key += c == "\\" && i + 1 < path.length ? path[++i] : c;
  }
  return path ? [...keys, key] : keys;
};

// ---- equality and ordering, as bits: 1 less, 2 equal, 4 greater, 0 neither; equality 2 or 5 -----

/** Strict equality (`===`): no coercion; a missing value is null; arrays and objects by value. */
export const strictEquals = (a: unknown, b: unknown): boolean =>
  a === b ||
  (a == null
    ? b == null
    : isCollection(a) &&
      isCollection(b) &&
      isArray(a) == isArray(b) &&
      Object.keys(a).length == Object.keys(b).length &&
      Object.keys(a).every((k) => hasOwn(b, k) && strictEquals((a as Obj)[k], (b as Obj)[k])));

/**
 * Loose equality (`==`) as a bit. Same-type primitives compare exactly; numbers against numeric
 * strings and booleans compare as numbers; null equals 0, false and ""; a number against a
 * non-numeric string, or any array/object, is a `NaN` error. That is `ordered` finding them equal,
 * except that text against null or a boolean compares as text.
 */
export const loose = (a: unknown, b: unknown): number => {
  if (typeof b == "string") [a, b] = [b, a];
  b ??= null;
  return (typeof a == "string" && (b === null || typeof b == "boolean") ? a === (b ?? "") + "" : ordered(a, b) == 2) ? 2 : 5;
};

/** `===` as a bit. */
export const strict = (a: unknown, b: unknown): number => (strictEquals(a, b) ? 2 : 5);

/**
 * Orders two values for `<`, `<=`, `>`, `>=` as a bit (0 when they cannot be ordered). Two strings
 * compare as text; anything else as numbers. Arrays, objects, and a number against a non-numeric
 * string are a `NaN` error.
 */
export const ordered = (a: unknown, b: unknown): number => {
  if (typeof a != "string" || typeof b != "string") {
    const types = typeof a + typeof b;
    if (isCollection(a) || isCollection(b)) nan();
    a = toNumber(a);
    b = toNumber(b);
    if ((a !== a || b !== b) && (types == "numberstring" || types == "stringnumber")) nan();
  }
  return (a as number) < (b as number) ? 1 : (a as number) > (b as number) ? 4 : a === b ? 2 : 0;
};

// ---- compile-time facts about evaluators --------------------------------------------------------

const constants = new WeakMap<Evaluator, unknown>();
const bare = new WeakSet<readonly unknown[]>();

/** An evaluator that always returns `value`, known as a constant to the operators that compile it. */
export const constant = (value: unknown): Evaluator => {
  const evaluate = () => value;
  constants.set(evaluate, value);
  return evaluate;
};

/** Whether `evaluate` was made by `constant`. */
export const isConstant = (evaluate: Evaluator): boolean => constants.has(evaluate);

/** The value of a constant evaluator (`undefined` for others). */
export const constantValue = (evaluate: Evaluator): unknown => constants.get(evaluate);

/**
 * The compiler passes an operator's arguments as an array; a non-array argument (`{"!": true}`,
 * `{"+": {"var": "xs"}}`) arrives wrapped as a one-element array marked "bare".
 */
export const bareArguments = (raw: unknown): readonly unknown[] => {
  const args = [raw];
  bare.add(args);
  return args;
};

/** Whether `args` is a single non-array argument wrapped by the compiler (see `bareArguments`). */
export const isBare = (args: readonly unknown[]): boolean => bare.has(args);

/** Whether a raw rule value is an operator expression (an object with at least one key). */
export const isOperation = (raw: unknown): boolean =>
  isCollection(raw) && !isArray(raw) && Object.keys(raw).length > 0;

// ---- scopes and argument lists ------------------------------------------------------------------

/** The scope an iterator (or a `try` handler) evaluates its logic in. */
export const childScope = (parent: Scope, data: unknown, index?: number): Scope => ({
  data,
  parent,
  index,
  root: parent.root,
});

/**
 * Compiles every argument, in order. With `array`, they must be written as an array (lazy operators
 * need one); with fewer than `min`, compilation fails.
 */
export const compileEach = (args: readonly unknown[], ctx: CompileContext, min = 0, array?: boolean): Evaluator[] => {
  if (array && isBare(args)) invalid(ctx, "needs an array");
  if (args.length < min) invalid(ctx, TOO_FEW);
  return args.map((arg, i) => ctx.compile(arg, `[${i}]`));
};

/**
 * An operator that evaluates all its arguments and returns `f(values, scope)`. The values are one per
 * argument, or, for a bare expression (`{"+": {"var": "xs"}}`), its result (an array is the list).
 */
export const valueOperator =
  (f: (values: readonly unknown[], scope: Scope) => unknown, min = 0): Compile =>
  (args, ctx) => {
    if (isBare(args) && isCollection(args[0])) {
      const list = ctx.compile(args[0], "[0]");
      return (s) => {
        const v = list(s);
        return f(isArray(v) ? v : [v], s);
      };
    }
    const all = compileEach(args, ctx);
    if (all.length < min) invalid(ctx, TOO_FEW);
    return (s) => f(all.map((e) => e(s)), s);
  };

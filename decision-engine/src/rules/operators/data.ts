/**
 * Data access: `var` (dotted path, optional default), `val` (path as an array of keys, no dot
 * splitting, with scope escapes `[[n], …keys]`), `exists`, `missing`, `missing_some`.
 *
 * Every read goes through own properties only, so `__proto__`, `constructor` and friends are simply
 * missing. Constant paths are split once at compile time into a `pathReader`, which is the whole
 * `var` evaluator: comparing `{"var": "profile.tier"}` with a constant costs two calls.
 *
 * Scope escapes: inside an iterator, level 1 is the iteration itself (`{"val": [[1], "index"]}`),
 * level 2 the data outside it, level 3 the outer iteration, and so on; levels beyond the rule's top
 * stop at the top. The sign of the level is ignored.
 */
import type { CompileContext, Evaluator, OperatorDefinition, OperatorTable, Scope } from "../types.ts";
import {
  compileArguments,
  compileEach,
  evaluateAll,
  getPath,
  isOperatorExpression,
  pathReader,
  splitPath,
  toNumber,
} from "./helpers.ts";

/**
 * A compiled path: `read` returns the value or null (fast, for `var` and `val`); `find` returns
 * `undefined` for a missing value (for defaults and `exists`).
 */
interface CompiledPath {
  readonly read: Evaluator;
  readonly find: (scope: Scope) => unknown;
}

function fixedPath(keys: readonly string[]): CompiledPath {
  return { read: pathReader(keys), find: (s) => getPath(s.data, keys) };
}

function computedPath(find: (scope: Scope) => unknown): CompiledPath {
  return { read: (s) => find(s) ?? null, find };
}

// ---- var ----------------------------------------------------------------------------------------

/** `var`'s path as keys: a dotted string, a number, or null/absent for the current data. */
function varKeys(path: unknown): readonly unknown[] | undefined {
  if (path === null || path === undefined) return [];
  if (typeof path === "string") return splitPath(path);
  if (typeof path === "number") return splitPath(String(path));
  if (Array.isArray(path)) return path;
  return undefined;
}

function compileVarPath(path: unknown, ctx: CompileContext): CompiledPath {
  if (isOperatorExpression(path)) {
    const pathOf = ctx.compile(path, "[0]");
    return computedPath((s) => {
      const keys = varKeys(pathOf(s));
      return keys ? getPath(s.data, keys) : undefined;
    });
  }
  if (path !== null && path !== undefined && typeof path !== "string" && typeof path !== "number") {
    ctx.fail(`"var" takes a path (a string, a number or an expression), got ${describe(path)}`, "[0]");
  }
  return fixedPath(varKeys(path) as string[]);
}

const variable: OperatorDefinition = {
  compile(args, ctx) {
    const { read, find } = compileVarPath(args[0], ctx);
    if (args.length < 2) return read;
    const fallback = ctx.compile(args[1], "[1]");
    return (s) => {
      const v = read(s);
      return v !== null ? v : find(s) === undefined ? fallback(s) : null;
    };
  },
};

// ---- val and exists -----------------------------------------------------------------------------

function isLevel(value: unknown): value is readonly [number] {
  return Array.isArray(value) && typeof value[0] === "number";
}

/** The data (or iteration) `level` steps above `scope`, read at `keys`; `undefined` when missing. */
function readAtLevel(scope: Scope, level: number, keys: readonly unknown[]): unknown {
  let target = scope;
  let steps = Math.abs(Math.trunc(level));
  while (steps >= 2 && target.parent) {
    target = target.parent;
    steps -= 2;
  }
  if (steps === 1 && target.parent) return readIteration(target, keys);
  return getPath(target.data, keys);
}

/** The iteration behind a scope: `index` is the only thing it holds. */
function readIteration(scope: Scope, keys: readonly unknown[]): unknown {
  const index = scope.index === undefined ? null : scope.index;
  if (keys.length === 0) return { index };
  return keys.length === 1 && keys[0] === "index" ? index : undefined;
}

/** Reads `segments` (`[[level], …keys]` or `[…keys]`) from a scope; `undefined` when missing. */
function readSegments(scope: Scope, segments: readonly unknown[]): unknown {
  if (isLevel(segments[0])) return readAtLevel(scope, segments[0][0], segments.slice(1));
  return getPath(scope.data, segments);
}

function isKey(value: unknown): value is string | number {
  return typeof value === "string" || typeof value === "number";
}

function compileValPath(name: string, args: readonly unknown[], ctx: CompileContext): CompiledPath {
  if (args.some(isOperatorExpression)) {
    const parts = compileEach(args, ctx);
    return computedPath((s) => {
      const values = evaluateAll(parts, s);
      return readSegments(s, values.length === 1 && Array.isArray(values[0]) ? values[0] : values);
    });
  }
  if (args.length === 1 && args[0] === null) return fixedPath([]);
  const levelled = isLevel(args[0]);
  const keys = levelled ? args.slice(1) : args;
  keys.forEach((key, i) => {
    if (!isKey(key)) {
      ctx.fail(`"${name}" takes keys (strings or numbers), got ${describe(key)}`, `[${levelled ? i + 1 : i}]`);
    }
  });
  const path = keys.map(String);
  if (!levelled) return fixedPath(path);
  const level = (args[0] as readonly [number])[0];
  return computedPath((s) => readAtLevel(s, level, path));
}

const val: OperatorDefinition = {
  compile: (args, ctx) => compileValPath("val", args, ctx).read,
};

const exists: OperatorDefinition = {
  compile(args, ctx) {
    const { find } = compileValPath("exists", args, ctx);
    return (s) => find(s) !== undefined;
  },
};

// ---- missing and missing_some -------------------------------------------------------------------

/** Appends to `out` each key (or key of an array of keys) whose value is missing or null. */
function collectMissing(data: unknown, keys: unknown, out: unknown[]): number {
  let checked = 0;
  const check = (key: unknown): void => {
    const path = isKey(key) ? splitPath(String(key)) : undefined;
    if (!path) return;
    checked++;
    const v = getPath(data, path);
    if (v === undefined || v === null) out.push(key);
  };
  if (Array.isArray(keys)) for (let i = 0; i < keys.length; i++) check(keys[i]);
  else check(keys);
  return checked;
}

const missing: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    return (s) => {
      const values = plan.list ? plan.list(s) : evaluateAll(plan.fixed, s);
      const result: unknown[] = [];
      for (let i = 0; i < values.length; i++) collectMissing(s.data, values[i], result);
      return result;
    };
  },
};

const missingSome: OperatorDefinition = {
  compile(args, ctx) {
    const plan = compileArguments(args, ctx);
    return (s) => {
      const values = plan.list ? plan.list(s) : evaluateAll(plan.fixed, s);
      const result: unknown[] = [];
      const checked = collectMissing(s.data, values[1], result);
      return checked - result.length >= toNumber(values[0]) ? [] : result;
    };
  },
};

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}

export const dataOperators: OperatorTable = {
  var: variable,
  val,
  exists,
  missing,
  missing_some: missingSome,
};

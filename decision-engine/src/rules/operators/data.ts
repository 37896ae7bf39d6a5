/**
 * Data access: `var` (dotted path, optional default), `val` (path as an array of keys, no dot
 * splitting, with scope escapes `[[n], …keys]`), `exists`, `missing`, `missing_some`.
 *
 * Every read goes through own properties only, so `__proto__`, `constructor` and friends are simply
 * missing. Constant paths become a `pathReader` at compile time, which is the whole `var` evaluator.
 *
 * Scope escapes: inside an iterator, level 1 is the iteration itself (`{"val": [[1], "index"]}`),
 * level 2 the data outside it, level 3 the outer iteration, and so on; levels beyond the rule's top
 * stop at the top. The sign of the level is ignored.
 */
import type { CompileContext, Evaluator, Scope } from "../types.ts";
import {
  compileEach,
  getPath,
  isArray,
  isKey,
  isOperation,
  pathReader,
  splitPath,
  toNumber,
  valueOperator,
  type Compile,
} from "./helpers.ts";

const BAD_PATH = "Path must be strings or numbers";

/** Finds a value in the scope: `undefined` when it is missing (for defaults and `exists`). */
type Find = (scope: Scope) => unknown;

const isLevel = (v: unknown): v is readonly [number] => isArray(v) && typeof v[0] == "number";

/**
 * Reads `keys` from the data `level` steps above `scope` (at odd levels from the iteration, whose
 * only field is `index`); `undefined` when missing.
 */
const find = (scope: Scope, keys: readonly unknown[], level = 0): unknown => {
  for (level = Math.abs(Math.trunc(level)); level > 1 && scope.parent; level -= 2) scope = scope.parent;
  return getPath(level != 1 || !scope.parent ? scope.data : { index: scope.index ?? null }, keys);
};

/**
 * `val`'s (and `exists`') path: keys, or `[[level], …keys]`; for fixed keys also its fast reader.
 * `dotted` (for `var`): a computed path is one dotted string, a number, or an array of keys.
 */
function valPath(args: readonly unknown[], ctx: CompileContext, dotted?: boolean): [Find, Evaluator?] {
  if (args.some(isOperation)) {
    const parts = compileEach(args, ctx);
    return [
      (s) => {
        let keys = parts.map((e) => e(s));
        const [p] = keys;
        if (dotted) keys = p == null ? [] : isKey(p) ? splitPath(String(p)) : isArray(p) ? p : [{}];
        else if (keys.length == 1 && isArray(p)) keys = p;
        return !dotted && isLevel(keys[0]) ? find(s, keys.slice(1), keys[0][0]) : find(s, keys);
      },
    ];
  }
  const levelled = isLevel(args[0]);
  const keys = args.length == 1 && args[0] === null ? [] : args.slice(+levelled);
  keys.forEach((key, i) => isKey(key) || ctx.fail(BAD_PATH, `[${i + +levelled}]`));
  const path = keys.map(String);
  const level = levelled ? (args[0] as number[])[0] : 0;
  return [(s) => find(s, path, level), levelled ? undefined : pathReader(path)];
}

/** `var`: the value at a dotted path, or the default (else null) when it is missing. */
function variable(args: readonly unknown[], ctx: CompileContext): Evaluator {
  const [path] = args;
  const dotted = isOperation(path);
  const [get, read] = valPath(
    dotted ? [path] : path == null ? [] : isKey(path) ? splitPath(String(path)) : ctx.fail(BAD_PATH, "[0]"),
    ctx,
    dotted,
  );
  if (args.length < 2) return read ?? ((s) => get(s) ?? null);
  const fallback = ctx.compile(args[1], "[1]");
  return (s) => {
    const v = get(s);
    return v === undefined ? fallback(s) : v;
  };
}

/** Appends to `out` each key (or key of an array of keys) whose value is missing or null. */
const collectMissing = (data: unknown, keys: unknown, out: unknown[]): number => {
  let checked = 0;
  for (const key of isArray(keys) ? keys : [keys]) {
    if (isKey(key)) {
      checked++;
      if (getPath(data, splitPath(String(key))) == null) out.push(key);
    }
  }
  return checked;
};

export const dataOperators: Record<string, Compile> = {
  var: variable,
  val(args, ctx) {
    const [get, read] = valPath(args, ctx);
    return read ?? ((s) => get(s) ?? null);
  },
  exists(args, ctx) {
    const [get] = valPath(args, ctx);
    return (s) => get(s) !== undefined;
  },
  missing: valueOperator((values, s) => {
    const out: unknown[] = [];
    for (const keys of values) collectMissing(s.data, keys, out);
    return out;
  }),
  missing_some: valueOperator(([need, keys], s) => {
    const out: unknown[] = [];
    return collectMissing(s.data, keys, out) - out.length >= toNumber(need) ? [] : out;
  }),
};

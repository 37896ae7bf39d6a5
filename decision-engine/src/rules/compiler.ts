/**
 * The JSON Logic compiler: turns a rule into a tree of closures once, so running it is a few direct
 * calls per condition. Nothing is turned into source text (no `eval`, no `new Function`), so it runs
 * in Cloudflare Workers after start-up, browsers with a strict CSP, and React Native.
 *
 * Compilation also validates: an unknown operator, an object with several keys, arguments an
 * operator can never use, and rules that are too deep or too large are `RuleCompileError`s naming
 * the JSON path of the offending part (`$.and[1]`, `$.if[2].var`).
 */
import { RuleCompileError } from "./errors.ts";
import { extensionOperators } from "./extensions/index.ts";
import { builtinOperators } from "./operators/index.ts";
import { bareArguments, constant, constantValue, hasOwn, isArray, isCollection, isConstant } from "./operators/helpers.ts";
import type { Evaluator, OperatorDefinition, OperatorTable } from "./types.ts";

/** A compiled rule: call it with the data (the evaluation context) as often as needed. */
export type CompiledRule = (data?: unknown) => unknown;

/** Options of `compileRule`. */
export interface CompileOptions {
  /**
   * Operators to add to (or override in) the default table, which is the standard JSON Logic
   * operators plus Edgewise's extensions.
   */
  readonly operators?: OperatorTable;
  /** Use `operators` as the whole table instead of merging it into the default one. */
  readonly replaceOperators?: boolean;
  /** Deepest nesting of objects and arrays allowed in a rule (default 64). */
  readonly maxDepth?: number;
  /** Most JSON values (objects, arrays, primitives) allowed in a rule (default 20,000). */
  readonly maxNodes?: number;
}

let defaultTable: OperatorTable | undefined;

/**
 * Compiles a JSON Logic rule into a function of the data, to be called many times.
 *
 * @example
 * const eligible = compileRule({ and: [
 *   { "==": [{ var: "profile.tier" }, "gold"] },
 *   { ">=": [{ var: "profile.ltv" }, 1000] },
 * ] });
 * eligible({ profile: { tier: "gold", ltv: 1200 } }); // true
 * eligible({ profile: { tier: "silver", ltv: 50 } }); // false
 *
 * @throws RuleCompileError for an unknown operator, a malformed rule or arguments, or a rule over
 *   the size limits; `error.path` is where (`$.and[1]`). Running the compiled rule may throw an
 *   `EvaluationError` (`{"throw": …}`, arithmetic giving NaN), whose `type` says which.
 */
export function compileRule(expr: unknown, options: CompileOptions = {}): CompiledRule {
  const { operators, maxDepth = 64, maxNodes = 20_000 } = options;
  // Rejects rules nested deeper than `maxDepth` or made of more than `maxNodes` JSON values, at the
  // path of the offending value (kept as a trail of keys, turned into text only for the error).
  let nodes = 0;
  const trail: (string | number)[] = [];
  const over = (what: string): never =>
    fail(`Rule ${what}`, "$" + trail.map((k) => (typeof k == "number" ? `[${k}]` : "." + k)).join(""));
  const visit = (value: unknown, depth: number): void => {
    if (++nodes > maxNodes) over(`too large (more than ${maxNodes} values)`);
    if (isCollection(value)) {
      if (depth >= maxDepth) over(`nested too deeply (more than ${maxDepth} levels)`);
      for (const key of Object.keys(value)) {
        trail.push(isArray(value) ? +key : key);
        visit((value as Record<string, unknown>)[key], depth + 1);
        trail.pop();
      }
    }
  };
  visit(expr, 0);
  defaultTable ??= { ...builtinOperators, ...extensionOperators };
  const evaluate = compileNode(
    expr,
    "$",
    operators ? (options.replaceOperators ? operators : { ...defaultTable, ...operators }) : defaultTable,
  );
  return (data) => {
    const root = data ?? null;
    return evaluate({ data: root, parent: undefined, index: undefined, root });
  };
}

const cache = new WeakMap<object, CompiledRule>();

/**
 * Runs a JSON Logic rule once on some data. Rule objects are compiled on first use and the result
 * kept (by object identity) while the rule object lives, so do not mutate a rule between calls.
 *
 * @example
 * applyRule({ ">": [{ var: "a" }, 1] }, { a: 2 }); // true
 * applyRule({ in: ["vip", { var: "audiences" }] }, { audiences: ["vip"] }); // true
 */
export function applyRule(expr: unknown, data?: unknown): unknown {
  if (!isCollection(expr)) return compileRule(expr)(data);
  let rule = cache.get(expr);
  if (!rule) cache.set(expr, (rule = compileRule(expr)));
  return rule(data);
}

const fail = (message: string, path: string): never => {
  throw new RuleCompileError(message, path);
};

function compileNode(expr: unknown, path: string, table: OperatorTable): Evaluator {
  if (isArray(expr)) {
    const parts = expr.map((item, i) => compileNode(item, `${path}[${i}]`, table));
    return parts.every(isConstant) ? constant(parts.map(constantValue)) : (s) => parts.map((e) => e(s));
  }
  if (!isCollection(expr)) {
    const t = typeof expr;
    return expr === null || "string number boolean".includes(t) ? constant(expr) : fail(`Not JSON: ${t}`, path);
  }
  const keys = Object.keys(expr);
  const [name] = keys;
  if (name === undefined) return constant(expr);
  if (keys.length > 1) fail(`An operation has exactly one key, got "${keys.join('", "')}"`, path);
  if (!hasOwn(table, name)) fail(`Unknown operator "${name}"`, path);
  // What the operator sees while compiling. For a bare (non-array) argument, `[0]` names the argument
  // itself, so `{"var": {"bad": 1}}` reports the unknown operator at `$.var`.
  const raw = (expr as Record<string, unknown>)[name];
  const bare = !isArray(raw);
  const own = `${path}.${name}`;
  const at = (where = "") => (bare && where == "[0]" ? own : own + where);
  return (table[name] as OperatorDefinition).compile(bare ? bareArguments(raw) : raw, {
    path: own,
    compile: (e, where) => compileNode(e, at(where), table),
    fail: (message, where) => fail(message, at(where)),
  });
}

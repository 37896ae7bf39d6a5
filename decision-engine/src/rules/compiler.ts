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
import { bareArguments, constant, isConstant } from "./operators/helpers.ts";
import type { CompileContext, Evaluator, OperatorDefinition, OperatorTable, Scope } from "./types.ts";

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

/** Default `maxDepth`: nested objects and arrays in one rule. */
export const DEFAULT_MAX_DEPTH = 64;
/** Default `maxNodes`: JSON values in one rule. */
export const DEFAULT_MAX_NODES = 20_000;

const hasOwn: (object: object, key: PropertyKey) => boolean = Object.hasOwn;

let defaultTable: OperatorTable | undefined;

function operatorTable(options: CompileOptions | undefined): OperatorTable {
  defaultTable ??= { ...builtinOperators, ...extensionOperators };
  const extra = options?.operators;
  if (!extra) return defaultTable;
  return options.replaceOperators ? extra : { ...defaultTable, ...extra };
}

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
export function compileRule(expr: unknown, options?: CompileOptions): CompiledRule {
  checkLimits(expr, options?.maxDepth ?? DEFAULT_MAX_DEPTH, options?.maxNodes ?? DEFAULT_MAX_NODES);
  const evaluate = compileNode(expr, "$", operatorTable(options));
  if (isConstant(evaluate)) {
    const value = evaluate(TOP);
    return () => value;
  }
  return (data?: unknown) => {
    const root = data === undefined ? null : data;
    return evaluate({ data: root, parent: undefined, index: undefined, root });
  };
}

const TOP: Scope = { data: null, parent: undefined, index: undefined, root: null };

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
  if (typeof expr !== "object" || expr === null) return compileRule(expr)(data);
  let rule = cache.get(expr);
  if (!rule) {
    rule = compileRule(expr);
    cache.set(expr, rule);
  }
  return rule(data);
}

// ---- compiling ----------------------------------------------------------------------------------

function compileNode(expr: unknown, path: string, table: OperatorTable): Evaluator {
  if (expr === null) return constant(null);
  switch (typeof expr) {
    case "string":
    case "number":
    case "boolean":
      return constant(expr);
    case "object":
      break;
    default:
      throw new RuleCompileError(`A rule holds only JSON values, not ${typeof expr}`, path);
  }
  if (Array.isArray(expr)) return compileArray(expr, path, table);
  const keys = Object.keys(expr);
  if (keys.length === 0) return constant(expr);
  if (keys.length > 1) {
    const names = keys.slice(0, 3).map((k) => JSON.stringify(k)).join(", ");
    throw new RuleCompileError(
      `An operation is an object with exactly one key (the operator), got ${keys.length}: ${names}${keys.length > 3 ? ", …" : ""}`,
      path,
    );
  }
  const name = keys[0] as string;
  const operator: OperatorDefinition | undefined = hasOwn(table, name) ? table[name] : undefined;
  if (!operator) throw new RuleCompileError(`Unknown operator ${JSON.stringify(name)}`, path);
  const raw = (expr as Record<string, unknown>)[name];
  const argsPath = `${path}.${name}`;
  if (Array.isArray(raw)) return operator.compile(raw, new Context(argsPath, false, table));
  return operator.compile(bareArguments(raw), new Context(argsPath, true, table));
}

function compileArray(items: readonly unknown[], path: string, table: OperatorTable): Evaluator {
  const parts: Evaluator[] = [];
  for (let i = 0; i < items.length; i++) parts.push(compileNode(items[i], `${path}[${i}]`, table));
  if (parts.every(isConstant)) return constant(items);
  return (s) => {
    const result: unknown[] = [];
    for (let i = 0; i < parts.length; i++) result.push((parts[i] as Evaluator)(s));
    return result;
  };
}

/**
 * What an operator sees while compiling. For a bare (non-array) argument, `[0]` names the argument
 * itself, so `{"var": {"bad": 1}}` reports the unknown operator at `$.var`.
 */
class Context implements CompileContext {
  readonly path: string;
  readonly #bare: boolean;
  readonly #table: OperatorTable;

  constructor(path: string, bare: boolean, table: OperatorTable) {
    this.path = path;
    this.#bare = bare;
    this.#table = table;
  }

  compile(expr: unknown, at: string): Evaluator {
    return compileNode(expr, this.#at(at), this.#table);
  }

  fail(message: string, at = ""): never {
    throw new RuleCompileError(message, this.#at(at));
  }

  #at(at: string): string {
    return this.#bare && at === "[0]" ? this.path : this.path + at;
  }
}

// ---- limits -------------------------------------------------------------------------------------

/** Rejects rules nested deeper than `maxDepth` or made of more than `maxNodes` JSON values. */
function checkLimits(expr: unknown, maxDepth: number, maxNodes: number): void {
  let nodes = 0;
  const trail: (string | number)[] = [];
  const where = (): string => "$" + trail.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("");
  const visit = (value: unknown, depth: number): void => {
    if (++nodes > maxNodes) throw new RuleCompileError(`Rule is too large (more than ${maxNodes} values)`, where());
    if (typeof value !== "object" || value === null) return;
    if (depth >= maxDepth) {
      throw new RuleCompileError(`Rule is nested too deeply (more than ${maxDepth} levels)`, where());
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        trail.push(i);
        visit(value[i], depth + 1);
        trail.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      trail.push(key);
      visit((value as Record<string, unknown>)[key], depth + 1);
      trail.pop();
    }
  };
  visit(expr, 0);
}

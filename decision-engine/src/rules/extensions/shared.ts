/**
 * Helpers shared by the extension operators: reading the evaluation context from `scope.root`, and
 * {@link op}, which checks the argument count and compiles string-or-expression arguments.
 */
import type { CompileContext, Evaluator, OperatorDefinition, Scope } from "../types.ts";

/** `value[key]` when `value` has `key` as an own property (never inherited), else `undefined`. */
export const own = (value: any, key: string): any => (Object.hasOwn(Object(value), key) ? value[key] : undefined);

/** The evaluation context's `now` (epoch ms) when it is a finite number, else the current time. */
export const nowOf = (scope: Scope): number => {
  const now = own(scope.root, "now");
  return Number.isFinite(now) ? now : Date.now();
};

/**
 * Compiles argument `i`, which must be a literal string or an expression (an object); anything else
 * fails with `"name" expects <what> (a string or an expression)`. The value goes through `parse`:
 * once, at compile time, for a literal (a `null` result fails with `"name" expects <what>`), and on
 * every run for an expression.
 */
export type CompileArgument = (i: number, what: string, parse?: (value: unknown) => unknown) => Evaluator;

/** Fails compilation with `"name" message` at the operator's path plus `at` (`"[1]"`, …). */
export type Fail = (message: string, at?: string) => never;

/**
 * Defines an extension operator `name` that takes `arity` arguments (`"1"`, `"3"`, `"2 or 3"`): the
 * count is checked, then `build` compiles the raw arguments into an evaluator.
 *
 * @example
 * const upper = op("upper", "1", (_, arg) => { const text = arg(0, "a text"); return (s) => String(text(s)).toUpperCase(); });
 */
export const op = (
  name: string,
  arity: string,
  build: (args: readonly unknown[], arg: CompileArgument, fail: Fail, ctx: CompileContext) => Evaluator,
): OperatorDefinition => ({
  compile(args, ctx) {
    const fail: Fail = (message, at) => ctx.fail(`"${name}" ${message}`, at);
    // "2 or 3".includes("3"): the arity is written as the error message shows it.
    if (!arity.includes(`${args.length}`)) fail(`takes ${arity} argument${arity > "1" ? "s" : ""}`);
    const arg: CompileArgument = (i, what, parse = (value) => value) => {
      let value = args[i];
      const at = `[${i}]`;
      if (typeof value == "string") return (value = parse(value)) == null ? fail(`expects ${what}`, at) : () => value;
      if (!value || typeof value != "object" || Array.isArray(value)) fail(`expects ${what} (a string or an expression)`, at);
      const evaluate = ctx.compile(value, at);
      return (scope) => parse(evaluate(scope));
    };
    return build(args, arg, fail, ctx);
  },
});

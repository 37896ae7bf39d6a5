/**
 * Helpers shared by the extension operators: reading the evaluation context from `scope.root`, and
 * compiling arguments that may be either a literal or a JSON Logic expression.
 */
import type { CompileContext, Evaluator, Scope } from "../types.ts";

/** `value[key]` when `value` is an object with `key` as an own property, else `undefined`. */
export function ownField(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
  return (value as Record<string, unknown>)[key];
}

/** A field of the evaluation context (`profile`, `audiences`, `history`, `now`, …), or `undefined`. */
export function rootField(scope: Scope, key: string): unknown {
  return ownField(scope.root, key);
}

/** The evaluation context's `now` (epoch ms) when it is a finite number, else the current time. */
export function nowOf(scope: Scope): number {
  const now = rootField(scope, "now");
  return typeof now === "number" && Number.isFinite(now) ? now : Date.now();
}

/** Whether a raw argument is something the compiler evaluates (an object), rather than a literal. */
export function isExpression(arg: unknown): arg is object {
  return typeof arg === "object" && arg !== null && !Array.isArray(arg);
}

/** Fail unless the operator received exactly `count` arguments. */
export function expectArity(
  name: string,
  args: readonly unknown[],
  count: number,
  ctx: CompileContext,
  usage: string,
): void {
  if (args.length !== count) {
    const plural = count === 1 ? "argument" : "arguments";
    ctx.fail(`"${name}" takes ${count} ${plural} (${usage}), got ${args.length}`);
  }
}

/**
 * A string argument given either as a literal string or as an expression. Other literals (numbers,
 * booleans, null, arrays) fail at compile time. `literal` is set when the value is known now.
 */
export interface StringArgument {
  readonly literal: string | undefined;
  readonly evaluate: Evaluator;
}

/**
 * Compile an argument that must be a string: a literal string, or an expression evaluated per run.
 * `at` is the argument's position (`"[0]"`, which the compiler maps to the operator itself when the
 * argument was given bare, as in `{"audience": "vip"}`).
 */
export function compileStringArgument(
  name: string,
  what: string,
  arg: unknown,
  ctx: CompileContext,
  at = "[0]",
): StringArgument {
  if (typeof arg === "string") return { literal: arg, evaluate: () => arg };
  if (isExpression(arg)) return { literal: undefined, evaluate: ctx.compile(arg, at) };
  return ctx.fail(`"${name}" expects ${what} (a string or an expression), got ${describe(arg)}`, at);
}

/** A short description of a raw value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}

import type { CompileContext, Evaluator, OperatorDefinition } from "../types.ts";
import { compileStringArgument, expectArity } from "./shared.ts";

function compilePair(name: string, args: readonly unknown[], ctx: CompileContext): [Evaluator, Evaluator] {
  expectArity(name, args, 2, ctx, `{"${name}": [text, ${name === "starts_with" ? "prefix" : "suffix"}]}`);
  const text = compileStringArgument(name, "the text", args[0], ctx, "[0]");
  const affix = compileStringArgument(name, name === "starts_with" ? "the prefix" : "the suffix", args[1], ctx, "[1]");
  return [text.evaluate, affix.evaluate];
}

/**
 * `{"starts_with": [text, prefix]}` — whether a string begins with another.
 *
 * - Both arguments are literal strings or expressions; case-sensitive; an empty prefix matches any string.
 * - Either side not a string at run time (missing, number, null, …) → `false`.
 * - Compile errors: not exactly two arguments; a literal that is not a string.
 *
 * @example
 * applyRule({ starts_with: [{ var: "context.path" }, "/cart"] }, { context: { path: "/cart/items" } }); // true
 */
export const startsWith: OperatorDefinition = {
  compile(args, ctx) {
    const [text, prefix] = compilePair("starts_with", args, ctx);
    return (scope) => {
      const t = text(scope);
      const p = prefix(scope);
      return typeof t === "string" && typeof p === "string" && t.startsWith(p);
    };
  },
};

/**
 * `{"ends_with": [text, suffix]}` — whether a string ends with another.
 *
 * - Both arguments are literal strings or expressions; case-sensitive; an empty suffix matches any string.
 * - Either side not a string at run time → `false`.
 * - Compile errors: not exactly two arguments; a literal that is not a string.
 *
 * @example
 * applyRule({ ends_with: [{ var: "profile.email" }, "@example.com"] }, { profile: { email: "a@example.com" } }); // true
 */
export const endsWith: OperatorDefinition = {
  compile(args, ctx) {
    const [text, suffix] = compilePair("ends_with", args, ctx);
    return (scope) => {
      const t = text(scope);
      const s = suffix(scope);
      return typeof t === "string" && typeof s === "string" && t.endsWith(s);
    };
  },
};

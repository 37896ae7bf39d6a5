import type { OperatorDefinition } from "../types.ts";
import { compileStringArgument, expectArity, rootField } from "./shared.ts";

/**
 * `{"audience": "vip"}` — whether the profile belongs to an audience.
 *
 * - True iff the evaluation context's `audiences` is an array that contains the given string
 *   (exact, case-sensitive comparison).
 * - The argument is a literal string or an expression (`{"audience": {"var": "event.properties.segment"}}`).
 * - Missing or non-array `audiences`, or an expression that yields a non-string → `false`.
 * - Compile errors: not exactly one argument; a literal that is not a string.
 *
 * @example
 * applyRule({ audience: "vip" }, { audiences: ["vip", "churn-risk"] }); // true
 * applyRule({ audience: "vip" }, { audiences: "vip" });                  // false
 */
export const audience: OperatorDefinition = {
  compile(args, ctx) {
    expectArity("audience", args, 1, ctx, '{"audience": "vip"}');
    const id = compileStringArgument("audience", "an audience id", args[0], ctx);
    return (scope) => {
      const audiences = rootField(scope, "audiences");
      if (!Array.isArray(audiences)) return false;
      const wanted = id.literal ?? id.evaluate(scope);
      return typeof wanted === "string" && audiences.includes(wanted);
    };
  },
};

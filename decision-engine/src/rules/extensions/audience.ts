import { op, own } from "./shared.ts";

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
export const audience = op("audience", "1", (_, arg) => {
  const id = arg(0, "an audience id");
  return (scope) => {
    const wanted = id(scope);
    const audiences = own(scope.root, "audiences");
    return typeof wanted == "string" && Array.isArray(audiences) && audiences.includes(wanted);
  };
});

import { op } from "./shared.ts";

/** `starts_with` / `ends_with`: both sides literal strings or expressions; a non-string at run time → `false`. */
const affix = (name: "starts_with" | "ends_with", what: string) =>
  op(name, "2", (_, arg) => {
    const text = arg(0, "the text");
    const part = arg(1, what);
    const method = name.replace("_w", "W") as "startsWith" | "endsWith";
    return (scope) => {
      const t = text(scope);
      const p = part(scope);
      return typeof t == "string" && typeof p == "string" && t[method](p);
    };
  });

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
export const startsWith = affix("starts_with", "the prefix");

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
export const endsWith = affix("ends_with", "the suffix");

/**
 * The named functions of AEP tokens (`{%urlenc(key)%}`) and of typed matchers: `urlenc` for
 * consequences, `int` / `double` / `string` / `bool` to bring a value to the JSON type of a matcher's
 * value. An unknown name returns its argument unchanged, as the SDK's transformer does.
 */
import { javaString, parseJavaDouble, parseJavaInt, toJavaInt, urlEncode } from "./values.ts";

/** A transform of a resolved token value. */
export type Transform = (value: unknown) => unknown;

/** `int`: strings that parse as 32-bit integers, numbers truncated, booleans as 1/0; others unchanged. */
export const toInt: Transform = (value) => {
  if (typeof value === "string") return parseJavaInt(value) ?? value;
  if (typeof value === "number") return toJavaInt(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
};

/** `double`: strings that parse as numbers, numbers, booleans as 1/0; others unchanged. */
export const toDouble: Transform = (value) => {
  if (typeof value === "string") return parseJavaDouble(value) ?? value;
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
};

/** `string`: the JVM `toString` of the value; null stays null. */
export const toStringValue: Transform = (value) => (value === null || value === undefined ? null : javaString(value));

/** `bool`: `"true"` (any case) for strings, exactly 1 for numbers; others unchanged. */
export const toBool: Transform = (value) => {
  if (typeof value === "string") return value.toLowerCase() === "true";
  if (typeof value === "number") return value === 1;
  return value;
};

/** `urlenc`: URL-encodes strings; others unchanged. */
export const urlenc: Transform = (value) => (typeof value === "string" ? urlEncode(value) : value);

const TRANSFORMS: ReadonlyMap<string, Transform> = new Map([
  ["urlenc", urlenc],
  ["int", toInt],
  ["double", toDouble],
  ["string", toStringValue],
  ["bool", toBool],
]);

/** Applies the named transform; an unknown name is the identity. */
export function transform(name: string, value: unknown): unknown {
  const fn = TRANSFORMS.get(name);
  return fn ? fn(value) : value;
}

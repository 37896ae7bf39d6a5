import { Refusal } from "./refusal.ts";

/**
 * Tiny hand-rolled validators: each checks one value at a JSON path and throws a `Refusal` ("invalid", 400)
 * naming that path, so every 400 says exactly what is wrong and where.
 */

export type JsonObject = { [key: string]: unknown };

/** An id as clients send them: profile ids, anonymous ids, offer and placement ids. */
export const ID_RULES = { maxLength: 200 } as const;
export const SIGNATURE_RULES = { maxLength: 128 } as const;

export function invalid(path: string, message: string): never {
  throw new Refusal("invalid", "invalid_body", message, path);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) invalid(path, "expected an object");
  return value;
}

export interface StringRules {
  maxLength?: number;
  minLength?: number;
  pattern?: RegExp;
}

/** A UTF-16 surrogate without its pair: such a string has no UTF-8 form, so storage could not keep it as sent. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function expectString(value: unknown, path: string, rules: StringRules = {}): string {
  if (typeof value !== "string") invalid(path, "expected a string");
  const { minLength = 1, maxLength = 256, pattern } = rules;
  if (value.length < minLength) invalid(path, `expected at least ${minLength} character(s)`);
  if (value.length > maxLength) invalid(path, `expected at most ${maxLength} characters`);
  if (pattern && !pattern.test(value)) invalid(path, `does not match ${pattern.source}`);
  if (LONE_SURROGATE.test(value)) invalid(path, "contains an unpaired surrogate (not valid Unicode)");
  return value;
}

export function optionalString(value: unknown, path: string, rules?: StringRules): string | undefined {
  return value === undefined ? undefined : expectString(value, path, rules);
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") invalid(path, "expected a boolean");
  return value;
}

export function expectArray(value: unknown, path: string, maxItems: number, minItems = 0): unknown[] {
  if (!Array.isArray(value)) invalid(path, "expected an array");
  if (value.length < minItems) invalid(path, `expected at least ${minItems} item(s)`);
  if (value.length > maxItems) invalid(path, `expected at most ${maxItems} items`);
  return value;
}

export function expectStringArray(value: unknown, path: string, maxItems: number, rules?: StringRules): string[] {
  return expectArray(value, path, maxItems).map((item, i) => expectString(item, `${path}[${i}]`, rules));
}

export function expectOneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    invalid(path, `expected one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** How deep a JSON value may nest: client bodies and snapshot lines, and catalogs (whose rules nest). */
export const JSON_DEPTH = { body: 32, catalog: 64 } as const;

/**
 * Refuses a parsed JSON value nested deeper than `maxDepth` (400 `too_deep` at the first path that
 * is), walking it without recursion: a deep value must not reach anything that recurses (RPC
 * serialisation, rules, templates).
 */
export function checkDepth(value: unknown, maxDepth: number, path = "$"): void {
  const stack: [unknown, number, string][] = [[value, 0, path]];
  while (stack.length > 0) {
    const [node, depth, at] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    if (depth >= maxDepth) throw new Refusal("invalid", "too_deep", `nested deeper than ${maxDepth} levels`, at);
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, depth + 1, `${at}[${i}]`]));
    else for (const key of Object.keys(node)) stack.push([(node as JsonObject)[key], depth + 1, `${at}.${key}`]);
  }
}

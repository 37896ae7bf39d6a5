/**
 * The matchers of AEP `matcher` conditions (`eq ne gt ge lt le co nc sw ew ex nx`) with the Android
 * SDK's semantics: the event value is first converted to the JSON type of each value of the condition
 * (string, 32-bit integer, double, boolean; other values compare raw), string matchers are
 * case-insensitive, and a missing value fails every binary matcher (`ne` and `nc` included).
 */
import { toBool, toDouble, toInt, toStringValue, type Transform } from "./transforms.ts";
import { equalsIgnoreCase, javaNumber } from "./values.ts";

/** The matcher codes of AEP rulesets. */
export const MATCHERS: ReadonlySet<string> = new Set(["eq", "ne", "gt", "ge", "lt", "le", "co", "nc", "sw", "ew", "ex", "nx"]);

/** Matchers whose several values must all hold (AND); the others need one (OR). */
export const NEGATIVE_MATCHERS: ReadonlySet<string> = new Set(["ne", "nc"]);

/** How a value of the event is brought to the type of a condition value before comparing. */
export interface Coercion {
  readonly convert: Transform;
  /** The converted value has the expected type (the SDK's class cast); otherwise the matcher fails. */
  readonly accepts: (value: unknown) => boolean;
}

const isString = (value: unknown): boolean => typeof value === "string";
const isNumber = (value: unknown): boolean => typeof value === "number";
const RAW: Coercion = { convert: (value) => value, accepts: () => true };

/** The coercion for a condition value: by its JSON type (integers within 32 bits count as `int`). */
export function coercionFor(value: unknown): Coercion {
  if (typeof value === "string") return { convert: toStringValue, accepts: isString };
  if (typeof value === "boolean") return { convert: toBool, accepts: (v) => typeof v === "boolean" };
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) return { convert: toInt, accepts: isNumber };
    if (!Number.isInteger(value)) return { convert: toDouble, accepts: isNumber };
  }
  return RAW;
}

/** JVM `equals` of two resolved values (numbers as boxed doubles: NaN equals NaN, 0 differs from -0). */
function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Object.is(a, b);
  return (typeof a === "string" || typeof a === "boolean") && a === b;
}

/** Java's `.` does not match line terminators, so `matches("prefix.*")` fails on text that has one after the prefix. */
const LINE_TERMINATOR = /[\n\r\u0085\u2028\u2029]/;

/** ASCII-only case folding (Java's `(?i)` without `UNICODE_CASE`). */
const asciiLower = (text: string): string => text.replace(/[A-Z]/g, (c) => c.toLowerCase());

function startsWith(lhs: string, rhs: string, insensitive: boolean): boolean {
  const head = lhs.slice(0, rhs.length);
  const same = insensitive ? asciiLower(head) === asciiLower(rhs) : head === rhs;
  return lhs.length >= rhs.length && same && !LINE_TERMINATOR.test(lhs.slice(rhs.length));
}

function endsWith(lhs: string, rhs: string, insensitive: boolean): boolean {
  const cut = lhs.length - rhs.length;
  if (cut < 0) return false;
  const tail = lhs.slice(cut);
  const same = insensitive ? asciiLower(tail) === asciiLower(rhs) : tail === rhs;
  return same && !LINE_TERMINATOR.test(lhs.slice(0, cut));
}

function contains(lhs: unknown, rhs: unknown, insensitive: boolean): boolean {
  if (typeof lhs !== "string" || typeof rhs !== "string") return false;
  return insensitive ? lhs.toLowerCase().includes(rhs.toLowerCase()) : lhs.includes(rhs);
}

function equals(lhs: unknown, rhs: unknown, insensitive: boolean): boolean {
  if (insensitive && typeof lhs === "string" && typeof rhs === "string") return equalsIgnoreCase(lhs, rhs);
  return sameValue(lhs, rhs);
}

function numeric(lhs: unknown, rhs: unknown, test: (a: number, b: number) => boolean): boolean {
  const a = javaNumber(lhs);
  const b = javaNumber(rhs);
  return a !== null && b !== null && test(a, b);
}

/**
 * Compares two resolved, non-null values with a binary matcher. `ex`, `nx` and unknown matchers are
 * false here (they take no value).
 */
export function compare(lhs: unknown, matcher: string, rhs: unknown, insensitive = true): boolean {
  switch (matcher) {
    case "eq":
      return equals(lhs, rhs, insensitive);
    case "ne":
      return !equals(lhs, rhs, insensitive);
    case "gt":
      return numeric(lhs, rhs, (a, b) => a > b);
    case "ge":
      return numeric(lhs, rhs, (a, b) => a >= b);
    case "lt":
      return numeric(lhs, rhs, (a, b) => a < b);
    case "le":
      return numeric(lhs, rhs, (a, b) => a <= b);
    case "co":
      return contains(lhs, rhs, insensitive);
    case "nc":
      return !contains(lhs, rhs, insensitive);
    case "sw":
      return typeof lhs === "string" && typeof rhs === "string" && startsWith(lhs, rhs, insensitive);
    case "ew":
      return typeof lhs === "string" && typeof rhs === "string" && endsWith(lhs, rhs, insensitive);
    default:
      return false;
  }
}

/** A matcher without a value: `ex` (present, not null), `nx` (absent or null); others are false. */
export function compareUnary(matcher: string, value: unknown): boolean {
  if (matcher === "ex") return value !== null && value !== undefined;
  if (matcher === "nx") return value === null || value === undefined;
  return false;
}

/**
 * Matches an event value against one condition value: converted to the value's type first; a value
 * that is missing, or does not convert, fails.
 */
export function matchValue(raw: unknown, matcher: string, value: unknown, insensitive = true): boolean {
  const coercion = coercionFor(value);
  const lhs = coercion.convert(raw);
  if (lhs === null || lhs === undefined || !coercion.accepts(lhs)) return false;
  const rhs = typeof value === "number" ? value + 0 : value;
  return compare(lhs, matcher, rhs, insensitive);
}

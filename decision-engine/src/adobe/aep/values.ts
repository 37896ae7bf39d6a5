/**
 * Value conversions as the AEP Android SDK performs them (JVM semantics): `toString`, number parsing,
 * case-insensitive comparison and URL encoding. Kept apart so matchers and tokens share one definition.
 */
import { isRecord } from "./types.ts";

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

/** JVM `Double.toString`: plain between 1e-3 and 1e7, otherwise `d.dddE±n`; always a fraction part. */
function doubleString(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (!Number.isFinite(n)) return n > 0 ? "Infinity" : "-Infinity";
  const abs = Math.abs(n);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const text = String(n);
    return text.includes(".") ? text : `${text}.0`;
  }
  const [mantissa = "0", exponent = "0"] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * `Object.toString()` of a JSON value on the JVM: integral numbers without a fraction (JSON integers
 * are `Integer`/`Long` there), other numbers as `Double`, maps as `{k=v, …}`, lists as `[a, b]`.
 * `null` gives `"null"` (callers that treat null apart check it first).
 */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : doubleString(value);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return `[${value.map(javaString).join(", ")}]`;
  if (isRecord(value)) return `{${Object.keys(value).map((key) => `${key}=${javaString(value[key])}`).join(", ")}}`;
  return String(value);
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** JVM `Double.valueOf(string)` (decimal forms; surrounding control/space characters trimmed), or null. */
export function parseJavaDouble(text: string): number | null {
  const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");
  if (!JAVA_DOUBLE.test(trimmed)) return null;
  const body = trimmed.replace(/[fFdD]$/, "");
  return body.endsWith("NaN") ? Number.NaN : Number(body);
}

/** Kotlin `String.toIntOrNull()`: optional sign and decimal digits within 32 bits, or null. */
export function parseJavaInt(text: string): number | null {
  if (!/^[+-]?\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= INT_MIN && n <= INT_MAX ? n + 0 : null;
}

/** Kotlin `Number.toInt()` of a double: truncation, saturating at the 32-bit bounds, NaN to 0. */
export function toJavaInt(n: number): number {
  if (Number.isNaN(n)) return 0;
  return Math.min(INT_MAX, Math.max(INT_MIN, Math.trunc(n))) + 0;
}

/** JVM `Double.valueOf(value.toString())`, or null when it does not parse. */
export function javaNumber(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (value === null || value === undefined) return null;
  return parseJavaDouble(javaString(value));
}

/** JVM `String.equalsIgnoreCase`: equal lengths, each UTF-16 unit equal after upper- or lower-casing. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? "";
    const y = b[i] ?? "";
    if (x === y) continue;
    const ux = x.toUpperCase();
    const uy = y.toUpperCase();
    if (ux === uy) continue;
    if (ux.toLowerCase() !== uy.toLowerCase()) return false;
  }
  return true;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The SDK's `urlenc`: UTF-8 percent-encoding of everything except `A–Z a–z 0–9 - . _ ~`, upper-case hex
 * (unpaired surrogates become `?`, as the JVM's UTF-8 encoder does).
 */
export function urlEncode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, "?")).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

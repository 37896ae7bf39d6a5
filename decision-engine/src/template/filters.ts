import { parseInstant } from "../time/instant.ts";
import { cutCharacters, dateFormat, type IntlDateStyle, numberFormat } from "./intl.ts";
import type { FilterArg } from "./parse.ts";

/** What a filter may need from the render call: the resolved locale and time zone (computed lazily). */
export interface RenderScope {
  readonly locale: string;
  readonly timeZone: string;
}

/** A compiled filter with its arguments bound. Never throws. */
export type FilterFn = (value: unknown, scope: RenderScope) => unknown;

/** Reports a compile error for the filter (no index) or one of its arguments. */
export type FilterFail = (message: string, argIndex?: number) => never;

interface FilterSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** Validates the arguments at compile time and binds them. */
  readonly create: (args: readonly FilterArg[], fail: FilterFail) => FilterFn;
}

/**
 * How a value is inserted: strings as they are, finite and non-finite numbers and bigints via
 * `String()`, booleans as `"true"`/`"false"`; null, undefined, objects, arrays, functions and
 * symbols as `""` (so data structures never leak into markup).
 */
export function toText(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return "";
  }
}

const NUMERIC_STRING = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** A finite number from a number, a bigint or a decimal numeric string; otherwise undefined. */
function toFiniteNumber(value: unknown): number | undefined {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "bigint") n = Number(value);
  else if (typeof value === "string" && NUMERIC_STRING.test(value)) n = Number(value);
  else return undefined;
  return Number.isFinite(n) ? n : undefined;
}

/** Avoids "-0" / "-0,00" for values that display as zero. */
function withoutNegativeZero(n: number, decimals: number): number {
  return Math.abs(n) < 0.5 * 10 ** -decimals ? 0 : n;
}


const MAX_TIME = 8.64e15;

/** Epoch ms from epoch ms (number), an ISO-8601 string or a Date; otherwise undefined. */
function toTime(value: unknown): number | undefined {
  let t: number | undefined;
  if (typeof value === "number") t = value;
  else if (typeof value === "string") t = parseInstant(value) ?? undefined;
  else if (value instanceof Date) t = value.getTime();
  return t !== undefined && Number.isFinite(t) && Math.abs(t) <= MAX_TIME ? t : undefined;
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function expectString(args: readonly FilterArg[], index: number, fail: FilterFail, what: string): string {
  const arg = args[index];
  if (typeof arg !== "string") return fail(`${what} must be a quoted string`, index);
  return arg;
}

function expectInteger(
  args: readonly FilterArg[],
  index: number,
  fail: FilterFail,
  what: string,
  min: number,
  max: number,
): number {
  const arg = args[index];
  if (typeof arg !== "number" || !Number.isInteger(arg) || arg < min || arg > max) {
    return fail(`${what} must be an integer from ${min} to ${max}`, index);
  }
  return arg;
}

function textFilter(transform: (text: string, scope: RenderScope) => string): FilterSpec {
  return { minArgs: 0, maxArgs: 0, create: () => (value, scope) => transform(toText(value), scope) };
}

const DATE_STYLES: ReadonlySet<string> = new Set(["short", "medium", "long", "iso"]);

const FILTERS: Readonly<Record<string, FilterSpec>> = {
  default: {
    minArgs: 1,
    maxArgs: 1,
    create: (args) => {
      const fallback = args[0];
      return (value) => (isMissing(value) ? fallback : value);
    },
  },
  upper: textFilter((text, scope) => (text === "" ? text : text.toLocaleUpperCase(scope.locale))),
  lower: textFilter((text, scope) => (text === "" ? text : text.toLocaleLowerCase(scope.locale))),
  capitalize: textFilter((text, scope) => {
    const first = text.codePointAt(0);
    if (first === undefined) return text;
    const head = String.fromCodePoint(first);
    return head.toLocaleUpperCase(scope.locale) + text.slice(head.length);
  }),
  trim: textFilter((text) => text.trim()),
  truncate: {
    minArgs: 1,
    maxArgs: 1,
    create: (args, fail) => {
      const limit = expectInteger(args, 0, fail, "truncate length", 0, 1_000_000);
      return (value) => {
        const text = toText(value);
        const head = cutCharacters(text, limit);
        return head === undefined ? text : `${head.trimEnd()}…`;
      };
    },
  },
  number: {
    minArgs: 0,
    maxArgs: 1,
    create: (args, fail) => {
      const decimals = args.length > 0 ? expectInteger(args, 0, fail, "number of decimals", 0, 20) : undefined;
      return (value, scope) => {
        const n = toFiniteNumber(value);
        if (n === undefined) return "";
        return numberFormat(scope.locale, decimals, undefined).format(withoutNegativeZero(n, decimals ?? 3));
      };
    },
  },
  currency: {
    minArgs: 1,
    maxArgs: 1,
    create: (args, fail) => {
      const code = expectString(args, 0, fail, "currency code");
      if (!/^[A-Za-z]{3}$/.test(code)) fail(`currency code must be three letters (ISO 4217), got ${JSON.stringify(code)}`, 0);
      const currency = code.toUpperCase();
      return (value, scope) => {
        const n = toFiniteNumber(value);
        if (n === undefined) return "";
        const format = numberFormat(scope.locale, undefined, currency);
        return format.format(withoutNegativeZero(n, format.resolvedOptions().maximumFractionDigits ?? 2));
      };
    },
  },
  date: {
    minArgs: 0,
    maxArgs: 1,
    create: (args, fail) => {
      const style = args.length > 0 ? expectString(args, 0, fail, "date style") : "medium";
      if (!DATE_STYLES.has(style)) {
        fail(`date style must be "short", "medium", "long" or "iso", got ${JSON.stringify(style)}`, 0);
      }
      return (value, scope) => {
        const time = toTime(value);
        if (time === undefined) return "";
        if (style === "iso") return new Date(time).toISOString();
        return dateFormat(scope.locale, style as IntlDateStyle, scope.timeZone).format(time);
      };
    },
  },
  json: {
    minArgs: 0,
    maxArgs: 0,
    create: () => (value) => {
      try {
        return JSON.stringify(value) ?? "";
      } catch {
        return ""; // bigint, cycles, throwing toJSON
      }
    },
  },
};

/**
 * Names of the supported filters.
 *
 * @example
 * FILTER_NAMES.includes("currency"); // → true
 */
export const FILTER_NAMES: readonly string[] = Object.freeze(Object.keys(FILTERS));

/**
 * Compiles one filter call. `fail` throws the compile error (unknown filter, wrong number or kind
 * of arguments) at the right offset.
 */
export function createFilter(name: string, args: readonly FilterArg[], fail: FilterFail): FilterFn {
  const spec = Object.prototype.hasOwnProperty.call(FILTERS, name) ? FILTERS[name] : undefined;
  if (spec === undefined) return fail(`unknown filter "${name}"`);
  if (args.length < spec.minArgs || args.length > spec.maxArgs) {
    const expected =
      spec.minArgs === spec.maxArgs
        ? `${spec.minArgs} argument${spec.minArgs === 1 ? "" : "s"}`
        : `${spec.minArgs} to ${spec.maxArgs} arguments`;
    return fail(`filter "${name}" takes ${expected}, got ${args.length}`, args.length > spec.maxArgs ? spec.maxArgs : undefined);
  }
  return spec.create(args, fail);
}

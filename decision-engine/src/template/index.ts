/**
 * Content templating: `{{ path | filter: arg }}` in offer content and messages, compiled once into
 * closures (no eval), rendered with HTML escaping decided by the placement format.
 *
 * Grammar: `{{ path (| filter (: arg (, arg)*)?)* }}`. A path is `key(.key)*`, read through own
 * data properties only (no prototype, no getters; `items.0.name` indexes arrays). An argument is a
 * number or a `"…"` / `'…'` string (no escapes; a string may not contain `}}`). Missing values,
 * null, objects and arrays render as `""`.
 *
 * Filters: `default: x` (for undefined, null, ""), `upper`, `lower`, `number` / `number: 0‥20`
 * (decimals; numbers only), `date` / `date: "short" | "medium" | "long" | "iso"` (epoch ms or an
 * ISO-8601 string, via `parseInstant`). Intl output uses `context.locale` (else "en") and, for
 * dates, `context.timeZone` (else UTC). Compile errors name the offset of the problem: the `{{` of
 * an unterminated expression, the `|` of an unknown or misused filter, the unexpected token.
 *
 * @example
 * import { compileContent } from "./template/index.ts";
 * const render = compileContent({ html: "<h2>Olá {{ profile.firstName | default: \"cliente\" }}</h2>" });
 * render({ profile: { firstName: "Ana" } }, { escape: true }); // → { html: "<h2>Olá Ana</h2>" }
 */
import { parseInstant } from "../time/instant.ts";

/**
 * Options of one render call.
 *
 * @example
 * const options: RenderOptions = { escape: placement.format === "html" };
 */
export interface RenderOptions {
  /**
   * HTML-escape every inserted value (after its filters): `& < > " '` and the backtick. Literal
   * template text is never altered. A missing options object escapes (the safe default).
   */
  escape: boolean;
}

/**
 * A compiled content value: returns a structure of the same shape with every template string
 * rendered (a fresh JSON copy of the content; content without templates is returned as is, so
 * treat the result as read-only). Never throws.
 *
 * @example
 * const render: ContentTemplate<{ title: string }> = compileContent({ title: "Hi {{ profile.name }}" });
 * render({ profile: { name: "Ana" } }, { escape: false }).title; // → "Hi Ana"
 */
export type ContentTemplate<T = unknown> = (data: unknown, options: RenderOptions) => T;

/**
 * One template problem: where (JSON path relative to the content) and what (with the character
 * offset inside that string).
 *
 * @example
 * const entry: TemplateErrorEntry = { path: ".buttons[0].label", message: 'unterminated "{{" at offset 3' };
 */
export interface TemplateErrorEntry {
  /** JSON path relative to the content, e.g. `.html` or `.buttons[0].label`; `""` for the content itself. */
  path: string;
  /** What is wrong and where, e.g. `unknown filter "uper" at offset 13`. */
  message: string;
}

/**
 * Every template error found in one content value, thrown once by `compileContent`; its message is
 * the JSON of `errors`.
 *
 * @example
 * try { compileContent({ html: "{{ a | uper }}", buttons: [{ label: "{{" }] }); }
 * catch (e) { if (e instanceof TemplateErrors) e.errors.map((x) => x.path); } // → [".html", ".buttons[0].label"]
 */
export class TemplateErrors extends Error {
  declare errors: TemplateErrorEntry[];
  constructor(errors: TemplateErrorEntry[]) {
    super(JSON.stringify(errors));
    this.errors = errors;
  }
}

type Fn = (value: unknown) => unknown;
type Arg = string | number;

/** The data of the render in progress (rendering is synchronous), read by expressions. */
let data: unknown;

/** Reads a dotted path through own data properties (no prototype, no getters); else undefined. */
const get = (path: string): unknown =>
  path.split(".").reduce<unknown>((v, k) => Object.getOwnPropertyDescriptor(Object(v), k)?.value, data);

/** Strings, numbers and booleans as text; anything else as "". */
const text = (v: unknown): string => (v === Object(v) ? "" : `${(v ?? "") as string}`);

const cache: Record<string, Intl.NumberFormat | Intl.DateTimeFormat> = {};

/**
 * Formats `v` with a cached Intl formatter in `context.locale` (else "en") and `context.timeZone`
 * (else "UTC"), trying (locale, zone), (locale, UTC), then (en, UTC). The locale list ends in
 * "en" so that a well-formed but unsupported locale never falls to the host's default.
 */
const intl = (C: "NumberFormat" | "DateTimeFormat", o: object, v: number) => {
  const l = get("context.locale");
  const z = get("context.timeZone") as string;
  const k = JSON.stringify([l, z, o]);
  for (const L of [[l, "en"], "en"])
    for (const timeZone of [z ?? "UTC", "UTC"])
      try {
        cache[k] ??= new (Intl[C] as typeof Intl.DateTimeFormat)(L as string[], { ...o, timeZone });
      } catch {}
  return cache[k]!.format(v);
};

/** Throws a compile error (a string, caught by `compileContent`). */
const fail = (m: string, n: number): never => {
  throw `${m} at offset ${n}`;
};

/** Filter table: arguments in, the filter out (or false when the arguments are wrong). */
const filters: Record<string, (a: Arg[]) => Fn | false> = {
  // @ts-expect-error: a null prototype, so that `toString` & co. are unknown filters
  __proto__: null,
  default: (a) => a.length == 1 && ((v) => ((v ?? "") === "" ? a[0] : v)),
  upper: (a) => !a.length && ((v) => text(v).toUpperCase()),
  lower: (a) => !a.length && ((v) => text(v).toLowerCase()),
  number: (a, n = a[0]) =>
    /^(1?\d|20)?$/.test(a.join()) &&
    ((v) => (v === +(v as number) ? intl("NumberFormat", { minimumFractionDigits: n, maximumFractionDigits: n }, v as number) : "")),
  date: (a, s = a[0] ?? "medium") =>
    /^(short|medium|long|iso)?$/.test(a.join()) &&
    ((v) =>
      (v = parseInstant(v) ?? v) === +(v as number)
        ? s == "iso"
          ? new Date(v as number).toISOString() // throws out of range: rendered as ""
          : intl("DateTimeFormat", { dateStyle: s }, v as number)
        : ""),
};

/** Compiles the body `e` of one `{{ … }}`, found at offset `b`; returns its renderer. */
const expression = (e: string, b: number) => {
  let path: string | undefined;
  let call: [string, number, Arg[]] | undefined;
  const calls: [string, number, Arg[]][] = [];
  // Tokens: "string" or 'string' | "|" with a filter name | a word (the path, or a number) | any
  // other character but ":", "," and spaces (an error).
  e.replace(/(["'])([^]*?)\1|\|\s*(\w*)|([^\s"'|:,{}]+)|[^\s:,]/g, ((m: string, q?: string, s?: string, n?: string, w?: string, o?: number) => {
    o! += b;
    if (n != null) calls.push((call = [n, o!, []]));
    else if (call && (q || isFinite(w as never))) call[2].push(q ? s! : +w!);
    else if (w && !path) path = w;
    else fail(`unexpected "${m}"`, o!);
  }) as never);
  const fns = calls.map(([n, o, a]) => (filters[n] ?? fail(`unknown filter "${n}"`, o))(a) || fail(`bad arguments for "${n}"`, o));
  const p = path ?? fail("missing path", b);
  return () => {
    try {
      return text(fns.reduce((v, f) => f(v), get(p)));
    } catch {
      return ""; // hostile data (proxies, symbols) or an out-of-range date must not break a decision
    }
  };
};

/**
 * Compiles every template string (any string containing `{{`) inside a JSON content value, such as
 * an offer's `content` or a `message` with nested `buttons`; a template string is itself a content
 * value. All compile errors (unknown filter, bad arguments, unterminated `{{`, syntax) are thrown
 * together as one `TemplateErrors`, each with its path relative to the content (`.html`,
 * `.buttons[0].label`; `""` for the content itself) and the character offset in that string.
 * Content that is not JSON (a cycle, a bigint) throws JSON.stringify's TypeError. Content without
 * any template renders as the very same value; otherwise each render returns a fresh JSON copy.
 *
 * @example
 * const render = compileContent({ title: "Oi {{ profile.name | default: 'você' }}", buttons: [{ label: "Shop" }] });
 * render({ profile: { name: "Ana" } }, { escape: false });
 * // → { title: "Oi Ana", buttons: [{ label: "Shop" }] }
 * compileContent("{{ n | number: 2 }}")({ n: 1200.5, context: { locale: "pt-BR" } }, { escape: true }); // → "1.200,50"
 */
export function compileContent<T = unknown>(content: T): ContentTemplate<T> {
  const errors: TemplateErrorEntry[] = [];
  const fns: (() => string)[] = [];
  const paths = new Map<unknown, string>();
  const each = /{{([^]*?)}}|{{/g;
  // The replacer sees each value with its holder (`this`) and key, in the order of the JSON text:
  // it tracks paths and compiles the expressions of the strings in that order, so that rendering
  // (a reviver: the same order) replaces the n-th `{{ … }}` with the n-th expression.
  const json = JSON.stringify(content, function (this: unknown, k, v: unknown) {
    const path = paths.size ? paths.get(this) + (Array.isArray(this) ? `[${k}]` : `.${k}`) : "";
    paths.set(v, path);
    try {
      if (typeof v == "string")
        v.replace(each, ((_: string, e: string | undefined, o: number) =>
          fns.push(e == null ? fail('unterminated "{{"', o) : expression(e, o + 2))) as never);
    } catch (message) {
      errors.push({ path, message: message as string });
    }
    return v;
  });
  if (errors[0]) throw new TemplateErrors(errors);
  return (
    fns[0]
      ? (d, o, i = 0) => (
          (data = d),
          JSON.parse(json, (_, v: unknown) =>
            typeof v == "string"
              ? v.replace(each, () => {
                  const s = fns[i++]!();
                  return o?.escape === false
                    ? s
                    : s
                        .replace(/&/g, "&amp;")
                        .replace(/</g, "&lt;")
                        .replace(/>/g, "&gt;")
                        .replace(/"/g, "&quot;")
                        .replace(/'/g, "&#39;")
                        .replace(/`/g, "&#96;");
                })
              : v,
          )
        )
      : () => content
  ) as ContentTemplate<T>;
}

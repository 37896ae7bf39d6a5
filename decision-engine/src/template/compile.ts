import { escapeHtml } from "./escape.ts";
import { TemplateError } from "./errors.ts";
import { createFilter, type FilterFn, type RenderScope, toText } from "./filters.ts";
import { resolveLocale, resolveTimeZone } from "./intl.ts";
import { type ExpressionNode, parseTemplate } from "./parse.ts";

/**
 * Options of one render call.
 *
 * @example
 * const options: RenderOptions = { escape: placement.format === "html" };
 */
export interface RenderOptions {
  /**
   * HTML-escape every inserted value (after its filters). Decided by the placement's format, never
   * by the template author. Literal template text is never altered. A missing options object
   * escapes (the safe default).
   */
  escape: boolean;
}

/**
 * A compiled template. `data` is the evaluation context (`profile`, `context`, `event`, `now`, …);
 * `data.context.locale` and `data.context.timeZone` drive the `number`, `currency`, `date`,
 * `upper`, `lower` and `capitalize` filters. Never throws.
 *
 * @example
 * const t: Template = compileTemplate("{{ profile.ltv | number: 2 }}");
 * t({ profile: { ltv: 1200.5 }, context: { locale: "pt-BR" } }, { escape: true }); // → "1.200,50"
 */
export type Template = (data: unknown, options: RenderOptions) => string;

/**
 * Reads `data.a.b.c` through own data properties only: inherited members (`toString`, `__proto__`,
 * `constructor`), getters and anything below a primitive read as `undefined`.
 *
 * @example
 * readPath({ items: [{ name: "Hat" }] }, ["items", "0", "name"]); // → "Hat"
 * readPath({}, ["toString"]);                                      // → undefined
 */
export function readPath(data: unknown, path: readonly string[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    const descriptor = Object.getOwnPropertyDescriptor(current, key);
    if (descriptor === undefined || !("value" in descriptor)) return undefined;
    current = descriptor.value;
  }
  return current;
}

const LOCALE_PATH = ["context", "locale"] as const;
const TIME_ZONE_PATH = ["context", "timeZone"] as const;

/** Resolves locale and time zone at most once per render, and only if a filter asks. */
class LazyScope implements RenderScope {
  private cachedLocale: string | undefined;
  private cachedTimeZone: string | undefined;
  constructor(private readonly data: unknown) {}
  get locale(): string {
    return (this.cachedLocale ??= resolveLocale(readPath(this.data, LOCALE_PATH)));
  }
  get timeZone(): string {
    return (this.cachedTimeZone ??= resolveTimeZone(readPath(this.data, TIME_ZONE_PATH)));
  }
}

type CompiledExpression = (data: unknown, scope: RenderScope) => string;

function compileExpression(node: ExpressionNode): CompiledExpression {
  const filters: FilterFn[] = node.filters.map((call) =>
    createFilter(call.name, call.args, (message, argIndex) => {
      const offset = argIndex === undefined ? call.offset : (call.argOffsets[argIndex] ?? call.offset);
      throw new TemplateError(message, offset);
    }),
  );
  const { path } = node;
  return (data, scope) => {
    try {
      let value = readPath(data, path);
      for (const filter of filters) value = filter(value, scope);
      return toText(value);
    } catch {
      return ""; // exotic data (proxies, host objects) must not break a decision
    }
  };
}

/**
 * Compiles a content template once; rendering is a walk over pre-parsed parts (no eval, no
 * generated source). Expressions are `{{ path | filter: arg, arg | filter }}` with dotted paths
 * (`profile.firstName`, `items.0.name`) read from own properties only. Missing values, objects and
 * arrays render as `""`. Filters: `default`, `upper`, `lower`, `capitalize`, `trim`, `truncate`,
 * `number`, `currency`, `date`, `json`. Throws `TemplateError` (with `offset`) for unknown filters,
 * bad arguments, an unterminated `{{`, an empty expression or a forbidden path segment.
 *
 * @example
 * const t = compileTemplate('<h2>Olá {{ profile.firstName | default: "cliente" }}</h2>');
 * t({ profile: { firstName: "Ana & Bia" } }, { escape: true }); // → "<h2>Olá Ana &amp; Bia</h2>"
 * t({}, { escape: true });                                      // → "<h2>Olá cliente</h2>"
 */
export function compileTemplate(source: string): Template {
  if (typeof source !== "string") throw new TemplateError("template must be a string", 0);
  const parts: (string | CompiledExpression)[] = [];
  for (const part of parseTemplate(source)) parts.push(typeof part === "string" ? part : compileExpression(part));
  if (parts.length === 0) return () => "";
  const only = parts[0];
  if (parts.length === 1 && typeof only === "string") return () => only;
  return (data, options) => {
    const escape = options?.escape !== false;
    const scope = new LazyScope(data);
    let out = "";
    for (const part of parts) {
      if (typeof part === "string") out += part;
      else {
        const text = part(data, scope);
        out += escape ? escapeHtml(text) : text;
      }
    }
    return out;
  };
}

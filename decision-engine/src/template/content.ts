import { compileTemplate, type RenderOptions } from "./compile.ts";
import { TemplateError, type TemplateErrorEntry, TemplateErrors } from "./errors.ts";

/**
 * A compiled content value. Returns a structure of the same shape with every template string
 * rendered. Parts without templates are shared with the source, not copied (a content value
 * without any template is returned as the very same object), so treat the result as read-only.
 * Never throws.
 *
 * @example
 * const render: ContentTemplate<{ title: string }> = compileContent({ title: "Hi {{ profile.name }}" });
 * render({ profile: { name: "Ana" } }, { escape: false }).title; // → "Hi Ana"
 */
export type ContentTemplate<T = unknown> = (data: unknown, options: RenderOptions) => T;

type Renderer = (data: unknown, options: RenderOptions) => unknown;

const MAX_DEPTH = 64;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function keyPath(parent: string, key: string): string {
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

class ContentCompiler {
  readonly errors: TemplateErrorEntry[] = [];
  private readonly ancestors = new Set<object>();

  /** A renderer for `value`, or `null` when it contains no template (render = the value itself). */
  compile(value: unknown, path: string, depth: number): Renderer | null {
    if (typeof value === "string") return this.compileString(value, path);
    if (value === null || typeof value !== "object") return null;
    if (this.ancestors.has(value)) {
      this.errors.push({ path, message: "circular reference", offset: -1 });
      return null;
    }
    if (depth > MAX_DEPTH) {
      this.errors.push({ path, message: `content nested deeper than ${MAX_DEPTH} levels`, offset: -1 });
      return null;
    }
    this.ancestors.add(value);
    try {
      return Array.isArray(value) ? this.compileArray(value, path, depth) : this.compileObject(value, path, depth);
    } finally {
      this.ancestors.delete(value);
    }
  }

  private compileString(value: string, path: string): Renderer | null {
    if (!value.includes("{{")) return null;
    try {
      return compileTemplate(value);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      this.errors.push({ path, message: error.message, offset: error.offset });
      return null;
    }
  }

  private compileArray(value: readonly unknown[], path: string, depth: number): Renderer | null {
    const indexes: number[] = [];
    const renderers: Renderer[] = [];
    for (let i = 0; i < value.length; i++) {
      const renderer = this.compile(value[i], `${path}[${i}]`, depth + 1);
      if (renderer !== null) {
        indexes.push(i);
        renderers.push(renderer);
      }
    }
    if (renderers.length === 0) return null;
    return (data, options) => {
      const out = value.slice();
      for (let j = 0; j < renderers.length; j++) out[indexes[j] as number] = (renderers[j] as Renderer)(data, options);
      return out;
    };
  }

  private compileObject(value: object, path: string, depth: number): Renderer | null {
    const keys: string[] = [];
    const renderers: Renderer[] = [];
    for (const key of Object.keys(value)) {
      const renderer = this.compile((value as Record<string, unknown>)[key], keyPath(path, key), depth + 1);
      if (renderer !== null) {
        keys.push(key);
        renderers.push(renderer);
      }
    }
    if (renderers.length === 0) return null;
    return (data, options) => {
      const out: Record<string, unknown> = { ...value };
      for (let j = 0; j < renderers.length; j++) {
        // defineProperty, not assignment: a "__proto__" key must stay a plain own property.
        Object.defineProperty(out, keys[j] as string, {
          value: (renderers[j] as Renderer)(data, options),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    };
  }
}

/**
 * Compiles every template string (any string containing `{{`) inside a JSON content value, such as
 * an offer's `content` or a `message` with nested `buttons`. All compile errors are collected and
 * thrown together as one `TemplateErrors`, each with its JSON path relative to the content
 * (`.html`, `.buttons[0].label`; `""` when the content itself is a template string).
 *
 * @example
 * const render = compileContent({ title: "Oi {{ profile.name | default: 'você' }}", buttons: [{ label: "Shop" }] });
 * render({ profile: { name: "Ana" } }, { escape: false });
 * // → { title: "Oi Ana", buttons: [{ label: "Shop" }] }   (buttons is the source array, not a copy)
 * const same = { body: "no templates" };
 * compileContent(same)({}, { escape: true }) === same;     // → true
 */
export function compileContent<T = unknown>(content: T): ContentTemplate<T> {
  const compiler = new ContentCompiler();
  const renderer = compiler.compile(content, "", 0);
  if (compiler.errors.length > 0) throw new TemplateErrors(compiler.errors);
  if (renderer === null) return () => content;
  return renderer as ContentTemplate<T>;
}

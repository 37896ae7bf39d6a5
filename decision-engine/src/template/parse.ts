import { TemplateError } from "./errors.ts";

/** A literal filter argument: a quoted string or a number. */
export type FilterArg = string | number;

/** One filter call in an expression, with source offsets for error reporting. */
export interface FilterCall {
  readonly name: string;
  readonly offset: number;
  readonly args: readonly FilterArg[];
  readonly argOffsets: readonly number[];
}

/** A `{{ path | filter: args }}` expression. */
export interface ExpressionNode {
  /** Offset of the opening `{{`. */
  readonly offset: number;
  readonly path: readonly string[];
  readonly filters: readonly FilterCall[];
}

/** A parsed template: literal strings and expressions, in order. */
export type TemplatePart = string | ExpressionNode;

/** Path segments that are never read: they lead to prototypes, not data. */
const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

const SEGMENT_CHAR = /[\p{L}\p{N}_$-]/u;
const FILTER_NAME_START = /[A-Za-z_]/;
const FILTER_NAME_CHAR = /[A-Za-z0-9_]/;
const NUMBER_LITERAL = /-?\d+(?:\.\d+)?/y;
const WHITESPACE = /\s/;

const ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", r: "\r" };

/**
 * Parses a template source into literal and expression parts, in source order, lazily (so that a
 * consumer that validates each part reports the first error in the source). Throws `TemplateError`.
 * Grammar: `{{ path (| name (: arg (, arg)*)?)* }}`, path = segment(.segment)*,
 * arg = "string" | 'string' | number.
 */
export function* parseTemplate(source: string): Generator<TemplatePart, void, undefined> {
  let pos = 0;
  for (;;) {
    const open = source.indexOf("{{", pos);
    if (open < 0) {
      if (pos < source.length) yield source.slice(pos);
      return;
    }
    if (open > pos) yield source.slice(pos, open);
    const parser = new ExpressionParser(source, open);
    yield parser.parse();
    pos = parser.pos;
  }
}

class ExpressionParser {
  pos: number;
  constructor(
    private readonly src: string,
    private readonly open: number,
  ) {
    this.pos = open + 2;
  }

  parse(): ExpressionNode {
    const { src, open } = this;
    if (src[this.pos] === "{") {
      throw new TemplateError(
        'triple braces "{{{" are not supported: escaping is decided by the placement format',
        open,
      );
    }
    this.skipWhitespace();
    if (this.atClose()) throw new TemplateError("empty expression", open);
    if (this.pos >= src.length) throw new TemplateError('unterminated "{{"', open);
    const path = this.parsePath();
    const filters: FilterCall[] = [];
    for (;;) {
      this.skipWhitespace();
      if (this.atClose()) {
        this.pos += 2;
        return { offset: open, path, filters };
      }
      if (this.pos >= src.length) throw new TemplateError('unterminated "{{"', open);
      const ch = src[this.pos] as string;
      if (ch === "}" && this.pos + 1 >= src.length) throw new TemplateError('unterminated "{{"', open);
      if (ch !== "|") throw this.unexpected(ch);
      this.pos++;
      this.skipWhitespace();
      filters.push(this.parseFilter());
    }
  }

  private parsePath(): string[] {
    const { src } = this;
    const segments: string[] = [];
    for (;;) {
      const start = this.pos;
      while (this.pos < src.length && SEGMENT_CHAR.test(src[this.pos] as string)) this.pos++;
      if (this.pos === start) {
        if (this.pos >= src.length) throw new TemplateError('unterminated "{{"', this.open);
        const ch = src[this.pos] as string;
        if (segments.length === 0) {
          throw new TemplateError(
            ch === "|" ? "missing path before filter" : `expected a path, found ${describe(ch)}`,
            start,
          );
        }
        throw new TemplateError(`empty path segment after "."`, start);
      }
      const segment = src.slice(start, this.pos);
      if (FORBIDDEN_SEGMENTS.has(segment)) {
        throw new TemplateError(`path segment "${segment}" is not allowed`, start);
      }
      segments.push(segment);
      if (src[this.pos] !== ".") return segments;
      this.pos++;
    }
  }

  private parseFilter(): FilterCall {
    const { src } = this;
    const offset = this.pos;
    if (this.pos >= src.length) throw new TemplateError('unterminated "{{"', this.open);
    if (!FILTER_NAME_START.test(src[this.pos] as string)) {
      throw new TemplateError(
        this.atClose() ? 'missing filter name after "|"' : `expected a filter name, found ${describe(src[this.pos] as string)}`,
        offset,
      );
    }
    while (this.pos < src.length && FILTER_NAME_CHAR.test(src[this.pos] as string)) this.pos++;
    const name = src.slice(offset, this.pos);
    const args: FilterArg[] = [];
    const argOffsets: number[] = [];
    this.skipWhitespace();
    if (src[this.pos] === ":") {
      this.pos++;
      for (;;) {
        this.skipWhitespace();
        argOffsets.push(this.pos);
        args.push(this.parseArg(name));
        this.skipWhitespace();
        if (src[this.pos] !== ",") break;
        this.pos++;
      }
    }
    return { name, offset, args, argOffsets };
  }

  private parseArg(filter: string): FilterArg {
    const { src } = this;
    const start = this.pos;
    const ch = src[start];
    if (ch === '"' || ch === "'") return this.parseString(ch);
    NUMBER_LITERAL.lastIndex = start;
    const m = NUMBER_LITERAL.exec(src);
    if (m && !SEGMENT_CHAR.test(src[NUMBER_LITERAL.lastIndex] ?? " ") && src[NUMBER_LITERAL.lastIndex] !== ".") {
      this.pos = NUMBER_LITERAL.lastIndex;
      return Number(m[0]);
    }
    if (ch === undefined) throw new TemplateError('unterminated "{{"', this.open);
    throw new TemplateError(
      `filter "${filter}" expects a quoted string or number argument, found ${this.atClose() ? "end of expression" : describe(ch)}`,
      start,
    );
  }

  private parseString(quote: string): string {
    const { src } = this;
    const start = this.pos;
    let out = "";
    this.pos++;
    while (this.pos < src.length) {
      const ch = src[this.pos] as string;
      if (ch === quote) {
        this.pos++;
        return out;
      }
      if (ch === "\\" && this.pos + 1 < src.length) {
        const next = src[this.pos + 1] as string;
        out += ESCAPES[next] ?? next;
        this.pos += 2;
        continue;
      }
      out += ch;
      this.pos++;
    }
    throw new TemplateError("unterminated string", start);
  }

  private skipWhitespace(): void {
    const { src } = this;
    while (this.pos < src.length && WHITESPACE.test(src[this.pos] as string)) this.pos++;
  }

  private atClose(): boolean {
    return this.src[this.pos] === "}" && this.src[this.pos + 1] === "}";
  }

  private unexpected(ch: string): TemplateError {
    return new TemplateError(`unexpected ${describe(ch)}, expected "|" or "}}"`, this.pos);
  }
}

function describe(ch: string): string {
  return JSON.stringify(ch);
}

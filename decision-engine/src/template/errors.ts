/**
 * A template that cannot be compiled. `offset` is the character index in the template source
 * where the problem is; `reason` says what is wrong without the position.
 *
 * @example
 * try { compileTemplate("Hi {{ name | uper }}"); }
 * catch (e) { if (e instanceof TemplateError) e.offset; } // → 13, e.reason → 'unknown filter "uper"'
 */
export class TemplateError extends Error {
  override readonly name = "TemplateError";
  /** Character index in the template source. */
  readonly offset: number;
  /** What is wrong, e.g. `unknown filter "uper"` (the message adds the offset). */
  readonly reason: string;
  constructor(reason: string, offset: number) {
    super(`${reason} at offset ${offset}`);
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * One template problem inside a content value: where (JSON path relative to the content) and what.
 *
 * @example
 * const entry: TemplateErrorEntry = { path: ".buttons[0].label", message: 'unterminated "{{" at offset 3', offset: 3 };
 */
export interface TemplateErrorEntry {
  /** JSON path relative to the content, e.g. `.html` or `.buttons[0].label`; `""` for the content itself. */
  path: string;
  /** What is wrong, with the offset inside that string, e.g. `unknown filter "uper" at offset 13`. */
  message: string;
  /** Character index inside the string at `path` (−1 when the problem is not inside a string). */
  offset: number;
}

/**
 * Every template error found in one content value, thrown by `compileContent` once, after the
 * whole value has been checked.
 *
 * @example
 * try { compileContent({ html: "{{ a | uper }}", buttons: [{ label: "{{" }] }); }
 * catch (e) { if (e instanceof TemplateErrors) e.errors.map((x) => x.path); } // → [".html", ".buttons[0].label"]
 */
export class TemplateErrors extends Error {
  override readonly name = "TemplateErrors";
  readonly errors: readonly TemplateErrorEntry[];
  constructor(errors: readonly TemplateErrorEntry[]) {
    const head = errors.slice(0, 5).map((e) => `${e.path || "(content)"}: ${e.message}`).join("; ");
    const more = errors.length > 5 ? `; and ${errors.length - 5} more` : "";
    super(`${errors.length} template error${errors.length === 1 ? "" : "s"}: ${head}${more}`);
    this.errors = errors;
  }
}

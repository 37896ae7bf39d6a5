import { describe, expect, it } from "vitest";
import { compileContent, TemplateErrors } from "../../src/template/index.ts";

/** The one error message of a template string (its offset included). */
function errorOf(source: string): string {
  try {
    compileContent(source);
  } catch (error) {
    if (!(error instanceof TemplateErrors)) throw error;
    expect(error.errors).toHaveLength(1);
    expect(error.errors[0]!.path).toBe("");
    return error.errors[0]!.message;
  }
  throw new Error(`expected a TemplateErrors for ${JSON.stringify(source)}`);
}

describe("compile errors with offsets", () => {
  it("unknown filter, at its |", () => {
    expect(errorOf("Hi {{ name | uper }}")).toBe('unknown filter "uper" at offset 11');
    expect(errorOf("{{a|upper|raw}}")).toBe('unknown filter "raw" at offset 9');
    expect(errorOf("{{a | toString}}")).toBe('unknown filter "toString" at offset 4');
    expect(errorOf("{{a | __proto__}}")).toBe('unknown filter "__proto__" at offset 4');
    expect(errorOf("{{a | capitalize}}")).toBe('unknown filter "capitalize" at offset 4');
    expect(errorOf("{{ a | }}")).toBe('unknown filter "" at offset 5');
    expect(errorOf("{{ a || upper }}")).toBe('unknown filter "" at offset 5');
  });

  it("unterminated {{, at the opening braces", () => {
    expect(errorOf("Hello {{ name")).toBe('unterminated "{{" at offset 6');
    expect(errorOf("Hello {{")).toBe('unterminated "{{" at offset 6');
    expect(errorOf("{{a}} and {{ b | default: 1")).toBe('unterminated "{{" at offset 10');
    expect(errorOf("{{ a }")).toBe('unterminated "{{" at offset 0');
  });

  it("bad arguments, at the filter", () => {
    expect(errorOf("{{ a | default }}")).toBe('bad arguments for "default" at offset 5');
    expect(errorOf('{{ a | default: "x", "y" }}')).toBe('bad arguments for "default" at offset 5');
    expect(errorOf("{{ a | upper: 1 }}")).toBe('bad arguments for "upper" at offset 5');
    expect(errorOf('{{ a | lower: "x" }}')).toBe('bad arguments for "lower" at offset 5');
    expect(errorOf("{{ a | number: 1, 2 }}")).toBe('bad arguments for "number" at offset 5');
    expect(errorOf("{{ a | number: 21 }}")).toBe('bad arguments for "number" at offset 5');
    expect(errorOf("{{ a | number: -1 }}")).toBe('bad arguments for "number" at offset 5');
    expect(errorOf("{{ a | number: 1.5 }}")).toBe('bad arguments for "number" at offset 5');
    expect(errorOf('{{ a | date: "full" }}')).toBe('bad arguments for "date" at offset 5');
    expect(errorOf("{{ a | date: 1 }}")).toBe('bad arguments for "date" at offset 5');
    expect(errorOf('{{ a | date: "iso", "long" }}')).toBe('bad arguments for "date" at offset 5');
  });

  it("syntax, at the unexpected character", () => {
    expect(errorOf("{{ a | default: x }}")).toBe('unexpected "x" at offset 16');
    expect(errorOf("{{ a | number: 2px }}")).toBe('unexpected "2px" at offset 15');
    expect(errorOf('{{ a | default: "x }}')).toBe('unexpected """ at offset 16');
    expect(errorOf("{{ a b }}")).toBe('unexpected "b" at offset 5');
    expect(errorOf('{{ "lit" }}')).toBe('unexpected ""lit"" at offset 3');
    expect(errorOf("{{{ raw }}}")).toBe('unexpected "{" at offset 2');
    expect(errorOf("{{ a: 1 }}")).toBe('unexpected "1" at offset 6');
    expect(errorOf("{{ a.b } }}")).toBe('unexpected "}" at offset 7');
  });

  it("a missing path, at the expression", () => {
    expect(errorOf("x {{}} y")).toBe("missing path at offset 4");
    expect(errorOf("{{   }}")).toBe("missing path at offset 2");
    expect(errorOf("{{ | upper }}")).toBe("missing path at offset 2");
  });

  it("reports the first error of a string", () => {
    expect(errorOf("{{ a | nope }} {{ b")).toBe('unknown filter "nope" at offset 5');
    expect(errorOf("{{ a b | nope }}")).toBe('unexpected "b" at offset 5');
  });

  it("is an Error subclass whose message lists the errors", () => {
    try {
      compileContent({ a: "{{ a | nope }}" });
    } catch (error) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(TemplateErrors);
      expect((error as Error).message).toContain('".a"');
      expect((error as Error).message).toContain('unknown filter \\"nope\\" at offset 5');
      return;
    }
    throw new Error("expected an error");
  });
});

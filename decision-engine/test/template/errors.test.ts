import { describe, expect, it } from "vitest";
import { compileTemplate, TemplateError } from "../../src/template/index.ts";

function errorOf(source: string): TemplateError {
  try {
    compileTemplate(source);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error(`expected a TemplateError for ${JSON.stringify(source)}`);
}

function expectError(source: string, reason: string | RegExp, offset: number): void {
  const error = errorOf(source);
  if (typeof reason === "string") expect(error.reason).toBe(reason);
  else expect(error.reason).toMatch(reason);
  expect(error.offset).toBe(offset);
  expect(error.message).toBe(`${error.reason} at offset ${offset}`);
}

describe("compile errors with offsets", () => {
  it("unknown filter, at the filter name", () => {
    expectError("Hi {{ name | uper }}", 'unknown filter "uper"', 13);
    expectError("{{a|upper|raw}}", 'unknown filter "raw"', 10);
    expectError("{{a | toString}}", 'unknown filter "toString"', 6);
    expectError("{{a | __proto__}}", 'unknown filter "__proto__"', 6);
  });

  it("is an Error subclass with a name", () => {
    const error = errorOf("{{ a | nope }}");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("TemplateError");
  });

  it("unterminated {{, at the opening braces", () => {
    expectError("Hello {{ name", 'unterminated "{{"', 6);
    expectError("Hello {{", 'unterminated "{{"', 6);
    expectError("{{a}} and {{ b | default: 1", 'unterminated "{{"', 10);
    expectError("{{ a }", 'unterminated "{{"', 0);
    expectError("{{ a |", 'unterminated "{{"', 0);
    expectError("{{ a | truncate:", 'unterminated "{{"', 0);
  });

  it("unterminated string, at the quote", () => {
    expectError('{{ a | default: "x }}', "unterminated string", 16);
  });

  it("empty expressions", () => {
    expectError("x {{}} y", "empty expression", 2);
    expectError("{{   }}", "empty expression", 0);
  });

  it("triple braces are rejected", () => {
    expectError("{{{ raw }}}", /triple braces/, 0);
  });

  it("path syntax", () => {
    expectError("{{ | upper }}", "missing path before filter", 3);
    expectError("{{ a. }}", 'empty path segment after "."', 5);
    expectError("{{ a..b }}", 'empty path segment after "."', 5);
    expectError("{{ .a }}", 'expected a path, found "."', 3);
    expectError('{{ "lit" }}', 'expected a path, found "\\""', 3);
    expectError("{{ a b }}", 'unexpected "b", expected "|" or "}}"', 5);
    expectError("{{ a[0] }}", 'unexpected "[", expected "|" or "}}"', 4);
    expectError("{{ a.__proto__ }}", 'path segment "__proto__" is not allowed', 5);
  });

  it("filter syntax", () => {
    expectError("{{ a | }}", 'missing filter name after "|"', 7);
    expectError("{{ a || upper }}", 'expected a filter name, found "|"', 6);
    expectError("{{ a | upper: }}", 'filter "upper" expects a quoted string or number argument, found end of expression', 14);
    expectError('{{ a | default: "x", }}', /expects a quoted string or number argument/, 21);
    expectError("{{ a | default: x }}", 'filter "default" expects a quoted string or number argument, found "x"', 16);
    expectError("{{ a | truncate: 2px }}", /expects a quoted string or number argument/, 17);
  });

  it("arity", () => {
    expectError("{{ a | default }}", 'filter "default" takes 1 argument, got 0', 7);
    expectError('{{ a | default: "x", "y" }}', 'filter "default" takes 1 argument, got 2', 21);
    expectError("{{ a | upper: 1 }}", 'filter "upper" takes 0 arguments, got 1', 14);
    expectError("{{ a | number: 1, 2 }}", 'filter "number" takes 0 to 1 arguments, got 2', 18);
    expectError("{{ a | currency }}", 'filter "currency" takes 1 argument, got 0', 7);
    expectError("{{ a | json: 1 }}", /takes 0 arguments/, 13);
  });

  it("argument types and values, at the argument", () => {
    expectError("{{ a | truncate: -1 }}", "truncate length must be an integer from 0 to 1000000", 17);
    expectError("{{ a | truncate: 1.5 }}", /truncate length must be an integer/, 17);
    expectError('{{ a | truncate: "5" }}', /truncate length must be an integer/, 17);
    expectError("{{ a | number: 21 }}", "number of decimals must be an integer from 0 to 20", 15);
    expectError('{{ a | number: "2" }}', /number of decimals must be an integer/, 15);
    expectError("{{ a | currency: 978 }}", "currency code must be a quoted string", 17);
    expectError('{{ a | currency: "EURO" }}', 'currency code must be three letters (ISO 4217), got "EURO"', 17);
    expectError('{{ a | date: "full" }}', 'date style must be "short", "medium", "long" or "iso", got "full"', 13);
    expectError("{{ a | date: 1 }}", "date style must be a quoted string", 13);
  });

  it("reports the first error in source order", () => {
    expectError("{{ a | nope }} {{ b", 'unknown filter "nope"', 7);
  });

  it("rejects non-string sources", () => {
    expect(() => compileTemplate(42 as unknown as string)).toThrow(TemplateError);
  });
});

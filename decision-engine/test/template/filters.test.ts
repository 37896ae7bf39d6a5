import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/template/index.ts";

/** Renders `{{ v | <filters> }}` over `{ v: value, context }` without escaping. */
function render(filters: string, value: unknown, context: unknown = {}): string {
  return compileContent(`{{ v | ${filters} }}`)({ v: value, context }, { escape: false });
}

const PT = { locale: "pt-BR" };

describe("default", () => {
  it("replaces undefined, null and empty string only", () => {
    expect(render('default: "x"', undefined)).toBe("x");
    expect(render('default: "x"', null)).toBe("x");
    expect(render('default: "x"', "")).toBe("x");
    expect(render('default: "x"', 0)).toBe("0");
    expect(render('default: "x"', false)).toBe("false");
    expect(render('default: "x"', " ")).toBe(" ");
  });

  it("accepts single quotes and numbers; strings may hold | : , { and quotes of the other kind", () => {
    expect(render("default: 'it\"s'", undefined)).toBe('it"s');
    expect(render(`default: "it's"`, undefined)).toBe("it's");
    expect(render("default: 42", undefined)).toBe("42");
    expect(render("default: -1.5", undefined)).toBe("-1.5");
    expect(render('default: "a, b: c | d {"', undefined)).toBe("a, b: c | d {");
    expect(render('default: ""', undefined)).toBe("");
  });

  it("does not replace objects (which still render as empty)", () => {
    expect(render('default: "x"', { a: 1 })).toBe("");
  });

  it("chains with other filters in order", () => {
    expect(render('default: "cliente" | upper', undefined)).toBe("CLIENTE");
    expect(render('upper | default: "none"', undefined)).toBe("none");
    expect(render('number: 2 | default: "n/a"', "abc")).toBe("n/a");
  });
});

describe("upper / lower", () => {
  it("change case of text, numbers and booleans", () => {
    expect(render("upper", "São Paulo")).toBe("SÃO PAULO");
    expect(render("lower", "ÁGUA")).toBe("água");
    expect(render("upper", 12)).toBe("12");
    expect(render("upper", true)).toBe("TRUE");
    expect(render("upper", undefined)).toBe("");
    expect(render("upper", { a: 1 })).toBe("");
  });
});

describe("number", () => {
  it("formats with the default locale en", () => {
    expect(render("number", 1200.5)).toBe("1,200.5");
    expect(render("number", 1234567.891234)).toBe("1,234,567.891");
    expect(render("number: 2", 1200.5)).toBe("1,200.50");
    expect(render("number: 0", 1200.5)).toBe("1,201");
    expect(render("number: 20", 0.5)).toBe("0.50000000000000000000");
  });

  it("formats in the locale", () => {
    expect(render("number: 2", 1200.5, PT)).toBe("1.200,50");
    expect(render("number", 1200.5, PT)).toBe("1.200,5");
    expect(render("number: 2", 1200.5, { locale: "de-DE" })).toBe("1.200,50");
    expect(render("number: 2", 1200.5, { locale: "pt-br" })).toBe("1.200,50");
  });

  it("falls back to en for invalid, unsupported or non-string locales", () => {
    for (const locale of ["pt_BR", "not a locale", "", "xx", 42, null, { a: 1 }, ["pt-BR", 1]]) {
      expect(render("number: 2", 1200.5, { locale })).toBe("1,200.50");
    }
    expect(compileContent("{{ v | number: 2 }}")({ v: 1200.5 }, { escape: false })).toBe("1,200.50");
    expect(render("number: 2", 1200.5, "pt-BR")).toBe("1,200.50");
  });

  it("renders empty for anything but a number", () => {
    for (const v of [undefined, null, "", "abc", "12", true, {}, [1], Number.NaN]) {
      expect(render("number: 2", v)).toBe("");
    }
  });
});

describe("date", () => {
  const t = Date.UTC(2025, 10, 29, 8, 0, 0); // 2025-11-29T08:00:00Z

  it("formats epoch ms in each style (UTC, en)", () => {
    expect(render('date: "short"', t)).toBe("11/29/25");
    expect(render('date: "medium"', t)).toBe("Nov 29, 2025");
    expect(render("date", t)).toBe("Nov 29, 2025");
    expect(render('date: "long"', t)).toBe("November 29, 2025");
    expect(render('date: "iso"', t)).toBe("2025-11-29T08:00:00.000Z");
  });

  it("formats in the locale", () => {
    expect(render('date: "short"', t, PT)).toBe("29/11/2025");
    expect(render('date: "long"', t, PT)).toBe("29 de novembro de 2025");
    expect(render('date: "long"', t, { locale: "xx" })).toBe("November 29, 2025");
  });

  it("uses context.timeZone when valid, else UTC (keeping the locale)", () => {
    const late = Date.UTC(2025, 10, 29, 1, 0, 0); // still Nov 28 in São Paulo (UTC-3)
    expect(render('date: "short"', late)).toBe("11/29/25");
    expect(render('date: "short"', late, { timeZone: "America/Sao_Paulo" })).toBe("11/28/25");
    expect(render('date: "short"', late, { timeZone: "Mars/Olympus" })).toBe("11/29/25");
    expect(render('date: "short"', late, { timeZone: 3 })).toBe("11/29/25");
    expect(render('date: "short"', late, { timeZone: "Mars/Olympus", locale: "pt-BR" })).toBe("29/11/2025");
    expect(render('date: "short"', late, { timeZone: "America/Sao_Paulo", locale: "pt_BR" })).toBe("11/28/25");
    expect(render('date: "iso"', late, { timeZone: "America/Sao_Paulo" })).toBe("2025-11-29T01:00:00.000Z");
  });

  it("accepts ISO strings (date, date-time with a zone; a local time without one is refused)", () => {
    expect(render('date: "iso"', "2026-03-01")).toBe("2026-03-01T00:00:00.000Z");
    expect(render('date: "iso"', "2026-03-01T10:20:30Z")).toBe("2026-03-01T10:20:30.000Z");
    expect(render('date: "iso"', "2026-03-01T10:20:30.5+01:00")).toBe("2026-03-01T09:20:30.500Z");
    expect(render('date: "iso"', "2026-03-01T10:20")).toBe("");
    expect(render('date: "long"', "2026-03-01T02:00:00-03:00", PT)).toBe("1 de março de 2026");
  });

  it("renders empty for invalid dates and wrong types", () => {
    for (const v of ["yesterday", "2026-02-30", "2026-13-01", "2026-03-01T25:00Z", "March 7, 2026", "0", true, {}, null, undefined, Number.NaN, 9e15]) {
      expect(render('date: "short"', v)).toBe("");
      expect(render('date: "iso"', v)).toBe("");
    }
  });

  it("renders `now` from the evaluation context", () => {
    const tpl = compileContent('{{ now | date: "short" }}');
    expect(tpl({ now: 1764403200000, context: { locale: "pt-BR" } }, { escape: true })).toBe("29/11/2025");
  });
});

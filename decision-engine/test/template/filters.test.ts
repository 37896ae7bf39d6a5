import { describe, expect, it } from "vitest";
import { compileTemplate, FILTER_NAMES } from "../../src/template/index.ts";
import { parseInstant as parseIsoDate } from "../../src/time/instant.ts";

/** Renders `{{ v | <filters> }}` over `{ v: value, context }` without escaping. */
function render(filters: string, value: unknown, context: Record<string, unknown> = {}): string {
  return compileTemplate(`{{ v | ${filters} }}`)({ v: value, context }, { escape: false });
}

const PT = { locale: "pt-BR" };
const NBSP = "\u00a0";

describe("default", () => {
  it("replaces undefined, null and empty string only", () => {
    expect(render('default: "x"', undefined)).toBe("x");
    expect(render('default: "x"', null)).toBe("x");
    expect(render('default: "x"', "")).toBe("x");
    expect(render('default: "x"', 0)).toBe("0");
    expect(render('default: "x"', false)).toBe("false");
    expect(render('default: "x"', " ")).toBe(" ");
  });

  it("accepts single quotes, escapes and numbers", () => {
    expect(render("default: 'it\\'s'", undefined)).toBe("it's");
    expect(render('default: "say \\"hi\\""', undefined)).toBe('say "hi"');
    expect(render("default: 42", undefined)).toBe("42");
    expect(render("default: -1.5", undefined)).toBe("-1.5");
    expect(render('default: "a, b: c | d }}"', undefined)).toBe("a, b: c | d }}");
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

describe("text filters", () => {
  it("upper / lower", () => {
    expect(render("upper", "São Paulo")).toBe("SÃO PAULO");
    expect(render("lower", "ÁGUA")).toBe("água");
    expect(render("upper", 12)).toBe("12");
    expect(render("upper", undefined)).toBe("");
    expect(render("upper", { a: 1 })).toBe("");
  });

  it("upper / lower follow the locale (Turkish dotted i)", () => {
    expect(render("upper", "istanbul", { locale: "tr" })).toBe("İSTANBUL");
    expect(render("upper", "istanbul")).toBe("ISTANBUL");
  });

  it("capitalize upper-cases only the first character", () => {
    expect(render("capitalize", "ana maria")).toBe("Ana maria");
    expect(render("capitalize", "iPhone")).toBe("IPhone");
    expect(render("capitalize", "élan")).toBe("Élan");
    expect(render("capitalize", "")).toBe("");
    expect(render("capitalize", "𝒶bc")).toBe("𝒶bc"); // astral char without case mapping kept whole
    expect(render("capitalize", "\u{10428}x")).toBe("\u{10400}x"); // astral char with a case mapping
    expect(render("capitalize", true)).toBe("True");
  });

  it("trim", () => {
    expect(render("trim", "  hi \n")).toBe("hi");
    expect(render("trim", undefined)).toBe("");
  });

  it("truncate adds an ellipsis only when text is longer", () => {
    expect(render("truncate: 5", "Hello")).toBe("Hello");
    expect(render("truncate: 5", "Hello world")).toBe("Hello…");
    expect(render("truncate: 6", "Hello world")).toBe("Hello…"); // trailing space dropped
    expect(render("truncate: 0", "abc")).toBe("…");
    expect(render("truncate: 0", "")).toBe("");
    expect(render("truncate: 3", undefined)).toBe("");
    expect(render("truncate: 3", 123456)).toBe("123…");
  });

  it("truncate never splits a character", () => {
    expect(render("truncate: 2", "😀😀😀")).toBe("😀😀…");
    expect(render("truncate: 1", "👍🏽👍🏽")).toBe("👍🏽…");
    expect(render("truncate: 2", "e\u0301e\u0301e\u0301")).toBe("e\u0301e\u0301…");
    expect(render("truncate: 3", "😀😀😀")).toBe("😀😀😀");
  });
});

describe("number", () => {
  it("formats with the default locale en", () => {
    expect(render("number", 1200.5)).toBe("1,200.5");
    expect(render("number", 1234567.891234)).toBe("1,234,567.891");
    expect(render("number: 2", 1200.5)).toBe("1,200.50");
    expect(render("number: 0", 1200.5)).toBe("1,201");
  });

  it("formats in pt-BR", () => {
    expect(render("number: 2", 1200.5, PT)).toBe("1.200,50");
    expect(render("number", 1200.5, PT)).toBe("1.200,5");
    expect(render("number: 2", 1200.5, { locale: "de-DE" })).toBe("1.200,50");
  });

  it("canonicalises locale casing", () => {
    expect(render("number: 2", 1200.5, { locale: "pt-br" })).toBe("1.200,50");
  });

  it("falls back to en for invalid, unsupported or non-string locales", () => {
    for (const locale of ["pt_BR", "not a locale", "", "xx", 42, null, { a: 1 }]) {
      expect(render("number: 2", 1200.5, { locale })).toBe("1,200.50");
    }
    expect(compileTemplate("{{ v | number: 2 }}")({ v: 1200.5 }, { escape: false })).toBe("1,200.50");
    expect(compileTemplate("{{ v | number: 2 }}")({ v: 1200.5, context: "pt-BR" }, { escape: false })).toBe("1,200.50");
  });

  it("accepts numeric strings and bigints", () => {
    expect(render("number: 1", "1200.55")).toBe("1,200.6");
    expect(render("number", " -3 ")).toBe("-3");
    expect(render("number", 12n)).toBe("12");
  });

  it("renders empty for wrong types and non-finite numbers", () => {
    for (const v of [undefined, null, "", "abc", "12abc", "0x10", true, {}, [1], Number.NaN, Infinity, -Infinity, "Infinity"]) {
      expect(render("number: 2", v)).toBe("");
    }
  });

  it("never renders negative zero", () => {
    expect(render("number", -0)).toBe("0");
    expect(render("number: 2", -0.001)).toBe("0.00");
    expect(render("number: 2", -0.01)).toBe("-0.01");
  });
});

describe("currency", () => {
  it("formats in the locale", () => {
    expect(render('currency: "EUR"', 12.5)).toBe("€12.50");
    expect(render('currency: "BRL"', 1200.5, PT)).toBe(`R$${NBSP}1.200,50`);
    expect(render('currency: "EUR"', 12.5, PT)).toBe(`€${NBSP}12,50`);
    expect(render("currency: 'usd'", 3)).toBe("$3.00");
    expect(render('currency: "JPY"', 1234.4)).toBe("¥1,234");
  });

  it("falls back to en for an invalid locale", () => {
    expect(render('currency: "EUR"', 12.5, { locale: "!!" })).toBe("€12.50");
  });

  it("renders empty for non-numbers", () => {
    expect(render('currency: "EUR"', "free")).toBe("");
    expect(render('currency: "EUR"', Number.NaN)).toBe("");
    expect(render('currency: "EUR"', undefined)).toBe("");
    expect(render('currency: "EUR" | default: "—"', undefined)).toBe("—");
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

  it("formats in pt-BR", () => {
    expect(render('date: "short"', t, PT)).toBe("29/11/2025");
    expect(render('date: "long"', t, PT)).toBe("29 de novembro de 2025");
  });

  it("uses context.timeZone when valid, else UTC", () => {
    const late = Date.UTC(2025, 10, 29, 1, 0, 0); // still Nov 28 in São Paulo (UTC-3)
    expect(render('date: "short"', late)).toBe("11/29/25");
    expect(render('date: "short"', late, { timeZone: "America/Sao_Paulo" })).toBe("11/28/25");
    expect(render('date: "short"', late, { timeZone: "Mars/Olympus" })).toBe("11/29/25");
    expect(render('date: "short"', late, { timeZone: 3 })).toBe("11/29/25");
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
    for (const v of ["yesterday", "2026-02-30", "2026-13-01", "2026-03-01T25:00Z", "March 7, 2026", true, {}, null, undefined, Number.NaN, 9e15]) {
      expect(render('date: "short"', v)).toBe("");
      expect(render('date: "iso"', v)).toBe("");
    }
  });

  it("parseIsoDate", () => {
    expect(parseIsoDate("2024-02-29")).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoDate("2023-02-29")).toBeNull();
    expect(parseIsoDate("0099-01-01")).toBe(new Date("0099-01-01T00:00:00Z").getTime()); // two-digit year not shifted to 1999
    expect(parseIsoDate("2026-03-01T00:00:00+0530")).toBe(Date.UTC(2026, 1, 28, 18, 30));
  });

  it("renders `now` from the evaluation context", () => {
    const tpl = compileTemplate('{{ now | date: "short" }}');
    expect(tpl({ now: 1764403200000, context: { locale: "pt-BR" } }, { escape: true })).toBe("29/11/2025");
  });
});

describe("json", () => {
  it("stringifies values", () => {
    expect(render("json", { a: [1, "x"] })).toBe('{"a":[1,"x"]}');
    expect(render("json", "text")).toBe('"text"');
    expect(render("json", 1.5)).toBe("1.5");
    expect(render("json", null)).toBe("null");
    expect(render("json", undefined)).toBe("");
  });

  it("renders empty for unserialisable values", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(render("json", cyclic)).toBe("");
    expect(render("json", 1n)).toBe("");
  });
});

it("lists the supported filters", () => {
  expect([...FILTER_NAMES].sort()).toEqual(
    ["capitalize", "currency", "date", "default", "json", "lower", "number", "trim", "truncate", "upper"],
  );
});

describe("without Intl.Segmenter (e.g. Hermes)", () => {
  it("truncate falls back to code points", async () => {
    const { vi } = await import("vitest");
    const intl = Intl as unknown as { Segmenter?: unknown };
    const saved = intl.Segmenter;
    delete intl.Segmenter;
    try {
      vi.resetModules();
      const fresh = await import("../../src/template/index.ts");
      const t = fresh.compileTemplate("{{ v | truncate: 2 }}");
      expect(t({ v: "😀😀😀" }, { escape: false })).toBe("😀😀…");
      expect(t({ v: "abc" }, { escape: false })).toBe("ab…");
    } finally {
      intl.Segmenter = saved;
    }
  });
});

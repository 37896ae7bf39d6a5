import { describe, expect, it } from "vitest";
import { compileTemplate, escapeHtml, readPath } from "../../src/template/index.ts";

const ESC = { escape: true };
const RAW = { escape: false };

describe("compileTemplate: paths and values", () => {
  it("renders the design's example", () => {
    const t = compileTemplate('<h2>Olá {{profile.firstName | default: "cliente"}}</h2>');
    expect(t({ profile: { firstName: "Ana" } }, ESC)).toBe("<h2>Olá Ana</h2>");
    expect(t({ profile: {} }, ESC)).toBe("<h2>Olá cliente</h2>");
    expect(t(undefined, ESC)).toBe("<h2>Olá cliente</h2>");
  });

  it("reads dotted paths, array indexes and allows whitespace inside braces", () => {
    const data = { event: { properties: { sku: "A1" } }, items: [{ name: "Shoe" }, { name: "Hat" }] };
    expect(compileTemplate("{{event.properties.sku}}")(data, ESC)).toBe("A1");
    expect(compileTemplate("{{ items.1.name }}|{{\n\titems.0.name\n}}")(data, ESC)).toBe("Hat|Shoe");
    expect(compileTemplate("{{ items.length }}")(data, ESC)).toBe("2");
  });

  it("renders missing values, null and values below primitives as empty", () => {
    const t = compileTemplate("[{{ a.b.c }}][{{ n }}][{{ s.length }}][{{ items.5 }}]");
    expect(t({ a: { b: null }, n: null, s: "abc", items: [] }, ESC)).toBe("[][][][]");
    expect(t(null, ESC)).toBe("[][][][]");
    expect(t("a string", ESC)).toBe("[][][][]");
  });

  it("renders numbers via String(), booleans as true/false, objects and arrays as empty", () => {
    const t = compileTemplate("{{n}}|{{f}}|{{z}}|{{yes}}|{{no}}|{{o}}|{{arr}}|{{big}}|{{fn}}");
    const data = { n: 1200, f: 0.5, z: 0, yes: true, no: false, o: { secret: 1 }, arr: [1, 2], big: 10n, fn: () => 1 };
    expect(t(data, ESC)).toBe("1200|0.5|0|true|false|||10|");
    expect(compileTemplate("{{ x }}")({ x: Number.POSITIVE_INFINITY }, ESC)).toBe("Infinity");
  });

  it("keeps literal text intact, including lone braces and closing braces", () => {
    const source = "a { b } c }} d {";
    expect(compileTemplate(source)({}, ESC)).toBe(source);
    expect(compileTemplate("")({}, ESC)).toBe("");
    expect(compileTemplate("{{a}}}")({ a: 1 }, ESC)).toBe("1}");
  });

  it("renders adjacent and repeated expressions", () => {
    expect(compileTemplate("{{a}}{{b}}{{a}}")({ a: "x", b: "y" }, ESC)).toBe("xyx");
  });

  it("accepts unicode and hyphenated keys", () => {
    expect(compileTemplate("{{ perfil.préNome }}-{{ utm-source }}")({ perfil: { préNome: "Zé" }, "utm-source": "g" }, ESC)).toBe(
      "Zé-g",
    );
  });

  it("is reusable across data without state leaking between calls", () => {
    const t = compileTemplate("{{ n | number: 2 }} {{ d | date: 'short' }}");
    expect(t({ n: 1200.5, d: 0, context: { locale: "pt-BR" } }, RAW)).toBe("1.200,50 01/01/1970");
    expect(t({ n: 1200.5, d: 0 }, RAW)).toBe("1,200.50 1/1/70");
  });
});

describe("escaping", () => {
  const t = compileTemplate('<a title="{{ title }}" data-x=\'{{ x }}\'>{{ body }}</a>');
  const data = { title: '" onmouseover="alert(1)', x: "' onclick='x()", body: "<script>alert(`1`)</script> & more" };

  it("escapes inserted values, never the literal markup", () => {
    expect(t(data, ESC)).toBe(
      '<a title="&quot; onmouseover=&quot;alert(1)" data-x=\'&#39; onclick=&#39;x()\'>' +
        "&lt;script&gt;alert(&#96;1&#96;)&lt;/script&gt; &amp; more</a>",
    );
  });

  it("leaves values untouched when escape is off", () => {
    expect(t(data, RAW)).toBe(`<a title="${data.title}" data-x='${data.x}'>${data.body}</a>`);
  });

  it("escapes after filters (default and json output included)", () => {
    expect(compileTemplate('{{ a | default: "<b>" }}')({}, ESC)).toBe("&lt;b&gt;");
    expect(compileTemplate("{{ a | json }}")({ a: { k: "<v>" } }, ESC)).toBe("{&quot;k&quot;:&quot;&lt;v&gt;&quot;}");
    expect(compileTemplate("{{ a | json }}")({ a: { k: "<v>" } }, RAW)).toBe('{"k":"<v>"}');
    expect(compileTemplate("{{ a | upper }}")({ a: "&amp;" }, ESC)).toBe("&amp;AMP;");
  });

  it("does not double-escape and escapes each value once", () => {
    expect(compileTemplate("{{a}}")({ a: "&amp;" }, ESC)).toBe("&amp;amp;");
  });

  it("escapes when options are missing at runtime (safe default)", () => {
    const render = compileTemplate("{{a}}") as (data: unknown, options?: unknown) => string;
    expect(render({ a: "<" })).toBe("&lt;");
  });

  it("escapeHtml escapes & < > \" ' and backtick, returns other text as is", () => {
    expect(escapeHtml(`&<>"'\``)).toBe("&amp;&lt;&gt;&quot;&#39;&#96;");
    expect(escapeHtml("plain text ünïcode")).toBe("plain text ünïcode");
    expect(escapeHtml("")).toBe("");
  });
});

describe("prototype safety", () => {
  it("reads own properties only", () => {
    const t = compileTemplate("[{{ o.toString }}][{{ o.hasOwnProperty }}][{{ o.valueOf }}][{{ arr.map }}]");
    expect(t({ o: {}, arr: [] }, ESC)).toBe("[][][][]");
  });

  it("does not read inherited data from a custom prototype", () => {
    const proto = { secret: "inherited" };
    const o = Object.create(proto) as Record<string, unknown>;
    o.own = "mine";
    expect(compileTemplate("{{o.secret}}{{o.own}}")({ o }, ESC)).toBe("mine");
  });

  it("rejects __proto__, constructor and prototype path segments at compile time", () => {
    for (const seg of ["__proto__", "constructor", "prototype"]) {
      expect(() => compileTemplate(`{{ profile.${seg} }}`)).toThrow(`path segment "${seg}" is not allowed`);
      expect(() => compileTemplate(`{{ ${seg}.x }}`)).toThrow(/is not allowed/);
    }
  });

  it("does not invoke getters", () => {
    let called = false;
    const o = {
      get secret() {
        called = true;
        return "x";
      },
    };
    expect(compileTemplate("{{o.secret}}")({ o }, ESC)).toBe("");
    expect(called).toBe(false);
  });

  it("never throws on hostile data", () => {
    const hostile = new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error("boom");
        },
      },
    );
    expect(compileTemplate("a{{ p.x | upper }}b")({ p: hostile }, ESC)).toBe("ab");
  });

  it("readPath follows own data properties", () => {
    expect(readPath({ a: [{ b: 2 }] }, ["a", "0", "b"])).toBe(2);
    expect(readPath({ a: 1 }, ["a", "b"])).toBeUndefined();
    expect(readPath({}, ["toString"])).toBeUndefined();
  });
});

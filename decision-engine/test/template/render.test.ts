import { describe, expect, it } from "vitest";
import { compileContent } from "../../src/template/index.ts";

const ESC = { escape: true };
const RAW = { escape: false };

/** A template string compiled as content: renders to a string. */
const tpl = (source: string) => compileContent(source) as (data: unknown, options?: { escape: boolean }) => string;

describe("templates: paths and values", () => {
  it("renders the design's example", () => {
    const t = tpl('<h2>Olá {{profile.firstName | default: "cliente"}}</h2>');
    expect(t({ profile: { firstName: "Ana" } }, ESC)).toBe("<h2>Olá Ana</h2>");
    expect(t({ profile: {} }, ESC)).toBe("<h2>Olá cliente</h2>");
    expect(t(undefined, ESC)).toBe("<h2>Olá cliente</h2>");
  });

  it("reads dotted paths, array indexes and allows whitespace inside braces", () => {
    const data = { event: { properties: { sku: "A1" } }, items: [{ name: "Shoe" }, { name: "Hat" }] };
    expect(tpl("{{event.properties.sku}}")(data, ESC)).toBe("A1");
    expect(tpl("{{ items.1.name }}|{{\n\titems.0.name\n}}")(data, ESC)).toBe("Hat|Shoe");
    expect(tpl("{{ items.length }}")(data, ESC)).toBe("2");
  });

  it("renders missing values and null as empty", () => {
    const t = tpl("[{{ a.b.c }}][{{ n }}][{{ items.5 }}][{{ x.y }}]");
    expect(t({ a: { b: null }, n: null, items: [] }, ESC)).toBe("[][][][]");
    expect(t(null, ESC)).toBe("[][][][]");
    expect(t("a string", ESC)).toBe("[][][][]");
  });

  it("renders numbers via String(), booleans as true/false, objects and arrays as empty", () => {
    const t = tpl("{{n}}|{{f}}|{{z}}|{{yes}}|{{no}}|{{o}}|{{arr}}|{{fn}}");
    const data = { n: 1200, f: 0.5, z: 0, yes: true, no: false, o: { secret: 1 }, arr: [1, 2], fn: () => 1 };
    expect(t(data, ESC)).toBe("1200|0.5|0|true|false|||");
  });

  it("keeps literal text intact, including lone braces and closing braces", () => {
    expect(tpl("a { b } c }} d {{x}}")({}, ESC)).toBe("a { b } c }} d ");
    expect(tpl("{{a}}}")({ a: 1 }, ESC)).toBe("1}");
    expect(tpl("{ {{a}} }")({ a: 1 }, ESC)).toBe("{ 1 }");
  });

  it("renders adjacent and repeated expressions", () => {
    expect(tpl("{{a}}{{b}}{{a}}")({ a: "x", b: "y" }, ESC)).toBe("xyx");
  });

  it("accepts unicode and hyphenated keys", () => {
    expect(tpl("{{ perfil.préNome }}-{{ utm-source }}")({ perfil: { préNome: "Zé" }, "utm-source": "g" }, ESC)).toBe("Zé-g");
  });

  it("is reusable across data without state leaking between calls", () => {
    const t = tpl("{{ n | number: 2 }} {{ d | date: 'short' }}");
    expect(t({ n: 1200.5, d: 0, context: { locale: "pt-BR" } }, RAW)).toBe("1.200,50 01/01/1970");
    expect(t({ n: 1200.5, d: 0 }, RAW)).toBe("1,200.50 1/1/70");
  });

  it("keeps literal text that looks like JSON or escapes", () => {
    const t = tpl('say "{{a}}" \\ {{b}}\n\u2028');
    expect(t({ a: 'q"q', b: "\\" }, RAW)).toBe('say "q"q" \\ \\\n\u2028');
  });
});

describe("escaping", () => {
  const t = tpl('<a title="{{ title }}" data-x=\'{{ x }}\'>{{ body }}</a>');
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

  it("escapes after filters, once", () => {
    expect(tpl('{{ a | default: "<b>" }}')({}, ESC)).toBe("&lt;b&gt;");
    expect(tpl("{{ a | upper }}")({ a: "&amp;" }, ESC)).toBe("&amp;AMP;");
    expect(tpl("{{a}}")({ a: "&amp;" }, ESC)).toBe("&amp;amp;");
    expect(tpl("{{a}}")({ a: `&<>"'\`` }, ESC)).toBe("&amp;&lt;&gt;&quot;&#39;&#96;");
  });

  it("escapes when options are missing at runtime (safe default)", () => {
    expect(tpl("{{a}}")({ a: "<" })).toBe("&lt;");
  });
});

describe("prototype safety", () => {
  it("reads own properties only", () => {
    const t = tpl("[{{ o.toString }}][{{ o.hasOwnProperty }}][{{ o.constructor }}][{{ arr.map }}][{{ o.__proto__ }}]");
    expect(t({ o: {}, arr: [] }, ESC)).toBe("[][][][][]");
  });

  it("does not read inherited data from a custom prototype", () => {
    const o = Object.create({ secret: "inherited" }) as Record<string, unknown>;
    o.own = "mine";
    expect(tpl("{{o.secret}}{{o.own}}{{ o.constructor.name }}{{ o.__proto__.secret }}")({ o }, ESC)).toBe("mine");
  });

  it("does not invoke getters", () => {
    let called = false;
    const o = {
      get secret() {
        called = true;
        return "x";
      },
    };
    expect(tpl("{{o.secret}}")({ o }, ESC)).toBe("");
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
    expect(tpl("a{{ p.x | upper }}b{{ s }}")({ p: hostile, s: Symbol("s") }, ESC)).toBe("ab");
  });
});

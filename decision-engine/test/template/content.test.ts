import { describe, expect, it } from "vitest";
import { compileContent, TemplateErrors } from "../../src/template/index.ts";

const ESC = { escape: true };
const RAW = { escape: false };

function errorsOf(content: unknown): TemplateErrors {
  try {
    compileContent(content);
  } catch (error) {
    if (error instanceof TemplateErrors) return error;
    throw error;
  }
  throw new Error("expected TemplateErrors");
}

describe("compileContent", () => {
  it("renders the design's offer content", () => {
    const render = compileContent({ html: '<h2>Olá {{profile.firstName | default: "cliente"}}</h2>' });
    expect(render({ profile: { firstName: "<Ana>" } }, ESC)).toEqual({ html: "<h2>Olá &lt;Ana&gt;</h2>" });
    expect(render({}, ESC)).toEqual({ html: "<h2>Olá cliente</h2>" });
  });

  it("renders nested messages and leaves the source untouched", () => {
    const message = {
      layout: "modal",
      title: "Oi {{ profile.name | upper }}",
      body: "10% off today",
      priority: 3,
      dismissible: true,
      image: null,
      buttons: [
        { label: "Shop {{ event.properties.sku }}", action: { type: "url", url: "/sale?sku={{ event.properties.sku }}" } },
        { label: "Close", action: { type: "dismiss" } },
      ],
      meta: { tags: ["a", "b"] },
    };
    const snapshot = structuredClone(message);
    const render = compileContent(message);
    const out = render({ profile: { name: "ana" }, event: { properties: { sku: "A&1" } } }, ESC);
    expect(out).toEqual({
      ...message,
      title: "Oi ANA",
      buttons: [
        { label: "Shop A&amp;1", action: { type: "url", url: "/sale?sku=A&amp;1" } },
        { label: "Close", action: { type: "dismiss" } },
      ],
    });
    expect(out).not.toBe(message);
    expect(message).toEqual(snapshot);
    expect(render({ event: { properties: { sku: "B" } } }, RAW).buttons[0]!.label).toBe("Shop B");
  });

  it("returns the very same object when there are no templates", () => {
    const content = { html: "<p>static {</p>", list: [1, "two", { x: "}}" }] };
    const render = compileContent(content);
    expect(render({}, ESC)).toBe(content);
    expect(render({}, RAW)).toBe(content);
  });

  it("handles primitives and a template string as the whole content", () => {
    expect(compileContent("Hi {{ a }}")({ a: "<b>" }, ESC)).toBe("Hi &lt;b&gt;");
    expect(compileContent("plain")({}, ESC)).toBe("plain");
    expect(compileContent(42)({}, ESC)).toBe(42);
    expect(compileContent(null)({}, ESC)).toBe(null);
    expect(compileContent(undefined)({}, ESC)).toBe(undefined);
  });

  it("renders arrays at the top level and keeps their length", () => {
    const render = compileContent(["{{a}}", "b", "{{c | default: 'z'}}"]);
    expect(render({ a: 1 }, ESC)).toEqual(["1", "b", "z"]);
  });

  it("escape on and off per call", () => {
    const render = compileContent({ html: '<a title="{{t}}">x</a>' });
    expect(render({ t: '"><script>' }, ESC)).toEqual({ html: '<a title="&quot;&gt;&lt;script&gt;">x</a>' });
    expect(render({ t: '"><script>' }, RAW)).toEqual({ html: '<a title=""><script>">x</a>' });
  });

  it("keeps a __proto__ key as a plain own property", () => {
    const content = JSON.parse('{"__proto__": "{{ a }}", "b": "{{ a }}"}') as Record<string, unknown>;
    const out = compileContent(content)({ a: "x" }, ESC) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toBe("x");
    expect(out.b).toBe("x");
  });

  it("renders values containing braces and quotes without confusing later templates", () => {
    const render = compileContent({ a: "{{ x }}", b: ["{{ y }}", "{{ x }}{{ y }}"] });
    expect(render({ x: "{{ y }}", y: '"}' }, RAW)).toEqual({ a: "{{ y }}", b: ['"}', '{{ y }}"}'] });
  });

  it("leaves keys alone", () => {
    const render = compileContent({ "{{k}}": "{{ v }}" });
    expect(render({ k: "K", v: "V" }, RAW)).toEqual({ "{{k}}": "V" });
  });

  it("collects every compile error with its JSON path", () => {
    const error = errorsOf({
      html: "{{ a | uper }}",
      ok: "{{ a }}",
      buttons: [{ label: "fine" }, { label: "Go {{" }],
      "data-x": { "my key": "{{}}" },
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.errors).toEqual([
      { path: ".html", message: 'unknown filter "uper" at offset 5' },
      { path: ".buttons[1].label", message: 'unterminated "{{" at offset 3' },
      { path: ".data-x.my key", message: "missing path at offset 2" },
    ]);
  });

  it("reports an error in a top-level template string with an empty path", () => {
    expect(errorsOf("{{ x | nope }}").errors).toEqual([{ path: "", message: 'unknown filter "nope" at offset 5' }]);
    expect(errorsOf(["ok", "{{ x | nope }}"]).errors[0]?.path).toBe("[1]");
    expect(errorsOf([[{ a: ["{{"] }]]).errors[0]?.path).toBe("[0][0].a[0]");
  });

  it("rejects circular structures instead of overflowing", () => {
    const content: Record<string, unknown> = { a: "x" };
    content.self = content;
    expect(() => compileContent(content)).toThrow(TypeError);
  });

  it("allows the same object twice (not a cycle)", () => {
    const shared = { label: "{{ a }}" };
    expect(compileContent({ x: shared, y: [shared] })({ a: 1 }, ESC)).toEqual({ x: { label: "1" }, y: [{ label: "1" }] });
    const bad = { label: "{{ a | nope }}" };
    expect(errorsOf({ x: bad, y: [bad] }).errors.map((e) => e.path)).toEqual([".x.label", ".y[0].label"]);
  });

  it("renders many times without leaking state", () => {
    const render = compileContent({ t: "{{ n | number: 2 }}" });
    expect(render({ n: 1200.5, context: { locale: "pt-BR" } }, ESC)).toEqual({ t: "1.200,50" });
    expect(render({ n: 3 }, ESC)).toEqual({ t: "3.00" });
  });
});

import { describe, expect, it } from "vitest";
import { escapeHtml, parseBridgeMessage, renderMessageHtml, type MessageDecision } from "../../src/index.ts";

const decision = (message: Record<string, unknown>): MessageDecision => ({ placement: "app-messages", offerId: "o-1", fallback: false, message: { layout: "modal", ...message } as MessageDecision["message"] });

describe("renderMessageHtml (as text; tests/browser runs it in Chromium)", () => {
  it("escapes every text and attribute", () => {
    const html = renderMessageHtml(decision({ title: '<img src=x onerror="alert(1)">', body: "a & b </script><script>alert(2)</script>", imageAlt: '"><b>', image: "https://cdn.example/a.png", buttons: [{ label: "<i>Go</i>", action: { type: "dismiss" } }] }));
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(html).toContain("a &amp; b &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
    expect(html).toContain('alt="&quot;&gt;&lt;b&gt;"');
    expect(html).toContain("&lt;i&gt;Go&lt;/i&gt;");
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it("needs nothing remote: inline CSS and script under a CSP that allows no other script", () => {
    const html = renderMessageHtml(decision({ title: "Hi", body: "There" }));
    expect(html).not.toMatch(/<link|src="http|@import|url\(/);
    const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!;
    expect(csp).toMatch(/default-src 'none'; style-src 'nonce-\w+'; script-src 'nonce-\w+'/);
    expect(html).toContain("prefers-color-scheme:dark");
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
  });

  it("keeps only the button URLs the URL policy allows, as it cleaned them; deep links only with a declared scheme", () => {
    const buttons = [
      { label: "a", action: { type: "url", url: "javascript:alert(1)" } },
      { label: "b", action: { type: "url", url: " /sale" } },
      { label: "c", action: { type: "url", url: "//evil.example" } },
      { label: "d", action: { type: "deeplink", url: "shop://cart" } },
      { label: "e", action: { type: "deeplink", url: "data:text/html,x" } },
      { label: "f", action: { type: "url", url: " JaVaScRiPt:alert(1)" } },
      { label: "g", action: { type: "deeplink", url: "other://cart" } },
    ];
    const config = (declared?: string[]) => {
      const html = renderMessageHtml({ ...decision({ buttons }), ...(declared ? { deepLinkSchemes: declared } : {}) });
      return JSON.parse(/\}\)\((\{.*\})\)<\/script>/.exec(html)![1]!).buttons;
    };
    expect(config(["shop"])).toEqual([
      { label: "a", action: "url" },
      { label: "b", action: "url", url: "/sale" },
      { label: "c", action: "url" },
      { label: "d", action: "deeplink", url: "shop://cart" },
      { label: "e", action: "deeplink" },
      { label: "f", action: "url" },
      { label: "g", action: "deeplink" },
    ]);
    // Without declared schemes no deep link survives.
    expect(config()[3]).toEqual({ label: "d", action: "deeplink" });
  });

  it("includes an image only when it can load without the app's help: data URLs, absolute http(s), or what options.image returns", () => {
    expect(renderMessageHtml(decision({ image: "/img/welcome.png" }))).not.toContain("<img");
    expect(renderMessageHtml(decision({ image: "javascript:alert(1)" }))).not.toContain("<img");
    expect(renderMessageHtml(decision({ image: "https://cdn.example/a.png" }))).toContain('<img src="https://cdn.example/a.png" alt="">');
    const cached = "data:image/png;base64,iVBORw0KGgo=";
    expect(renderMessageHtml(decision({ image: "/img/welcome.png", imageAlt: "Sale" }), { image: () => cached })).toContain(`<img src="${cached}" alt="Sale">`);
    expect(renderMessageHtml(decision({ image: "/x.png" }), { image: () => "javascript:alert(1)" })).not.toContain("<img");
  });

  it("keeps an html message's document and gives it the bridge", () => {
    const html = renderMessageHtml(decision({ layout: "html", html: "<html><head><title>T</title></head><body><a href='/sale'>Sale</a></body></html>" }));
    expect(html.startsWith("<html><head><script>")).toBe(true);
    expect(html).toContain("<title>T</title></head><body><a href='/sale'>Sale</a></body></html>");
    // A <header> is no <head>: a fragment with one is wrapped in a document of its own.
    const fragment = renderMessageHtml(decision({ layout: "html", html: "<header class='h'>Sale</header><p>Now</p>" }));
    expect(fragment).toMatch(/^<!doctype html><html><head><meta charset="utf-8"><script>[\s\S]*<\/script><\/head><body><header class='h'>Sale<\/header><p>Now<\/p><\/body><\/html>$/);
    expect(renderMessageHtml(decision({ layout: "html", html: "<HEAD lang='en'><title>T</title></HEAD>" }))).toMatch(/^<HEAD lang='en'><script>/);
  });

  it("escapeHtml", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});

describe("parseBridgeMessage", () => {
  const post = (m: object) => JSON.stringify({ edgewise: "c1", offerId: "o-1", ...m });

  it("accepts this document's messages, as strings or objects", () => {
    expect(parseBridgeMessage(post({ type: "ready", height: 120 }), "c1")).toEqual({ type: "ready", offerId: "o-1", height: 120 });
    expect(parseBridgeMessage(JSON.parse(post({ type: "dismiss", action: "escape" })), "c1")).toEqual({ type: "dismiss", offerId: "o-1", properties: { action: "escape" } });
    expect(parseBridgeMessage(post({ type: "interact", action: "url", label: "Shop", url: "/sale" }), "c1")).toEqual({ type: "interact", offerId: "o-1", properties: { action: "url", label: "Shop", url: "/sale" }, url: "/sale", stay: false });
    expect(parseBridgeMessage(post({ type: "link", url: "https://shop.example/a" }))).toEqual({ type: "link", offerId: "o-1", url: "https://shop.example/a" });
  });

  it("renders a malformed message without throwing: no buttons that are not objects, no unsafe URLs", () => {
    const html = renderMessageHtml(decision({ title: "Hi", buttons: [null, { label: "Go", action: { type: "url", url: "javascript:alert(1)" } }, "x"] }));
    expect(html.match(/data-ew="\d+"/g)).toEqual(['data-ew="0"']);
    expect(html).not.toContain("javascript:");
    expect(() => renderMessageHtml(decision({ layout: "toast", buttons: "x", title: 5 }))).not.toThrow();
  });

  it("drops unsafe URLs, other channels and anything malformed", () => {
    expect(parseBridgeMessage(post({ type: "interact", action: "url", url: "javascript:alert(1)" }), "c1")).toMatchObject({ properties: { action: "url" }, url: undefined });
    expect(parseBridgeMessage(post({ type: "link", url: "javascript:alert(1)" }), "c1")).toBeUndefined();
    expect(parseBridgeMessage(post({ type: "link", url: "data:text/html,<script>" }), "c1")).toBeUndefined();
    expect(parseBridgeMessage(post({ type: "dismiss" }), "other")).toBeUndefined();
    for (const bad of ["{", "null", "42", '{"type":"dismiss"}', post({ type: "eval" }), undefined, null]) expect(parseBridgeMessage(bad, "c1")).toBeUndefined();
  });
});

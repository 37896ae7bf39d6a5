import { describe, expect, it } from "vitest";
import { CatalogError, clientRuleset, compileCatalog, compileRuleset, isDeepLink, isDeepLinkScheme, isSafeUrl, parseUrl, safeUrl } from "../src/index.ts";
import { catalogJsonSchema } from "../src/schema/index.ts";
import { Ajv2020 } from "ajv/dist/2020";
import corpus from "./fixtures/urls.json" with { type: "json" };

const BASE = "https://base.example/";
const DECLARED = corpus.deepLinkSchemes;

/** More inputs for the parser comparison: every C0 control and space around and inside a scheme, and odd characters. */
function parserInputs(): string[] {
  const inputs = corpus.cases.map((c) => c.url);
  for (let code = 0; code <= 0x20; code++) {
    const c = String.fromCharCode(code);
    inputs.push(`${c}javascript:x`, `java${c}script:x`, `javascript${c}:x`, `javascript:x${c}`, `${c}/sale${c}`, `${c}${c}https://shop.example`);
  }
  for (const c of ["\u007f", "\u0080", "\u00a0", "\u1680", "\u2028", "\u3000", "\ufeff", "\\", "%", "+", "-", ".", "_", "~", "1", "é", "K"]) {
    inputs.push(`${c}javascript:x`, `java${c}script:x`, `a${c}b:c`);
  }
  inputs.push("1http:x", "+http:x", "a:", ":", "::", "a+b-c.d:x", "javascript", "http:", "https:", "http:/x", "MAILTO:a@b", "Tel:1", "C:\\x", "c:/x", "http://[::1]/", "shopapp:", "\t\n\r");
  return inputs;
}

/** The real WHATWG parser's protocol for `input` against an https base, or `null` when it fails. */
function protocolOf(input: string): string | null {
  try {
    return new URL(input, BASE).protocol;
  } catch {
    return null;
  }
}

describe("parseUrl reads the scheme exactly as the WHATWG URL parser does", () => {
  const inputs = parserInputs();

  it(`agrees with new URL(x, "${BASE}") on every one of ${inputs.length} inputs`, () => {
    const disagreements = inputs.flatMap((input) => {
      const protocol = protocolOf(input);
      const { scheme } = parseUrl(input);
      // No scheme: a relative URL, which takes the base's.
      const ours = `${scheme ?? "https"}:`;
      return protocol === null || protocol === ours ? [] : [{ input, protocol, ours }];
    });
    expect(disagreements).toEqual([]);
    // Nearly all of them parse, so the comparison above is not vacuous.
    expect(inputs.filter((input) => protocolOf(input) === null).length).toBeLessThan(inputs.length / 20);
  });

  it("the cleaned URL it returns resolves exactly as the raw one does", () => {
    for (const input of inputs) {
      const raw = protocolOf(input) === null ? null : new URL(input, BASE).href;
      const cleaned = protocolOf(parseUrl(input).url) === null ? null : new URL(parseUrl(input).url, BASE).href;
      expect(cleaned, JSON.stringify(input)).toBe(raw);
    }
  });

  it("strips C0 controls and spaces at the ends only, and removes tabs and newlines everywhere", () => {
    expect(parseUrl(" \u0000JaVa\tScRi\npt:alert(1)\u001f ")).toEqual({ url: "JaVaScRipt:alert(1)", scheme: "javascript" });
    expect(parseUrl("/a b")).toEqual({ url: "/a b", scheme: undefined });
    expect(parseUrl("\u00a0javascript:x")).toEqual({ url: "\u00a0javascript:x", scheme: undefined });
  });
});

describe("the URL policy (safeUrl)", () => {
  it.each(corpus.cases.map((c) => [c.note, c] as const))("%s", (_note, { url, safe, ...c }) => {
    const declared: string | null = "declared" in c ? (c.declared as string) : safe;
    expect(safeUrl(url) ?? null).toBe(safe);
    expect(safeUrl(url, DECLARED) ?? null).toBe(declared);
    expect(isSafeUrl(url)).toBe(safe !== null);
    // What it allows the parser reads as an allowed scheme, and resolves as the raw URL.
    for (const allowed of [safe, declared]) {
      if (allowed === null) continue;
      expect(["https:", "http:", "mailto:", "tel:", "shopapp:"]).toContain(protocolOf(allowed));
      expect(new URL(allowed, BASE).href).toBe(new URL(url, BASE).href);
    }
  });

  it("refuses what is not a string, and URLs over 2,048 characters", () => {
    for (const value of [undefined, null, 1, {}, ["/sale"], new String("/sale")]) expect(safeUrl(value)).toBeUndefined();
    expect(safeUrl(`/${"a".repeat(2047)}`)).toBe(`/${"a".repeat(2047)}`);
    expect(safeUrl(`/${"a".repeat(2048)}`)).toBeUndefined();
  });

  it("follows a deep link only with a declared scheme that is no web or script scheme", () => {
    expect(safeUrl("shopapp://cart", [])).toBeUndefined();
    expect(safeUrl("shopapp://cart", ["ShopApp"])).toBeUndefined(); // declarations are lower case
    for (const reserved of ["javascript", "data", "vbscript", "file", "blob", "about", "intent"]) {
      expect(safeUrl(`${reserved}:x`, [reserved]), reserved).toBeUndefined();
    }
    expect(isDeepLink("shopapp://cart", ["shopapp"])).toBe(true);
    expect(isDeepLink(" shopapp://cart", ["shopapp"])).toBe(true);
    expect(isDeepLink("shopapp://cart")).toBe(false);
    expect(isDeepLink("https://shop.example/app", ["shopapp"])).toBe(false);
    expect(isDeepLink("/cart", ["shopapp"])).toBe(false);
    expect(isDeepLink("shop\tapp://cart", ["shopapp"])).toBe(false);
  });

  it("isDeepLinkScheme: URL-scheme syntax in lower case, never a web, script, local or platform scheme", () => {
    for (const scheme of ["shopapp", "com.example.shop", "my-app+v2", "fb123"]) expect(isDeepLinkScheme(scheme), scheme).toBe(true);
    for (const scheme of ["", "ShopApp", "1app", "shop app", "shop:", "-x", "http", "https", "javascript", "data", "vbscript", "file", "blob", "about", "ws", "wss", "ftp", "intent", "content", "view-source", "filesystem", "jar", 5, null]) {
      expect(isDeepLinkScheme(scheme), String(scheme)).toBe(false);
    }
  });
});

describe("deepLinkSchemes in the catalog", () => {
  const catalog = (deepLinkSchemes: unknown, url = "shopapp://cart", type = "deeplink") => ({
    ...(deepLinkSchemes === undefined ? {} : { deepLinkSchemes }),
    placements: [{ id: "msgs", format: "message" }],
    offers: [{ id: "m", placements: ["msgs"], message: { layout: "modal", title: "Hi", buttons: [{ label: "Go", action: { type, url } }] } }],
  });
  const problems = (json: unknown) => {
    try {
      compileCatalog(json);
      return [];
    } catch (error) {
      if (!(error instanceof CatalogError)) throw error;
      return error.errors;
    }
  };
  const URL_PATH = "$.offers[0].message.buttons[0].action.url";

  it("a deep link whose scheme the catalog declares is accepted, and the client ruleset carries the declaration", () => {
    const compiled = compileCatalog(catalog(["shopapp"]));
    const ruleset = clientRuleset(compiled);
    expect(ruleset.deepLinkSchemes).toEqual(["shopapp"]);
    expect(clientRuleset(compileRuleset(ruleset))).toEqual(ruleset);
    expect(clientRuleset(compileCatalog(catalog(undefined, "/sale", "url")))).not.toHaveProperty("deepLinkSchemes");
  });

  it("a deeplink whose scheme is not declared is an error at its path", () => {
    expect(problems(catalog(undefined))).toEqual([{ path: URL_PATH, message: 'scheme "shopapp" is not declared in deepLinkSchemes' }]);
    expect(problems(catalog(["otherapp"]))).toEqual([{ path: URL_PATH, message: 'scheme "shopapp" is not declared in deepLinkSchemes' }]);
    const notADeepLink = "must be a deep link such as myapp://cart";
    for (const url of ["/cart", "https://shop.example/cart", " javascript:alert(1)", "shop\tapp://cart", "{{profile.link}}", 5]) {
      expect(problems(catalog(["shopapp"], url as string)), String(url)).toEqual([{ path: URL_PATH, message: notADeepLink }]);
    }
  });

  it("url buttons and images follow the URL policy: a leading space does not hide javascript:", () => {
    const message = "must be an http(s), mailto:, tel: or relative URL";
    for (const url of [" javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "//evil.example", "\\\\evil.example", "data:text/html,x", "shopapp://cart"]) {
      expect(problems(catalog(["shopapp"], url, "url")), url).toEqual([{ path: URL_PATH, message }]);
    }
    for (const url of ["/sale", " /sale", "https://shop.example", "mailto:a@shop.example", "tel:+1555", "{{event.properties.to}}"]) {
      expect(problems(catalog(["shopapp"], url, "url")), url).toEqual([]);
    }
    const withImage = catalog([], "/x", "url");
    (withImage.offers[0]!.message as Record<string, unknown>).image = " javascript:alert(1)";
    expect(problems(withImage)).toEqual([{ path: "$.offers[0].message.image", message }]);
  });

  it("the declaration itself is checked: a list of lower-case app schemes, no web or script scheme", () => {
    expect(problems(catalog("shopapp"))).toEqual([
      { path: "$.deepLinkSchemes", message: "must be an array of app URL schemes" },
      { path: URL_PATH, message: 'scheme "shopapp" is not declared in deepLinkSchemes' },
    ]);
    const refused = "must be an app's URL scheme in lower case, such as myapp (no web or script scheme)";
    expect(problems(catalog(["shopapp", "javascript", "https", "Data", "shop app", "", 7]))).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => ({ path: `$.deepLinkSchemes[${i}]`, message: refused })),
    );
  });

  it("the JSON Schema describes the field as the engine checks it", () => {
    const validate = new Ajv2020({ allErrors: true }).compile(catalogJsonSchema());
    expect(validate(catalog(["shopapp", "com.example.shop"]))).toBe(true);
    for (const schemes of [["javascript"], ["HTTP"], ["http"], ["a b"], "shopapp", [1]]) {
      expect(validate(catalog(schemes)), JSON.stringify(schemes)).toBe(false);
      expect(problems(catalog(schemes)).some((p) => p.path.startsWith("$.deepLinkSchemes")), JSON.stringify(schemes)).toBe(true);
    }
  });
});

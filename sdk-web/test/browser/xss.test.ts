/**
 * Cross-site scripting in Chromium, through every rendering path of the script tag, against the
 * real edge: html placements, json placements (`data-edgewise-field`/`-href`/`-src`, and `html`),
 * templates over profile attributes, every message layout (templated title, body, image, labels and
 * button URLs), deep-link buttons from a ruleset the device did not validate, and `html` messages
 * with their bridge (`edgewise.open`, `edgewise.action`). Payloads that the catalog validation
 * refuses at publish reach the page through what it does not check: profile attributes, event
 * properties, `html` message documents and a tampered ruleset (devices compile without validation).
 *
 * Every payload sets `window.__xss` (or opens a dialog) where it runs. The suite checks that none
 * ran in the page, that no navigation left the allowed schemes, that no `id`, `name` or `style`
 * from an offer reached the page, and that no offer put a fixed overlay on it.
 *
 * `EDGEWISE_XSS_SDK=/path/to/sdk.js` runs the same payloads against another build of the script tag.
 */
import { readFileSync } from "node:fs";
import { parseUrl, safeUrl } from "@edgewise/decision-engine";
import { build } from "esbuild";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browserSuite, edge, edgeUrl, hasBrowser } from "./harness.ts";
import { DEEP_LINK_SCHEMES, HTML_PAYLOADS, URL_CASES, X } from "./xss-payloads.ts";

const OTHER_SDK = process.env.EDGEWISE_XSS_SDK ? readFileSync(process.env.EDGEWISE_XSS_SDK, "utf8") : undefined;
const PROFILE_ID = "u-xss";
const LAYOUTS = ["modal", "banner", "slideup", "fullscreen", "inline"] as const;
const URLS = URL_CASES.map((c) => c.url);
/** List placements show at most 50 offers: the URL corpus takes two of each kind. */
const HALVES = [URL_CASES.slice(0, 36), URL_CASES.slice(36)];
const half = (j: number) => (j < 36 ? 0 : 1);

/** A value as it reads after HTML parsing (what a sanitiser or a template insert in HTML sees). */
const afterHtmlParsing = (url: string) => url.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
/** A JavaScript string literal that is safe inside an inline script. */
const jsString = (text: string) => JSON.stringify(text).replace(/</g, "\\u003c");
const BRIDGE_PROBE = 'edgewise.action(u);edgewise.open(u);edgewise.action("done")';

const list = (offers: { id: string }[], placement: string, format: string) => ({
  placement: { id: placement, format },
  offers: offers.map((offer, i) => ({ ...offer, placements: [placement], priority: 100 - i })),
});

/** The catalog: every payload that publish validation accepts, in every path. */
function xssCatalog() {
  const parts = [
    list(HTML_PAYLOADS.map((html, i) => ({ id: `x-html-${i}`, content: { html } })), "x-html", "html"),
    list(HTML_PAYLOADS.map((html, i) => ({ id: `x-jhtml-${i}`, content: { html } })), "x-jhtml", "json"),
    list(HTML_PAYLOADS.map((_, i) => ({ id: `x-pjhtml-${i}`, content: { html: `{{profile.h${i}}}` } })), "x-pjhtml", "json"),
    ...HALVES.map((cases, h) =>
      list(
        cases.map(({ url }, k) => {
          const v = attribute(url);
          return { id: `x-hurl-${h * 36 + k}`, content: { html: `<a class="u" href="${v}">a</a><img class="u" src="${v}" alt=""><blockquote class="u" cite="${v}">q</blockquote><a class="b" href="${v}" target="_blank">b</a>` } };
        }),
        `x-hurl-${h}`,
        "html",
      ),
    ),
    ...HALVES.map((cases, h) => list(cases.map(({ url }, k) => ({ id: `x-json-${h * 36 + k}`, content: { title: `${url}<img src=x onerror="${X}">`, href: url, src: url } })), `x-json-${h}`, "json")),
    ...HALVES.map((cases, h) =>
      list(cases.map((_, k) => ({ id: `x-pjson-${h * 36 + k}`, content: { title: `{{profile.h${(h * 36 + k) % HTML_PAYLOADS.length}}}`, href: `{{profile.u${h * 36 + k}}}`, src: `{{profile.u${h * 36 + k}}}` } })), `x-pjson-${h}`, "json"),
    ),
  ];
  const profileHtml = URLS.map((_, j) => `<a class="p" data-i="${j}" href="{{profile.u${j}}}">{{profile.h${j % HTML_PAYLOADS.length}}}</a><img class="p" data-i="${j}" src="{{profile.u${j}}}" alt="">`).join("");
  const message = (layout: string) => ({
    layout,
    title: "{{event.properties.title}}",
    body: "{{event.properties.body}}",
    image: "{{event.properties.image}}",
    imageAlt: "{{event.properties.title}}",
    buttons: [
      { label: "{{event.properties.label}}", action: { type: "url", url: "{{event.properties.url}}" } },
      { label: "app", action: { type: "deeplink", url: "shopapp://{{event.properties.deep}}" } },
    ],
  });
  return {
    deepLinkSchemes: DEEP_LINK_SCHEMES,
    placements: [
      ...parts.map((p) => p.placement),
      { id: "x-phtml", format: "html" },
      { id: "x-messages", format: "message" },
      { id: "x-inline", format: "message" },
    ],
    offers: [
      ...parts.flatMap((p) => p.offers),
      { id: "x-phtml", placements: ["x-phtml"], content: { html: profileHtml } },
      ...LAYOUTS.map((layout) => ({ id: `x-msg-${layout}`, placements: [layout === "inline" ? "x-inline" : "x-messages"], trigger: { event: `x.${layout}` }, message: message(layout) })),
      {
        id: "x-htmlmsg",
        placements: ["x-messages"],
        trigger: { event: "x.htmlmsg" },
        message: { layout: "html", title: "{{event.properties.title}}", html: `<a id="u" href="{{event.properties.url}}">u</a><script>var u=document.getElementById("u").getAttribute("href");${BRIDGE_PROBE}</script>` },
      },
      ...URLS.map((url, j) => ({
        id: `x-open-${j}`,
        placements: ["x-messages"],
        trigger: { event: `x.open.${j}` },
        message: { layout: "html", html: `<!doctype html><html><head><title>open</title></head><body><script>var u=${jsString(url)};${BRIDGE_PROBE}</script></body></html>` },
      })),
    ],
    ranking: Object.fromEntries(parts.map((p) => [p.placement.id, { strategy: "priority", limit: 50 }])),
  };
}

/** A snapshot profile whose attributes are the payloads: `u0…` the URL corpus, `h0…` the HTML payloads. */
const PROFILE = {
  profileId: PROFILE_ID,
  audiences: [],
  attributes: { ...Object.fromEntries(URLS.map((url, j) => [`u${j}`, url])), ...Object.fromEntries(HTML_PAYLOADS.map((html, i) => [`h${i}`, html])) },
};

interface Guard {
  dialogs: string[];
  /** Every frame navigation and every request the page made. */
  navigations: string[];
  requests: string[];
  /** Navigations answered by the suite (204, so that the page stays). */
  followed: string[];
}

/** Schemes that no navigation or request may ever use. */
const FORBIDDEN = /^(javascript|data|vbscript|file|blob):/i;

describe.skipIf(!hasBrowser)("XSS in Chromium: no payload runs through any rendering path", () => {
  const s = browserSuite({ snapshot: true, profiles: [PROFILE] });
  const pages = new Set<string>();
  let guard: Guard;

  beforeAll(async () => {
    await edge.publish(xssCatalog());
  });

  /** Watches the context: dialogs, navigations and requests; answers every navigation away with 204 (the page stays). */
  async function watch(context: BrowserContext, page: Page): Promise<Guard> {
    const g: Guard = { dialogs: [], navigations: [], requests: [], followed: [] };
    page.on("dialog", (dialog) => {
      g.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => {});
    });
    page.on("framenavigated", (frame) => g.navigations.push(frame.url()));
    context.on("request", (request) => g.requests.push(request.url()));
    await context.route("**/*", (route) => {
      const request = route.request();
      const url = request.url();
      if (OTHER_SDK && url === `${edgeUrl}/v1/sdk.js`) return route.fulfill({ body: OTHER_SDK, contentType: "text/javascript" });
      if (url.startsWith(edgeUrl) || pages.has(url)) return route.continue();
      if (request.isNavigationRequest()) {
        g.followed.push(url);
        return route.fulfill({ status: 204 });
      }
      return route.fulfill({ status: 404, body: "" });
    });
    return g;
  }

  beforeEach(async () => {
    guard = await watch(s.context, s.page);
  });

  async function open(path: string, body: string, attrs: string): Promise<void> {
    pages.add(`${s.site.url}${path}`);
    s.site.set(path, { body, attrs: `${attrs} data-min-interval="0" data-max-per-session="100000"` });
    // Again, should a navigation (a payload's, when one gets through) interrupt it.
    for (let attempt = 1; ; attempt++) {
      try {
        await s.page.goto(`${s.site.url}${path}`);
        break;
      } catch (error) {
        if (attempt == 3) throw error;
        await s.page.waitForTimeout(500);
      }
    }
    await s.page.waitForFunction(() => !!(window as any).edgewise?.track);
  }

  /** What ran in the page, and what no navigation may have done. */
  async function expectNothingRan(): Promise<void> {
    await s.page.waitForTimeout(300);
    expect(await s.page.evaluate(() => ((window as any).__xss === undefined ? null : String((window as any).__xss)))).toBeNull();
    expect(guard.dialogs).toEqual([]);
    expect([...guard.navigations, ...guard.requests, ...guard.followed].filter((url) => FORBIDDEN.test(url.trim()))).toEqual([]);
    // The page itself never navigated away (only same-document fragments).
    for (const url of s.page.frames().filter((f) => f === s.page.mainFrame()).map((f) => f.url())) expect(pages.has(url.replace(/#.*$/, ""))).toBe(true);
    // What was followed is only what the URL policy allows.
    for (const url of guard.followed) expect(/^https?:$/.test(new URL(url).protocol), url).toBe(true);
  }

  /**
   * Inspects what offers put into the placements: forbidden elements and attributes, overlays,
   * links that open windows without `rel`, and every URL attribute (which must already be what the
   * URL policy makes of it). Then clicks every link (but those leaving for other apps), recording
   * after which offer's link the sentinel was set.
   */
  async function inspectAndClick() {
    return s.page.evaluate(async () => {
      const w = window as any;
      const problems: string[] = [];
      const urls: { offer: string; cls: string; i: string | null; attr: string; value: string }[] = [];
      const hits: string[] = [];
      const units = [...document.querySelectorAll("[data-edgewise-item], [data-edgewise-placement]:not([data-edgewise-list])")];
      const FORBIDDEN_TAGS = /^(script|iframe|frame|object|embed|form|svg|math|base|meta|link|style|template|input|button|textarea|select|video|audio|noscript|body|marquee|dialog)$/i;
      for (const unit of units) {
        const offer = unit.getAttribute("data-edgewise-offer") ?? unit.getAttribute("data-edgewise-placement") ?? "";
        for (const el of unit.querySelectorAll("*")) {
          const where = `${offer} <${el.tagName.toLowerCase()}>`;
          if (FORBIDDEN_TAGS.test(el.tagName)) problems.push(`${where} element`);
          for (const name of el.getAttributeNames()) {
            if (/^(id|name|style|srcdoc|srcset|form|formaction|action|ping|background|xlink:href|popover)$/.test(name) || /^on/.test(name) || /^data-edgewise-(?!field$|href$|src$)/.test(name)) problems.push(`${where} [${name}]`);
          }
          const position = getComputedStyle(el).position;
          if (position === "fixed" || position === "sticky") problems.push(`${where} position: ${position}`);
          if (el.hasAttribute("target") && el.getAttribute("rel") !== "noopener noreferrer") problems.push(`${where} target without rel="noopener noreferrer"`);
          for (const attr of ["href", "src", "cite"]) {
            const value = el.getAttribute(attr);
            if (value !== null) urls.push({ offer, cls: el.getAttribute("class") ?? el.tagName.toLowerCase(), i: el.getAttribute("data-i"), attr, value });
          }
        }
      }
      if (typeof document.cookie !== "string") problems.push("document.cookie is clobbered");
      if (w.__xss instanceof Element || w.edgewise instanceof Element) problems.push("window.__xss or window.edgewise is clobbered");
      if (document.querySelectorAll("[data-edgewise-placement] [data-edgewise-placement]").length) problems.push("a placement inside an offer");
      let clicks = 0;
      for (const unit of units) {
        for (const a of unit.querySelectorAll<HTMLAnchorElement>("a[href]")) {
          if (a.target || !/^(https?|javascript|data|vbscript):$/.test(a.protocol)) continue;
          a.click();
          clicks++;
          await new Promise((resolve) => setTimeout(resolve, 5));
          // A payload that ran sets 1 (an element under that name is clobbering, reported apart).
          if (w.__xss === 1) {
            hits.push(`${unit.getAttribute("data-edgewise-offer")}: ${a.getAttribute("href")}`);
            delete w.__xss;
          }
        }
      }
      return { problems, urls, hits, units: units.length, clicks };
    });
  }

  /** Every URL attribute holds exactly what the URL policy makes of it: allowed, cleaned, a web URL. */
  const expectCleanUrls = (urls: { value: string }[]) => {
    for (const { value } of urls) expect(safeUrl(value), JSON.stringify(value)).toBe(value);
  };

  it("the engine's URL parsing agrees with Chromium's WHATWG parser, and decides alike there", async () => {
    const bundle = await build({
      // The workspace packages from source (their `dist/` is what npm consumers get).
      conditions: ["@edgewise/source"],
      stdin: { contents: 'import { parseUrl, safeUrl } from "@edgewise/decision-engine"; window.engine = { parseUrl, safeUrl };', resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      format: "iife",
      write: false,
    });
    const path = "/parser";
    pages.add(`${s.site.url}${path}`);
    s.site.set(path, `<!doctype html><script>${bundle.outputFiles[0]!.text.replace(/<\/script/g, "<\\/script")}</script>`);
    await s.page.goto(`${s.site.url}${path}`);
    const inputs = [...URLS, ...URLS.map((u) => ` ${u}`), ...URLS.map((u) => `\t${u.toUpperCase()}`)];
    const results = await s.page.evaluate(
      ({ inputs, schemes }) =>
        inputs.map((input) => {
          let protocol: string | null = null;
          try {
            protocol = new URL(input, "https://base.example/").protocol;
          } catch {}
          const { parseUrl, safeUrl } = (window as any).engine;
          return { protocol, scheme: parseUrl(input).scheme ?? null, safe: safeUrl(input) ?? null, declared: safeUrl(input, schemes) ?? null };
        }),
      { inputs, schemes: DEEP_LINK_SCHEMES },
    );
    const disagreements = inputs.flatMap((input, i) => {
      const r = results[i]!;
      const node = { scheme: parseUrl(input).scheme ?? null, safe: safeUrl(input) ?? null, declared: safeUrl(input, DEEP_LINK_SCHEMES) ?? null };
      const ours = `${r.scheme ?? "https"}:`;
      return (r.protocol === null || r.protocol === ours) && r.scheme === node.scheme && r.safe === node.safe && r.declared === node.declared ? [] : [{ input, ...r, node }];
    });
    expect(disagreements).toEqual([]);
    console.log(`URL parser agreement in Chromium: ${inputs.length} inputs`);
  });

  it.each(["edge", "local"])("html placements: %s mode, the HTML corpus and the URL corpus", async (mode) => {
    const body = ["x-html", "x-hurl-0", "x-hurl-1"].map((id) => `<div data-edgewise-placement="${id}" data-edgewise-list></div>`).join("");
    await open(`/html-${mode}`, body, `data-mode="${mode}"`);
    await s.page.waitForSelector('[data-edgewise-placement="x-hurl-1"] [data-edgewise-item]', { state: "attached" });
    const { problems, urls, hits, units } = await inspectAndClick();
    expect(hits).toEqual([]);
    expect(problems).toEqual([]);
    expect(units).toBe(HTML_PAYLOADS.length + URLS.length);
    expectCleanUrls(urls);
    // Each URL of the corpus: kept, as the policy cleaned it, exactly when the policy allows it.
    for (const [j, { url }] of URL_CASES.entries()) {
      const expected = safeUrl(afterHtmlParsing(url)) ?? null;
      const of = (cls: string, attr: string) => urls.find((u) => u.offer === `x-hurl-${j}` && u.cls === cls && u.attr === attr)?.value ?? null;
      expect([of("u", "href"), of("u", "src"), of("u", "cite"), of("b", "href")], JSON.stringify(url)).toEqual([expected, expected, expected, expected]);
    }
    // What the sanitiser keeps: class and title, text; a new window's link gets rel.
    expect(await s.page.locator("section.kept[title=kept]").textContent()).toBe("kept text");
    expect(await s.page.locator('a[href="https://evil.example/"]').getAttribute("rel")).toBe("noopener noreferrer");
    expect(await s.page.locator('a:text("named target")').getAttribute("target")).toBeNull();
    await expectNothingRan();
    console.log(`html placements (${mode}): ${HTML_PAYLOADS.length} HTML payloads, ${URLS.length} URLs × 4 attributes`);
  });

  it("json placements: data-edgewise-field, data-edgewise-href, data-edgewise-src, and html content", async () => {
    const item = '<template><div><b data-edgewise-field="title"></b><a data-edgewise-href="href" href="#default">go</a><img data-edgewise-src="src" alt=""></div></template>';
    const body = [0, 1].map((h) => `<div data-edgewise-placement="x-json-${h}" data-edgewise-list>${item}</div>`).join("") + '<div data-edgewise-placement="x-jhtml" data-edgewise-list></div>';
    await open("/json", body, 'data-mode="edge"');
    await s.page.waitForSelector('[data-edgewise-placement="x-jhtml"] [data-edgewise-item]', { state: "attached" });
    const { problems, urls, hits, units } = await inspectAndClick();
    expect(hits).toEqual([]);
    expect(problems).toEqual([]);
    expect(units).toBe(HTML_PAYLOADS.length + URLS.length);
    expectCleanUrls(urls);
    const fields = await s.page.evaluate(() =>
      [...document.querySelectorAll("[data-edgewise-item]")].map((item) => ({
        offer: item.getAttribute("data-edgewise-offer"),
        title: item.querySelector("b")?.textContent ?? null,
        href: item.querySelector("a[data-edgewise-href]")?.getAttribute("href") ?? null,
        src: item.querySelector("img[data-edgewise-src]")?.getAttribute("src") ?? null,
      })),
    );
    for (const [j, { url, safe }] of URL_CASES.entries()) {
      const f = fields.find((x) => x.offer === `x-json-${j}`);
      // Text is text; a URL is followed as the policy cleaned it, or the element keeps its own.
      expect(f, JSON.stringify(url)).toEqual({ offer: `x-json-${j}`, title: `${url}<img src=x onerror="${X}">`, href: safe ?? "#default", src: safe });
    }
    await expectNothingRan();
    console.log(`json placements: ${URLS.length} URLs × (field, href, src), ${HTML_PAYLOADS.length} HTML payloads as html content`);
  });

  it.each(["edge", "local"])("templates over profile attributes that hold the payloads (%s mode)", async (mode) => {
    const item = '<template><div><b data-edgewise-field="title"></b><a data-edgewise-href="href" href="#default">go</a><img data-edgewise-src="src" alt=""></div></template>';
    const body = '<div data-edgewise-placement="x-phtml"></div><div data-edgewise-placement="x-pjhtml" data-edgewise-list></div>' + [0, 1].map((h) => `<div data-edgewise-placement="x-pjson-${h}" data-edgewise-list>${item}</div>`).join("");
    await open(`/profile-${mode}`, body, `data-mode="${mode}" data-profile-id="${PROFILE_ID}"`);
    await s.page.waitForSelector('[data-edgewise-placement="x-pjson-1"] [data-edgewise-item]', { state: "attached" });
    await s.page.waitForSelector('[data-edgewise-placement="x-phtml"] a.p', { state: "attached" });
    const { problems, urls, hits, units } = await inspectAndClick();
    expect(hits).toEqual([]);
    expect(problems).toEqual([]);
    expect(units).toBe(1 + HTML_PAYLOADS.length + URLS.length);
    expectCleanUrls(urls);
    for (const [j, { url, safe }] of URL_CASES.entries()) {
      // {{profile.u}} in an html offer: escaped, parsed, then judged by the policy.
      const inHtml = safeUrl(afterHtmlParsing(url)) ?? null;
      const of = (cls: string, attr: string) => urls.find((u) => u.cls === cls && u.i === String(j) && u.attr === attr)?.value ?? null;
      expect([of("p", "href"), of("p", "src")], JSON.stringify(url)).toEqual([inHtml, inHtml]);
      // In json content it arrives raw.
      const json = urls.filter((u) => u.offer === `x-pjson-${j}`).map((u) => [u.attr, u.value]);
      expect(json, JSON.stringify(url)).toEqual(safe === null ? [["href", "#default"]] : [["href", safe], ["src", safe]]);
    }
    // The HTML payloads inserted by {{profile.h}} into an html offer stay text.
    const texts = await s.page.locator('[data-edgewise-placement="x-phtml"] a.p').allTextContents();
    expect(texts.slice(0, HTML_PAYLOADS.length)).toEqual(HTML_PAYLOADS);
    await expectNothingRan();
    console.log(`profile templates (${mode}): ${URLS.length} URL attributes in html and json, ${HTML_PAYLOADS.length} HTML attributes as text and as raw html content`);
  });

  /**
   * Runs `step` for each payload, one page call each: a payload that breaks the page (say, a
   * navigation that replaced it) is recorded with its error, and the page is opened again.
   */
  async function eachPayload<T, R>(items: T[], step: (item: T) => Promise<R>, reopen: () => Promise<void>): Promise<(R | { error: string })[]> {
    const results: (R | { error: string })[] = [];
    for (const item of items) {
      try {
        results.push(await step(item));
      } catch (error) {
        results.push({ error: String(error).split("\n")[0]! });
        await reopen();
      }
    }
    return results;
  }

  interface Shown {
    offerId: string | null;
    title: string | null;
    body: string | null;
    img: string | null;
    label: string | null;
    /** The sentinel was set after pressing the button. */
    hit: boolean;
  }

  /** Shows the message that `event` triggers with `properties`, presses its button `button`, and reports what it showed and whether a payload ran. */
  const showAndPress = (event: string, properties: Record<string, string>, button: number): Promise<Shown> =>
    s.page.evaluate(
      async ({ event, properties, button }) => {
        const w = window as any;
        const decision = await w.edgewise.track(event, properties);
        const root = [...document.querySelectorAll("[data-edgewise-message]")].pop()?.shadowRoot;
        const shown = {
          offerId: decision?.offerId ?? null,
          title: root?.querySelector("h2")?.textContent ?? null,
          body: root?.querySelector("p")?.textContent ?? null,
          img: root?.querySelector("img")?.getAttribute("src") ?? null,
          label: root?.querySelector(".a button")?.textContent ?? null,
        };
        root?.querySelectorAll<HTMLElement>(".a button")[button]?.click();
        await new Promise((resolve) => setTimeout(resolve, 10));
        const hit = w.__xss !== undefined;
        delete w.__xss;
        return { ...shown, hit };
      },
      { event, properties, button },
    );

  const messageBody = '<main><p>Shop</p></main><div data-edgewise-placement="x-inline"></div>';
  const ran = (results: ({ hit: boolean } | { error: string })[]) => results.flatMap((r, j) => ("error" in r ? [`${JSON.stringify(URLS[j])}: ${r.error}`] : r.hit ? [JSON.stringify(URLS[j])] : []));

  it("messages of every layout: templated title, body, image alt, label, image and button URLs", async () => {
    const reopen = () => open("/messages", messageBody, 'data-mode="local"');
    await reopen();
    const payloads = URL_CASES.map(({ url }, j) => {
      const html = HTML_PAYLOADS[j % HTML_PAYLOADS.length]!;
      return { title: html, body: `${url} ${html}`, label: `Go ${html}`, image: url, url, deep: "cart" };
    });
    const results = new Map<string, (Shown | { error: string })[]>();
    for (const layout of LAYOUTS) results.set(layout, await eachPayload(payloads, (p) => showAndPress(`x.${layout}`, p, 0), reopen));
    expect(Object.fromEntries(LAYOUTS.map((layout) => [layout, ran(results.get(layout)!)]))).toEqual(Object.fromEntries(LAYOUTS.map((layout) => [layout, []])));
    for (const layout of LAYOUTS) {
      for (const [j, { url }] of URL_CASES.entries()) {
        const p = payloads[j]!;
        expect(results.get(layout)![j], `${layout} ${JSON.stringify(url)}`).toEqual({ offerId: `x-msg-${layout}`, title: p.title, body: p.body, img: safeUrl(url) ?? null, label: p.label, hit: false });
      }
    }
    await expectNothingRan();
    // Followed: only web URLs the policy allows (external apps and fragments do not load).
    const allowed = new Set(URL_CASES.flatMap(({ declared }) => (declared === null ? [] : [new URL(declared, `${s.site.url}/messages`).href.replace(/#.*$/, "")])));
    for (const url of guard.followed) expect(allowed.has(url), url).toBe(true);
    console.log(`messages: ${LAYOUTS.length} layouts × ${URLS.length} payloads (title, body, label, image, button URL)`);
  });

  it("deep-link buttons and raw URLs from a ruleset the device compiled without validation", async () => {
    // A ruleset tampered with on its way: deep links and images with any URL, as published JSON would never hold them.
    await s.page.route(`${edgeUrl}/v1/ruleset`, async (route) => {
      const response = await route.fetch();
      const ruleset = await response.json();
      for (const offer of ruleset.offers) {
        if (!/^x-msg-/.test(offer.id)) continue;
        offer.message.buttons[1].action.url = "{{event.properties.url}}";
        offer.message.image = "{{event.properties.image}}";
      }
      await route.fulfill({ response, json: ruleset });
    });
    const reopen = () => open("/tampered", messageBody, 'data-mode="local"');
    await reopen();
    const payloads = URL_CASES.map(({ url }) => ({ title: "t", body: "b", label: "l", image: url, url, deep: "" }));
    const results = new Map<string, (Shown | { error: string })[]>();
    for (const layout of LAYOUTS) results.set(layout, await eachPayload(payloads, (p) => showAndPress(`x.${layout}`, p, 1), reopen));
    expect(Object.fromEntries(LAYOUTS.map((layout) => [layout, ran(results.get(layout)!)]))).toEqual(Object.fromEntries(LAYOUTS.map((layout) => [layout, []])));
    for (const layout of LAYOUTS) expect(results.get(layout)!.map((m) => ("offerId" in m ? m.offerId : m.error))).toEqual(URLS.map(() => `x-msg-${layout}`));
    await expectNothingRan();
    console.log(`deep-link buttons from a tampered ruleset: ${LAYOUTS.length} layouts × ${URLS.length} URLs`);
  });

  /**
   * Shows the html message `event` triggers and waits until its bridge is done: the message closed
   * (a URL was followed) or its last `edgewise.action("done")` arrived (the URL was refused).
   */
  const bridge = (event: string, properties?: Record<string, string>) =>
    s.page.evaluate(
      async ({ event, properties }) => {
        const w = window as any;
        const names: string[] = [];
        const record = (e: Event) => names.push((e as CustomEvent).detail.name);
        document.addEventListener("edgewise:action", record);
        await w.edgewise.track(event, properties);
        const host = [...document.querySelectorAll("[data-edgewise-message]")].pop();
        const started = Date.now();
        while (host?.isConnected && !names.includes("done") && Date.now() - started < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, 10));
        document.removeEventListener("edgewise:action", record);
        const followed = !host?.isConnected;
        if (!followed) document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
        const hit = w.__xss !== undefined;
        delete w.__xss;
        return { followed, hit, names };
      },
      { event, properties },
    );

  it("html messages: edgewise.open and edgewise.action from published documents, with the raw URL corpus", async () => {
    const reopen = () => open("/bridge", messageBody, 'data-mode="local"');
    await reopen();
    const outcomes = await eachPayload(URLS.map((_, j) => j), (j) => bridge(`x.open.${j}`), reopen);
    expect(ran(outcomes)).toEqual([]);
    for (const [j, { url, declared }] of URL_CASES.entries()) {
      // The action arrives as a name, the URL is followed only when the policy allows it (deep links: declared ones).
      expect(outcomes[j], JSON.stringify(url)).toEqual({ followed: declared !== null, hit: false, names: declared === null ? [url, "done"] : [url] });
    }
    await expectNothingRan();
    console.log(`html message bridge, published documents: ${URLS.length} URLs through edgewise.open and edgewise.action`);
  });

  it("html messages: edgewise.open with URLs from event properties, through a template", async () => {
    const reopen = () => open("/bridge-template", messageBody, 'data-mode="local"');
    await reopen();
    const outcomes = await eachPayload(URLS, (url) => bridge("x.htmlmsg", { url, title: `<img src=x onerror="${X}">` }), reopen);
    expect(ran(outcomes)).toEqual([]);
    for (const [j, { url }] of URL_CASES.entries()) {
      const expected = safeUrl(afterHtmlParsing(url), DEEP_LINK_SCHEMES) !== undefined;
      expect(outcomes[j], JSON.stringify(url)).toMatchObject({ followed: expected, hit: false });
    }
    await expectNothingRan();
    console.log(`html message bridge, templated: ${URLS.length} URLs`);
  });
});

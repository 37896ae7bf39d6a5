/**
 * The URL policy's corpus (decision-engine/test/fixtures/urls.json, also run by the engine in Node
 * and by sdk-web's XSS suite) through the WebView renderer and its bridge, in Chromium: button URLs
 * and images of a rendered message, links and `edgewise.open(url)` of an `html` message, what
 * `parseBridgeMessage` lets through, and what `webViewPresenter` opens. Payloads set
 * `window.__xss` where they run.
 */
import { existsSync } from "node:fs";
import { safeUrl } from "@edgewise/decision-engine";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import corpus from "../../../decision-engine/test/fixtures/urls.json" with { type: "json" };
import { parseBridgeMessage, renderMessageHtml, webViewPresenter, type MessageDecision, type WebViewMessage } from "../../src/index.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const DOC = "http://message.test/";
const SCHEMES = corpus.deepLinkSchemes;
const CASES = corpus.cases.map((c) => ({ url: c.url, safe: c.safe, declared: "declared" in c ? (c.declared as string | null) : c.safe }));
const X = "window.__xss=1";

/** A value as it reads after HTML parsing (an href in a document). */
const afterHtmlParsing = (url: string) => url.replace(/\r\n?/g, "\n").replace(/\0/g, "\uFFFD");
const attribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
const jsString = (text: string) => JSON.stringify(text).replace(/</g, "\\u003c");

const decision = (message: Record<string, unknown>, deepLinkSchemes?: string[]): MessageDecision => ({
  placement: "app-messages",
  offerId: "o",
  fallback: false,
  message: { layout: "modal", ...message } as MessageDecision["message"],
  ...(deepLinkSchemes ? { deepLinkSchemes } : {}),
});

describe.skipIf(!existsSync(CHROMIUM))("the URL corpus through the WebView renderer and its bridge, in Chromium", () => {
  let browser: Browser;
  let page: Page;
  let html = "";

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await browser.newPage();
    page.on("dialog", (dialog) => void dialog.dismiss().catch(() => {}));
    // The document is the page; nothing else loads (a WebView with the app's source).
    await page.route("**/*", (route) => (route.request().url() === DOC ? route.fulfill({ body: html, contentType: "text/html; charset=utf-8" }) : route.abort()));
    await page.addInitScript(() => {
      const w = window as unknown as { __posts: string[]; ReactNativeWebView: { postMessage(s: string): void } };
      w.__posts = [];
      w.ReactNativeWebView = { postMessage: (s) => void w.__posts.push(s) };
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Shows `document` as a WebView does, runs `act` in it, and returns what it posted and whether a payload ran. */
  async function show(source: string, act: (page: Page) => Promise<unknown>): Promise<{ posts: string[]; ran: boolean; dialogs: number }> {
    html = source;
    let dialogs = 0;
    const count = () => void dialogs++;
    page.on("dialog", count);
    await page.goto(DOC);
    await page.waitForFunction(() => (window as unknown as { __posts: string[] }).__posts.length > 0);
    await act(page);
    await page.waitForTimeout(20);
    page.off("dialog", count);
    const { posts, ran } = await page.evaluate(() => {
      const w = window as unknown as { __posts: string[]; __xss?: unknown };
      return { posts: w.__posts, ran: w.__xss !== undefined };
    });
    return { posts: posts.filter((p) => JSON.parse(p).type !== "ready"), ran, dialogs };
  }

  it("button URLs and images: only what the policy allows reaches the document, cleaned; deep links only when declared", async () => {
    const problems: string[] = [];
    const config = (doc: string) => (JSON.parse(/\}\)\((\{.*\})\)<\/script>/.exec(doc)![1]!) as { buttons: { url?: string }[] }).buttons.map((b) => b.url ?? null);
    for (const { url, safe, declared } of CASES) {
      const message = (schemes?: string[]) => decision({ title: `<img src=x onerror="${X}">`, image: url, buttons: [{ label: "url", action: { type: "url", url } }, { label: "deep", action: { type: "deeplink", url } }] }, schemes);
      // What the document's script holds for its buttons, without and with the declared schemes…
      const undeclared = config(renderMessageHtml(message(), { channel: "c" }));
      const doc = renderMessageHtml(message(SCHEMES), { channel: "c" });
      // …what pressing one posts in Chromium, and how the app's parser reads it with and without the declaration.
      const { posts, ran, dialogs } = await show(doc, (p) => p.locator('button[data-ew="0"]').click());
      const read = (schemes?: string[]) => posts.map((p) => parseBridgeMessage(p, "c", schemes)).map((m) => (m?.type === "interact" ? (m.url ?? null) : "not an interaction"));
      const img = await page.evaluate(() => document.querySelector("img")?.getAttribute("src") ?? null);
      const clean = safeUrl(url);
      const outcome = { ran, dialogs, undeclared, declared: config(doc), posted: read(SCHEMES), postedUndeclared: read(), img };
      const expected = { ran: false, dialogs: 0, undeclared: [safe, safe], declared: [declared, declared], posted: [declared], postedUndeclared: [safe], img: clean && /^https?:\/\//i.test(clean) ? clean : null };
      if (JSON.stringify(outcome) !== JSON.stringify(expected)) problems.push(`${JSON.stringify(url)}: ${JSON.stringify(outcome)}`);
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("html messages: a link and edgewise.open(url) reach the app only as the policy allows, and run nothing in the document", async () => {
    const problems: string[] = [];
    for (const { url, declared } of CASES) {
      const doc = `<!doctype html><html><head><title>x</title></head><body><a id="l" href="${attribute(url)}">link</a><button id="o" onclick="edgewise.open(${attribute(jsString(url))})">open</button></body></html>`;
      for (const target of ["#l", "#o"]) {
        const { posts, ran, dialogs } = await show(renderMessageHtml(decision({ layout: "html", html: doc }, SCHEMES), { channel: "h" }), (p) => p.locator(target).click());
        // A link is read from the parsed document; edgewise.open gets the string as it is.
        const expected = target === "#l" ? (safeUrl(afterHtmlParsing(url), SCHEMES) ?? null) : declared;
        const parsed = posts.map((p) => parseBridgeMessage(p, "h", SCHEMES) ?? null);
        const fragment = target === "#l" && afterHtmlParsing(url).charAt(0) === "#"; // in-document links stay in the document
        const ok = !ran && dialogs === 0 && (fragment ? posts.length === 0 : posts.length === 1 && (parsed[0] === null ? null : (parsed[0] as { url: string }).url) === expected);
        if (!ok) problems.push(`${target} ${JSON.stringify(url)}: ${JSON.stringify({ ran, dialogs, posts, parsed })}`);
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it("webViewPresenter opens only what the policy allows, as it cleaned it, with the ruleset's deep-link schemes", () => {
    for (const { url, safe, declared } of CASES) {
      for (const schemes of [undefined, SCHEMES]) {
        const opened: string[] = [];
        const replies: unknown[] = [];
        let shown: WebViewMessage | undefined;
        const presenter = webViewPresenter({ present: (m) => ((shown = m), true), close: () => {}, open: (u) => void opened.push(u) });
        const post = (m: object) => shown!.onMessage(JSON.stringify({ edgewise: shown!.channel, offerId: "o", ...m }));
        const expected = schemes ? declared : safe;
        for (const m of [{ type: "interact", action: "url", label: "a", url }, { type: "interact", action: "deeplink", label: "b", url }, { type: "link", url }]) {
          presenter.show(decision({ title: "t" }, schemes), (type, properties) => void replies.push([type, properties]));
          post(m);
        }
        expect(opened, `${JSON.stringify(url)} ${schemes ? "declared" : "undeclared"}`).toEqual(expected === null ? [] : [expected, expected, expected]);
      }
    }
  });
});

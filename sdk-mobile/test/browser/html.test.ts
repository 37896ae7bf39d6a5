import { existsSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBridgeMessage, renderMessageHtml, webViewPresenter, type MessageDecision, type WebViewMessage } from "../../src/index.ts";
import { mobile } from "../helpers.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const hasChromium = existsSync(CHROMIUM);
const DOC = "http://message.test/";

if (!hasChromium) {
  const notice = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
  if (process.env.CI && process.env.CI !== "false") {
    describe("message documents in Chromium", () => {
      it("needs Chromium under CI", () => {
        throw new Error(`${notice}: the WebView renderer's tests cannot run under CI without it`);
      });
    });
  } else console.warn(`\n  ⚠ ${notice}; SKIPPING the WebView renderer's Chromium tests.\n`);
}

const PIXEL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

const decision = (message: Record<string, unknown>): MessageDecision => ({ placement: "app-messages", offerId: "welcome", fallback: false, message: { layout: "modal", ...message } as MessageDecision["message"] });

const WELCOME: MessageDecision = {
  ...decision({
    title: "Welcome back",
    body: "10% off today",
    image: PIXEL,
    imageAlt: "A gift box",
    buttons: [
      { label: "Shop", action: { type: "deeplink", url: "shop://sale" } },
      { label: "Later", action: { type: "dismiss" } },
    ],
  }),
  // The app's scheme, declared in the catalog (the client sets this from the ruleset).
  deepLinkSchemes: ["shop"],
};

/** A page showing the document the way a WebView does, with `window.ReactNativeWebView` collecting what it posts. */
interface Opened {
  page: Page;
  posts(): Promise<any[]>;
  /** Requests other than the document itself (none are expected). */
  requests: string[];
}

describe.skipIf(!hasChromium)("message documents in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(html: string, options: { colorScheme?: "light" | "dark"; bridge?: boolean } = {}): Promise<Opened> {
    const page = await browser.newPage({ colorScheme: options.colorScheme ?? "light", viewport: { width: 390, height: 844 } });
    const requests: string[] = [];
    await page.route("**/*", (route) => {
      if (route.request().url() === DOC) return route.fulfill({ body: html, contentType: "text/html; charset=utf-8" });
      requests.push(route.request().url());
      return route.abort();
    });
    if (options.bridge !== false) {
      await page.addInitScript(() => {
        const w = window as unknown as { __posts: string[]; ReactNativeWebView: { postMessage(s: string): void } };
        w.__posts = [];
        w.ReactNativeWebView = { postMessage: (s) => void w.__posts.push(s) };
      });
    }
    await page.goto(DOC);
    await page.waitForFunction(() => (window as unknown as { __posts?: string[] }).__posts?.length !== 0);
    const posts = async () => (await page.evaluate(() => (window as unknown as { __posts: string[] }).__posts)).map((s) => JSON.parse(s));
    return { page, posts, requests };
  }

  const ofType = async (o: Opened, type: string) => (await o.posts()).filter((m) => m.type === type);

  it("renders an accessible modal dialog: labelled, focused on its first action, Tab kept inside, 44 px targets, alt text", async () => {
    const o = await open(renderMessageHtml(WELCOME, { channel: "c1" }));
    const { page } = o;
    const dialog = page.getByRole("dialog", { name: "Welcome back" });
    await expect(dialog.getAttribute("aria-modal")).resolves.toBe("true");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Shop");
    const focused: string[] = [];
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      focused.push(await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent ?? ""));
    }
    expect(focused).toEqual(["Later", "Close", "Shop", "Later"]);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Shift+Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Later");
    for (const box of await page.locator("button").evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().toJSON()))) {
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.getByRole("img", { name: "A gift box" }).count()).toBe(1);
    expect(await page.title()).toBe("Welcome back");
    const [ready] = await ofType(o, "ready");
    expect(ready).toMatchObject({ edgewise: "c1", offerId: "welcome" });
    expect(ready.height).toBeGreaterThan(0);
    expect(o.requests).toEqual([]);
    await page.close();
  });

  it("a button posts interact once, with its deep link; later presses are ignored", async () => {
    const o = await open(renderMessageHtml(WELCOME, { channel: "c1" }));
    await o.page.keyboard.press("Enter"); // "Shop" has the focus
    await o.page.getByRole("button", { name: "Later" }).click();
    await o.page.keyboard.press("Escape");
    const posts = (await o.posts()).filter((m) => m.type !== "ready");
    expect(posts).toEqual([{ edgewise: "c1", offerId: "welcome", type: "interact", action: "deeplink", label: "Shop", url: "shop://sale" }]);
    expect(parseBridgeMessage(JSON.stringify(posts[0]), "c1", ["shop"])).toMatchObject({ type: "interact", url: "shop://sale" });
    expect(parseBridgeMessage(JSON.stringify(posts[0]), "c1")).toMatchObject({ type: "interact", url: undefined });
    await o.page.close();
  });

  it("dismisses with Escape, the close button, a dismiss button, or a tap on the backdrop (not on the card)", async () => {
    const cases: [string, (page: Page) => Promise<void>, object][] = [
      ["escape", (page) => page.keyboard.press("Escape"), { action: "escape" }],
      ["close", (page) => page.getByRole("button", { name: "Close" }).click(), { action: "close" }],
      ["dismiss button", (page) => page.getByRole("button", { name: "Later" }).click(), { action: "dismiss", label: "Later" }],
      ["backdrop", async (page) => {
        await page.getByText("10% off today").click();
        await page.mouse.click(10, 10);
      }, { action: "backdrop" }],
    ];
    for (const [name, act, expected] of cases) {
      const o = await open(renderMessageHtml(WELCOME));
      await act(o.page);
      const posts = (await o.posts()).filter((m) => m.type !== "ready");
      expect(posts, name).toEqual([expect.objectContaining({ type: "dismiss", ...expected })]);
      await o.page.close();
    }
  });

  it("escapes text: markup in a message stays text and runs nothing", async () => {
    const o = await open(renderMessageHtml(decision({ title: "<img src=x onerror=\"window.__xss=1\">", body: "</p><script>window.__xss=2</script>", buttons: [{ label: "<b>ok</b>", action: { type: "dismiss" } }] })));
    const { page } = o;
    expect(await page.locator("h1").textContent()).toBe('<img src=x onerror="window.__xss=1">');
    expect(await page.locator("p").textContent()).toBe("</p><script>window.__xss=2</script>");
    expect(await page.getByRole("button", { name: "<b>ok</b>" }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img, b").count()).toBe(0);
    await page.close();
  });

  it("sends only safe URLs: a javascript: button posts its interaction without the URL", async () => {
    const o = await open(renderMessageHtml(decision({ title: "x", buttons: [{ label: "Bad", action: { type: "url", url: "javascript:window.__xss=1" } }, { label: "Good", action: { type: "url", url: "/sale?x=1" } }] })));
    await o.page.getByRole("button", { name: "Bad" }).click();
    expect(await ofType(o, "interact")).toEqual([expect.not.objectContaining({ url: expect.anything() })]);
    await o.page.close();
    const good = await open(renderMessageHtml(decision({ title: "x", buttons: [{ label: "Good", action: { type: "url", url: "/sale?x=1" } }] })));
    await good.page.getByRole("button", { name: "Good" }).click();
    expect(await ofType(good, "interact")).toEqual([expect.objectContaining({ action: "url", url: "/sale?x=1" })]);
    await good.page.close();
  });

  it("follows the dark color scheme", async () => {
    const colors: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      const o = await open(renderMessageHtml(WELCOME), { colorScheme });
      colors.push(await o.page.locator(".x").evaluate((card) => `${getComputedStyle(card).backgroundColor} / ${getComputedStyle(card).color}`));
      await o.page.close();
    }
    expect(colors).toEqual(["rgb(255, 255, 255) / rgb(17, 17, 17)", "rgb(32, 33, 36) / rgb(238, 238, 238)"]);
  });

  it("banners and slide-ups are labelled non-modal dialogs that do not take focus; an untitled one is named by the label", async () => {
    for (const layout of ["banner", "slideup", "inline"]) {
      const o = await open(renderMessageHtml(decision({ layout, body: "Free shipping" }), { labels: { message: "Offer" } }));
      const dialog = o.page.getByRole("dialog", { name: "Offer" });
      expect(await dialog.getAttribute("aria-modal"), layout).toBe("false");
      expect(await o.page.evaluate(() => document.activeElement === document.body), layout).toBe(true);
      const [ready] = await ofType(o, "ready");
      expect(ready.height, layout).toBeLessThan(300); // the app sizes its WebView to the content
      // Measured by layout, not during the card's entry animation (which starts it 8 px lower).
      await o.page.waitForTimeout(400);
      const settled = await o.page.locator(".x").evaluate((x) => Math.ceil(x.getBoundingClientRect().bottom + (parseFloat(getComputedStyle(x).marginBottom) || 0)));
      expect(ready.height, layout).toBe(settled);
      await o.page.close();
    }
  });

  it("an html message keeps its document; links, edgewise.close/open/action and Escape go through the bridge", async () => {
    const html = renderMessageHtml(
      decision({
        layout: "html",
        html: `<!doctype html><html><head><title>Promo</title></head><body>
          <a href="/sale">Sale</a> <a href="#more">More</a> <a href="javascript:alert(1)">Bad</a>
          <button id="fav" onclick="edgewise.action('favourite')">Fav</button>
          <button id="bye" onclick="edgewise.close()">Bye</button><p id="more">…</p></body></html>`,
      }),
      { channel: "h1" },
    );
    const o = await open(html);
    await o.page.getByText("More").click();
    await o.page.locator("#fav").click();
    await o.page.getByText("Bad").click();
    await o.page.getByText("Sale").click();
    await o.page.locator("#bye").click();
    const posts = (await o.posts()).filter((m) => m.type !== "ready");
    expect(posts).toEqual([
      { edgewise: "h1", offerId: "welcome", type: "interact", action: "custom", name: "favourite", stay: true },
      { edgewise: "h1", offerId: "welcome", type: "link", url: "javascript:alert(1)" }, // posted, and refused by the app's parser:
    ]);
    expect(parseBridgeMessage(JSON.stringify(posts[1]), "h1")).toBeUndefined();
    await o.page.close();

    const second = await open(html);
    await second.page.getByText("Sale").click();
    expect((await second.posts()).filter((m) => m.type !== "ready")).toEqual([expect.objectContaining({ type: "link", url: "/sale" })]);
    await second.page.close();

    const third = await open(html);
    await third.page.keyboard.press("Escape");
    expect(await ofType(third, "dismiss")).toEqual([expect.objectContaining({ action: "escape" })]);
    await third.page.close();
  });

  it("without window.ReactNativeWebView (an iframe in a browser), posts to the parent", async () => {
    const doc = renderMessageHtml(WELCOME, { channel: "frame-1" });
    const parent = `<!doctype html><script>window.__got=[];addEventListener("message",e=>__got.push(e.data))</script><iframe style="width:390px;height:600px" srcdoc="${doc.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"></iframe>`;
    const page = await browser.newPage();
    await page.route("**/*", (route) => route.fulfill({ body: parent, contentType: "text/html" }));
    await page.goto(DOC);
    await page.waitForFunction(() => (window as unknown as { __got: unknown[] }).__got.length > 0);
    await page.frameLocator("iframe").getByRole("button", { name: "Close" }).click();
    await page.waitForFunction(() => (window as unknown as { __got: unknown[] }).__got.length > 1);
    const got = await page.evaluate(() => (window as unknown as { __got: string[] }).__got);
    expect(got.map((data) => parseBridgeMessage(data, "frame-1"))).toEqual([
      expect.objectContaining({ type: "ready" }),
      { type: "dismiss", offerId: "welcome", properties: { action: "close" } },
    ]);
    await page.close();
  });

  it("end to end: the client's message in a WebView-like page, pressed in Chromium, reaches the edge as interact", async () => {
    const presented: WebViewMessage[] = [];
    const opened: string[] = [];
    const presenter = webViewPresenter({ present: (m) => (presented.push(m), true), close: () => {}, open: (url) => void opened.push(url) });
    const { client, edge, clock } = mobile({ mode: "local", presenter });
    await client.ready;
    await clock.advance(1000);
    // The launch message: decided once the engine has loaded (a dynamic import, real I/O).
    await expect.poll(() => presented.length).toBe(1);
    const message = presented[0]!;
    const page = await browser.newPage();
    await page.exposeFunction("forward", (data: string) => message.onMessage(data));
    await page.addInitScript(() => {
      (window as unknown as { ReactNativeWebView: unknown }).ReactNativeWebView = { postMessage: (s: string) => (window as unknown as { forward(s: string): void }).forward(s) };
    });
    await page.route("**/*", (route) => route.fulfill({ body: message.html, contentType: "text/html" }));
    await page.goto(DOC);
    await page.getByRole("button", { name: "Shop" }).click();
    await expect.poll(() => opened).toEqual(["shop://sale"]);
    await client.flush();
    expect(edge.eventsOf("interact")).toEqual([expect.objectContaining({ offerId: "welcome-back", properties: { action: "deeplink", label: "Shop", url: "shop://sale" } })]);
    await page.close();
  });
});

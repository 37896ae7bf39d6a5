import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from "vitest";
import { E2E_CATALOG, E2E_SNAPSHOT } from "./catalog.ts";
import { edge, eventually, hasBrowser, historyOf, launch, rendered, servePages, unique } from "./harness.ts";

describe.skipIf(!hasBrowser)("placements in Chromium against the edge", () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof servePages>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await edge.publish(E2E_CATALOG);
    await edge.importSnapshot(E2E_SNAPSHOT(unique("snap")));
    browser = await launch();
    site = await servePages();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const hero = '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>';

  for (const mode of ["edge", "local", "hybrid"]) {
    it(`renders each profile's offer (${mode} mode)`, async () => {
      site.set("/vip", { body: hero, attrs: `data-mode="${mode}" data-profile-id="u-vip"` });
      site.set("/anon", { body: hero, attrs: `data-mode="${mode}"` });
      await page.goto(`${site.url}/vip`);
      await page.waitForSelector('[data-edgewise-placement="home-hero"] h2.vip');
      expect(await page.textContent('[data-edgewise-placement="home-hero"] h2')).toBe("Olá Ana");
      // The identity persists on the device; a new visitor (fresh storage) is anonymous.
      await page.reload();
      await page.waitForSelector('[data-edgewise-placement="home-hero"] h2.vip');
      const visitor = await (await browser.newContext()).newPage();
      await visitor.goto(`${site.url}/anon`);
      await visitor.waitForSelector('[data-edgewise-placement="home-hero"] h2.default');
      expect(await visitor.getAttribute('[data-edgewise-placement="home-hero"]', "data-edgewise-offer")).toBe("default-hero");
      await visitor.context().close();
    });
  }

  it("sanitises html offers: no script, handler or javascript: link runs", async () => {
    site.set("/vip", { body: hero, attrs: 'data-mode="edge" data-profile-id="u-vip"' });
    await page.goto(`${site.url}/vip`);
    await page.waitForSelector("h2.vip");
    await page.click('[data-edgewise-placement="home-hero"] a').catch(() => {});
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    const html = await page.innerHTML('[data-edgewise-placement="home-hero"]');
    expect(html).not.toMatch(/onerror|<script|javascript:/);
  });

  it("fills json offers into field elements and reports display only once half visible", async () => {
    const id = unique("u");
    site.set("/json", {
      attrs: `data-mode="edge" data-profile-id="${id}"`,
      body:
        '<div data-edgewise-placement="promo-card"><h3 data-edgewise-field="title">Default</h3><a data-edgewise-href="cta" href="/">Go</a></div>' +
        '<div style="height:3000px"></div><div data-edgewise-placement="below-fold"><p>Default</p></div>',
    });
    await page.goto(`${site.url}/json`);
    await rendered(page, "promo-card");
    expect(await page.textContent('[data-edgewise-field="title"]')).toBe("Free shipping");
    expect(await page.getAttribute("[data-edgewise-href]", "href")).toBe("/shipping");
    await rendered(page, "below-fold");
    await page.evaluate(() => (window as any).edgewise.flush());
    const displays = async () => (await historyOf(id)).filter((e) => e.name === "display").map((e) => e.offerId);
    expect(await eventually(async () => (await displays()).includes("promo") && displays())).toEqual(["promo"]);
    await page.evaluate(() => document.querySelector('[data-edgewise-placement="below-fold"]')!.scrollIntoView());
    await page.waitForTimeout(300);
    await page.evaluate(() => (window as any).edgewise.flush());
    expect((await eventually(async () => ((await displays()).length === 2 ? displays() : undefined)))!.sort()).toEqual(["fold", "promo"]);
  });

  it("replays calls queued before it loaded, and push keeps working", async () => {
    const id = unique("u");
    site.set("/queued", { body: hero, attrs: 'data-mode="edge"', queued: [["identify", "u-vip"], ["track", "early.bird", { n: 1 }]] });
    await page.goto(`${site.url}/queued`);
    await page.waitForSelector("h2.vip");
    await page.evaluate((id) => {
      const w = window as any;
      w.edgewise.push(["identify", id]);
      w.edgewise.push(["track", "late.bird"]);
      return w.edgewise.flush();
    }, id);
    expect(await eventually(async () => (await historyOf(id)).some((e) => e.name === "late.bird"))).toBe(true);
    expect(await eventually(async () => (await historyOf("u-vip")).some((e) => e.name === "early.bird"))).toBe(true);
  });

  it("single-page apps: re-decides on pushState and popstate, without rendering twice", async () => {
    site.set("*", { body: hero + '<div id="later"></div>', attrs: 'data-mode="edge"' });
    await page.goto(`${site.url}/spa/a`);
    await page.waitForSelector("h2.default");
    await page.evaluate(() => {
      (window as any).renders = 0;
      document.addEventListener("edgewise:render", () => (window as any).renders++);
      (window as any).heading = document.querySelector('[data-edgewise-placement="home-hero"] h2');
      history.pushState({}, "", "/spa/a2");
    });
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as any).heading === document.querySelector('[data-edgewise-placement="home-hero"] h2'))).toBe(true);
    expect(await page.evaluate(() => (window as any).renders)).toBe(0);
    await page.evaluate(() => history.pushState({}, "", "/spa/b"));
    await page.waitForSelector("h2.b");
    expect(await page.evaluate(() => (window as any).renders)).toBe(1);
    await page.goBack();
    await page.waitForSelector("h2.default");
    await page.evaluate(() => {
      document.getElementById("later")!.innerHTML = '<div data-edgewise-placement="promo-card"><span data-edgewise-field="title"></span></div>';
    });
    await page.waitForSelector('[data-edgewise-field="title"]:text("Free shipping")');
    expect(await page.evaluate(() => (window as any).renders)).toBe(3);
  });

  it("pre-hides only placements, and reveals them when the edge cannot be reached", async () => {
    site.set("/down", {
      body: hero + '<p id="other">Other content</p>',
      attrs: 'data-mode="edge" data-edge="http://127.0.0.1:9" data-timeout="3000"',
    });
    const started = Date.now();
    await page.goto(`${site.url}/down`);
    expect(await page.isVisible("#other")).toBe(true);
    await rendered(page, "home-hero");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await page.isVisible("h2.original")).toBe(true);
  });
});

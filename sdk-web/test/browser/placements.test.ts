import { describe, expect, it } from "vitest";
import { browserSuite, edge, eventually, hasBrowser, historyOf, rendered, unique } from "./harness.ts";

describe.skipIf(!hasBrowser)("placements in Chromium against the edge", () => {
  const s = browserSuite({ snapshot: true });


  const hero = '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>';

  for (const mode of ["edge", "local", "hybrid"]) {
    it(`renders each profile's offer (${mode} mode)`, async () => {
      s.site.set("/vip", { body: hero, attrs: `data-mode="${mode}" data-profile-id="u-vip"` });
      s.site.set("/anon", { body: hero, attrs: `data-mode="${mode}"` });
      await s.page.goto(`${s.site.url}/vip`);
      await s.page.waitForSelector('[data-edgewise-placement="home-hero"] h2.vip');
      expect(await s.page.textContent('[data-edgewise-placement="home-hero"] h2')).toBe("Olá Ana");
      // The identity persists on the device; a new visitor (fresh storage) is anonymous.
      await s.page.reload();
      await s.page.waitForSelector('[data-edgewise-placement="home-hero"] h2.vip');
      const visitor = await (await s.browser.newContext()).newPage();
      await visitor.goto(`${s.site.url}/anon`);
      await visitor.waitForSelector('[data-edgewise-placement="home-hero"] h2.default');
      expect(await visitor.getAttribute('[data-edgewise-placement="home-hero"]', "data-edgewise-offer")).toBe("default-hero");
      await visitor.context().close();
    });
  }

  it("sanitises html offers: no script, handler or javascript: link runs", async () => {
    s.site.set("/vip", { body: hero, attrs: 'data-mode="edge" data-profile-id="u-vip"' });
    await s.page.goto(`${s.site.url}/vip`);
    await s.page.waitForSelector("h2.vip");
    await s.page.click('[data-edgewise-placement="home-hero"] a').catch(() => {});
    await s.page.waitForTimeout(300);
    expect(await s.page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
    const html = await s.page.innerHTML('[data-edgewise-placement="home-hero"]');
    expect(html).not.toMatch(/onerror|<script|javascript:/);
  });

  it("fills json offers into field elements and reports display only once half visible", async () => {
    const id = unique("u");
    s.site.set("/json", {
      attrs: `data-mode="edge" data-profile-id="${id}"`,
      body:
        '<div data-edgewise-placement="promo-card"><h3 data-edgewise-field="title">Default</h3><a data-edgewise-href="cta" href="/">Go</a></div>' +
        '<div style="height:3000px"></div><div data-edgewise-placement="below-fold"><p>Default</p></div>',
    });
    await s.page.goto(`${s.site.url}/json`);
    await rendered(s.page, "promo-card");
    expect(await s.page.textContent('[data-edgewise-field="title"]')).toBe("Free shipping");
    expect(await s.page.getAttribute("[data-edgewise-href]", "href")).toBe("/shipping");
    await rendered(s.page, "below-fold");
    await s.page.evaluate(() => (window as any).edgewise.flush());
    const displays = async () => (await historyOf(id)).filter((e) => e.name === "display").map((e) => e.offerId);
    expect(await eventually(async () => (await displays()).includes("promo") && displays())).toEqual(["promo"]);
    await s.page.evaluate(() => document.querySelector('[data-edgewise-placement="below-fold"]')!.scrollIntoView());
    await s.page.waitForTimeout(300);
    await s.page.evaluate(() => (window as any).edgewise.flush());
    expect((await eventually(async () => ((await displays()).length === 2 ? displays() : undefined)))!.sort()).toEqual(["fold", "promo"]);
  });

  it("replays calls queued before it loaded, and push keeps working", async () => {
    const id = unique("u");
    s.site.set("/queued", { body: hero, attrs: 'data-mode="edge"', queued: [["identify", "u-vip"], ["track", "early.bird", { n: 1 }]] });
    await s.page.goto(`${s.site.url}/queued`);
    await s.page.waitForSelector("h2.vip");
    await s.page.evaluate((id) => {
      const w = window as any;
      w.edgewise.push(["identify", id]);
      w.edgewise.push(["track", "late.bird"]);
      return w.edgewise.flush();
    }, id);
    expect(await eventually(async () => (await historyOf(id)).some((e) => e.name === "late.bird"))).toBe(true);
    expect(await eventually(async () => (await historyOf("u-vip")).some((e) => e.name === "early.bird"))).toBe(true);
  });

  it("single-page apps: re-decides on pushState and popstate, without rendering twice", async () => {
    s.site.set("*", { body: hero + '<div id="later"></div>', attrs: 'data-mode="edge"' });
    await s.page.goto(`${s.site.url}/spa/a`);
    await s.page.waitForSelector("h2.default");
    await s.page.evaluate(() => {
      (window as any).renders = 0;
      document.addEventListener("edgewise:render", () => (window as any).renders++);
      (window as any).heading = document.querySelector('[data-edgewise-placement="home-hero"] h2');
      history.pushState({}, "", "/spa/a2");
    });
    await s.page.waitForTimeout(500);
    expect(await s.page.evaluate(() => (window as any).heading === document.querySelector('[data-edgewise-placement="home-hero"] h2'))).toBe(true);
    expect(await s.page.evaluate(() => (window as any).renders)).toBe(0);
    await s.page.evaluate(() => history.pushState({}, "", "/spa/b"));
    await s.page.waitForSelector("h2.b");
    expect(await s.page.evaluate(() => (window as any).renders)).toBe(1);
    await s.page.goBack();
    await s.page.waitForSelector("h2.default");
    await s.page.evaluate(() => {
      document.getElementById("later")!.innerHTML = '<div data-edgewise-placement="promo-card"><span data-edgewise-field="title"></span></div>';
    });
    await s.page.waitForSelector('[data-edgewise-field="title"]:text("Free shipping")');
    expect(await s.page.evaluate(() => (window as any).renders)).toBe(3);
  });

  it("pre-hides only placements, and reveals them when the edge cannot be reached", async () => {
    s.site.set("/down", {
      body: hero + '<p id="other">Other content</p>',
      attrs: 'data-mode="edge" data-edge="http://127.0.0.1:9" data-timeout="3000"',
    });
    const started = Date.now();
    await s.page.goto(`${s.site.url}/down`);
    expect(await s.page.isVisible("#other")).toBe(true);
    await rendered(s.page, "home-hero");
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await s.page.isVisible("h2.original")).toBe(true);
  });
});

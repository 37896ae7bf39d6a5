// DESIGN.md, "Channels and message delivery": an element shows its placement's first decision; with
// `data-edgewise-list` each decision as a child, in rank order; one display per rendered offer per
// render, and none for content that was not seen.
import { describe, expect, it } from "vitest";
import { browserSuite, eventually, hasBrowser, historyOf, rendered, unique } from "./harness.ts";

const displaysOf = async (id: string) => (await historyOf(id)).filter((e) => e.name === "display").map((e) => e.offerId).sort();
const flush = (page: import("playwright-core").Page) => page.evaluate(() => (window as any).edgewise.flush());

describe.skipIf(!hasBrowser)("list placements and seen displays, in Chromium against the edge", () => {
  const s = browserSuite({ snapshot: true });

  it("a list shows each decision in rank order, a plain element only the first; one display per shown offer", async () => {
    const id = unique("u");
    s.site.set("/picks", {
      attrs: `data-mode="edge" data-profile-id="${id}" data-display-after="200"`,
      body:
        '<ul data-edgewise-placement="picks" data-edgewise-list><template><li class="pick"><b data-edgewise-field="title"></b></li></template><li>Our picks are loading</li></ul>' +
        '<div data-edgewise-placement="picks" id="single"><b data-edgewise-field="title">Default</b></div>',
    });
    await s.page.goto(`${s.site.url}/picks`);
    await rendered(s.page, "picks");
    await s.page.waitForSelector("li.pick");
    const items = await s.page.$$eval("[data-edgewise-list] > [data-edgewise-item]", (els) => els.map((e) => [e.tagName, e.getAttribute("data-edgewise-offer"), e.textContent]));
    expect(items).toEqual([["LI", "pick-a", "Trail shoes"], ["LI", "pick-b", "Rain jacket"]]);
    expect(await s.page.textContent("#single")).toBe("Trail shoes");
    expect(await s.page.getAttribute("#single", "data-edgewise-offer")).toBe("pick-a");
    await s.page.waitForTimeout(600);
    await flush(s.page);
    // pick-a twice (the list's item and the single element: two rendered offers), pick-b once.
    expect(await eventually(async () => ((await displaysOf(id)).length >= 3 ? displaysOf(id) : undefined))).toEqual(["pick-a", "pick-a", "pick-b"]);
    await s.page.waitForTimeout(500);
    await flush(s.page);
    expect(await displaysOf(id)).toEqual(["pick-a", "pick-a", "pick-b"]);
  });

  it("counts a display only once the offer was in view for displayAfter, not when it only passed by", async () => {
    const id = unique("u");
    s.site.set("/fold", {
      attrs: `data-mode="edge" data-profile-id="${id}" data-display-after="800"`,
      body: '<div style="height:3000px"></div><div data-edgewise-placement="below-fold" id="fold"><p>Default</p></div><div style="height:3000px"></div>',
    });
    await s.page.goto(`${s.site.url}/fold`);
    await rendered(s.page, "below-fold");
    // Scrolled past: in view for 200 ms, then away.
    await s.page.evaluate(() => document.getElementById("fold")!.scrollIntoView());
    await s.page.waitForTimeout(200);
    await s.page.evaluate(() => window.scrollTo(0, 0));
    await s.page.waitForTimeout(1200);
    await flush(s.page);
    await s.page.waitForTimeout(300);
    expect(await displaysOf(id)).toEqual([]);
    // Stays in view: one display.
    await s.page.evaluate(() => document.getElementById("fold")!.scrollIntoView());
    await s.page.waitForTimeout(1200);
    await flush(s.page);
    expect(await eventually(async () => ((await displaysOf(id)).length ? displaysOf(id) : undefined))).toEqual(["fold"]);
  });

  it("a click counts as seen: the display comes with the interaction", async () => {
    const id = unique("u");
    s.site.set("/click", {
      attrs: `data-mode="edge" data-profile-id="${id}" data-display-after="60000"`,
      body: '<div data-edgewise-placement="promo-card"><h3 data-edgewise-field="title">Default</h3><a data-edgewise-href="cta" href="#">Go</a></div>',
      head: "<script>addEventListener('click', (e) => e.preventDefault())</script>",
    });
    await s.page.goto(`${s.site.url}/click`);
    await rendered(s.page, "promo-card");
    await s.page.click("[data-edgewise-href]");
    await flush(s.page);
    const names = async () => (await historyOf(id)).filter((e) => e.offerId === "promo").map((e) => e.name).sort();
    expect(await eventually(async () => ((await names()).length === 2 ? names() : undefined))).toEqual(["display", "interact"]);
  });

  it("switching identity records no display of what the previous identity was shown", async () => {
    s.site.set("/persona", { attrs: 'data-mode="hybrid" data-display-after="100"', body: '<div data-edgewise-placement="home-hero" id="hero"><h2>Default</h2></div>' });
    await s.page.goto(`${s.site.url}/persona`);
    await s.page.waitForSelector("#hero h2.default");
    const vip = "u-vip";
    const before = (await displaysOf(vip)).length;
    // As the demo's persona switcher does: identify, then a fresh element with the default content.
    await s.page.evaluate(async () => {
      const w = window as any;
      await w.edgewise.identify("u-vip");
      const fresh = document.createElement("div");
      fresh.setAttribute("data-edgewise-placement", "home-hero");
      fresh.id = "hero";
      fresh.innerHTML = "<h2>Default</h2>";
      document.getElementById("hero")!.replaceWith(fresh);
      await w.edgewise.render();
    });
    await s.page.waitForSelector("#hero h2.vip");
    await s.page.waitForTimeout(500);
    await flush(s.page);
    const after = await eventually(async () => {
      const all = await displaysOf(vip);
      return all.length > before ? all.slice(before) : undefined;
    });
    expect(after).toEqual(["vip-hero"]);
  });
});

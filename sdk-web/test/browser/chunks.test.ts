import { describe, expect, it } from "vitest";
import { browserSuite, edgeUrl, hasBrowser } from "./harness.ts";

/** The script tag's JavaScript requests so far, with their start times (ms since navigation). */
const scriptsLoaded = (names: string[]) =>
  performance
    .getEntriesByType("resource")
    .filter((e) => /\/v1\/sdk[^/]*\.js$/.test(e.name))
    .map((e) => ({ file: e.name.split("/").pop()!.replace(/\.[0-9a-f]{8}\.js$/, ".<hash>.js"), start: e.startTime }))
    .filter((e) => names.length === 0 || names.includes(e.file));

const HERO = '<div data-edgewise-placement="home-hero"><h2>Default</h2></div>';
const RENDERED = "<script>document.addEventListener('edgewise:render', () => { window.renderedAt ??= performance.now(); });</script>";

describe.skipIf(!hasBrowser)("the lean script tag: chunks on first need", () => {
  const s = browserSuite({ snapshot: true });

  it("edge mode renders the edge's placement with sdk.js alone; the engine comes after, for the page view's trigger offers", async () => {
    s.site.set("/edge", { head: RENDERED, body: HERO, attrs: 'data-mode="edge" data-profile-id="u-vip"' });
    await s.page.goto(`${s.site.url}/edge`);
    await s.page.waitForSelector("h2.vip");
    const renderedAt = await s.page.evaluate(() => (window as unknown as { renderedAt: number }).renderedAt);
    const before = (await s.page.evaluate(scriptsLoaded, [])).filter((e) => e.start <= renderedAt);
    expect(before.map((e) => e.file)).toEqual(["sdk.js"]);
    // The test catalog has trigger offers on page.view: after the render, the engine evaluates them.
    await s.page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/v1/sdk-engine.")));
    // No message showed: the message renderer was never needed.
    expect((await s.page.evaluate(scriptsLoaded, [])).map((e) => e.file)).not.toContain("sdk-messages.<hash>.js");
  });

  it("local mode loads the engine chunk and decides on the device; a message loads the renderer chunk", async () => {
    s.site.set("/local", { body: HERO, attrs: 'data-mode="local" data-profile-id="u-vip"' });
    await s.page.goto(`${s.site.url}/local`);
    await s.page.waitForSelector("h2.vip");
    expect((await s.page.evaluate(scriptsLoaded, [])).map((e) => e.file)).toEqual(["sdk.js", "sdk-engine.<hash>.js"]);
    await s.page.evaluate(() => (window as unknown as { edgewise: { track(n: string): void } }).edgewise.track("cart.add"));
    await s.page.waitForSelector('[data-edgewise-message="nudge"]', { state: "attached" });
    expect((await s.page.evaluate(scriptsLoaded, [])).map((e) => e.file)).toContain("sdk-messages.<hash>.js");
  });

  it("when the engine chunk cannot load, local mode shows the page's own content and logs why", async () => {
    const logs: string[] = [];
    s.page.on("console", (message) => logs.push(message.text()));
    await s.page.route(/\/v1\/sdk-engine\.[0-9a-f]{8}\.js$/, (route) => route.abort());
    s.site.set("/broken", { body: HERO, attrs: 'data-mode="local"' });
    await s.page.goto(`${s.site.url}/broken`);
    await s.page.waitForFunction(() => getComputedStyle(document.querySelector("[data-edgewise-placement]")!).visibility !== "hidden");
    expect(await s.page.textContent("[data-edgewise-placement] h2")).toBe("Default");
    await expect.poll(() => logs.some((line) => line.includes("engine not loaded"))).toBe(true);
  });

  it("the chunks are served beside sdk.js, cached for a year", async () => {
    const sdk = await (await fetch(`${edgeUrl}/v1/sdk.js`)).text();
    const names = [...new Set(sdk.match(/sdk-(?:engine|messages|preview)\.[0-9a-f]{8}\.js/g))];
    expect(names).toHaveLength(3);
    for (const name of names) expect((await fetch(`${edgeUrl}/v1/${name}`)).headers.get("cache-control")).toContain("immutable");
  });
});

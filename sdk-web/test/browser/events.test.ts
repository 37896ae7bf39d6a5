import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { E2E_CATALOG } from "./catalog.ts";
import { edge, edgeUrl, eventually, hasBrowser, historyOf, launch, rendered, servePages, unique } from "./harness.ts";

describe.skipIf(!hasBrowser)("events in Chromium: never lost, never doubled", () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof servePages>>;
  let context: BrowserContext;
  let page: Page;
  let eventPosts: { ids: string[]; status: number | "failed" }[];

  beforeAll(async () => {
    await edge.publish(E2E_CATALOG);
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
    eventPosts = [];
    context.on("requestfinished", async (request) => {
      if (request.url().startsWith(`${edgeUrl}/v1/events`) && request.method() === "POST") {
        eventPosts.push({ ids: JSON.parse(request.postData() ?? "{}").events.map((e: { id: string }) => e.id), status: (await request.response())?.status() ?? "failed" });
      }
    });
    context.on("requestfailed", (request) => {
      if (request.url().startsWith(`${edgeUrl}/v1/events`) && request.method() === "POST") {
        eventPosts.push({ ids: JSON.parse(request.postData() ?? "{}").events.map((e: { id: string }) => e.id), status: "failed" });
      }
    });
  });
  afterEach(() => context.close());

  const track = (p: Page, name: string, properties?: object) => p.evaluate(([n, props]) => (window as any).edgewise.track(n, props), [name, properties] as const);
  const countOf = async (id: string, name: string) => (await historyOf(id)).filter((e) => e.name === name).length;
  /** Events persisted in the queue (only those named `name`, when given). */
  const storedQueue = (p: Page, name?: string) =>
    p.evaluate(
      (only) =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open("edgewise");
          open.onsuccess = () => {
            const get = open.result.transaction("kv").objectStore("kv").get("ew:q");
            get.onsuccess = () => resolve(((get.result ?? []) as { name?: string }[]).filter((e) => !only || e.name === only).length);
          };
        }),
      name,
    );

  it("offline, then back online: every event arrives exactly once", async () => {
    const id = unique("u");
    site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    await page.goto(`${site.url}/shop`);
    await page.waitForFunction(() => (window as any).edgewise?.state);
    await page.evaluate(() => (window as any).edgewise.flush());
    await context.setOffline(true);
    for (let i = 0; i < 5; i++) await track(page, "offline.tick", { i });
    await page.waitForTimeout(2500);
    // Other events of the page (its page.view, say) may be queued too; the offline ticks must all be.
    expect(await storedQueue(page, "offline.tick")).toBe(5);
    await context.setOffline(false);
    await eventually(async () => (await countOf(id, "offline.tick")) === 5);
    await page.waitForTimeout(1500);
    expect(await countOf(id, "offline.tick")).toBe(5);
    expect(await storedQueue(page)).toBe(0);
    expect(eventPosts.some((p) => p.status === "failed")).toBe(true);
  });

  it("events queued while offline survive a reload and are sent by the next page", async () => {
    const id = unique("u");
    site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    await page.goto(`${site.url}/shop`);
    await page.waitForFunction(() => (window as any).edgewise?.state);
    await context.setOffline(true);
    for (let i = 0; i < 3; i++) await track(page, "persisted.tick", { i });
    await page.waitForTimeout(300);
    await page.close();
    await context.setOffline(false);
    const next = await context.newPage();
    await next.goto(`${site.url}/shop`);
    await eventually(async () => (await countOf(id, "persisted.tick")) === 3);
    await next.waitForTimeout(1500);
    expect(await countOf(id, "persisted.tick")).toBe(3);
  });

  it("leaving the page flushes the queue with a keepalive request", async () => {
    const id = unique("u");
    site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    site.set("/elsewhere", "<!doctype html><p>elsewhere</p>");
    await page.goto(`${site.url}/shop`);
    await page.waitForFunction(() => (window as any).edgewise?.state);
    await track(page, "leaving.tick");
    await page.goto(`${site.url}/elsewhere`);
    await eventually(async () => (await countOf(id, "leaving.tick")) === 1);
  });

  it("consent: pending keeps events in memory, in sends them, out clears storage and goes quiet", async () => {
    const id = unique("u");
    site.set("/consent", { body: '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>', attrs: `data-mode="local" data-consent="pending" data-profile-id="${id}"` });
    await page.goto(`${site.url}/consent`);
    await rendered(page, "home-hero");
    await track(page, "pending.tick");
    await page.waitForTimeout(1500);
    const databases = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await page.evaluate(async () => {
      const open = indexedDB.open("edgewise");
      return new Promise<number>((resolve) => (open.onsuccess = () => {
        const keys = open.result.transaction("kv").objectStore("kv").getAllKeys();
        keys.onsuccess = () => resolve(keys.result.length);
      }));
    })).toBe(0);
    expect(databases.length).toBeLessThanOrEqual(1);
    expect(eventPosts).toEqual([]);

    await page.evaluate(() => (window as any).edgewise.setConsent("in"));
    await eventually(async () => (await countOf(id, "pending.tick")) === 1);

    let requests = 0;
    context.on("request", (r) => r.url().startsWith(edgeUrl) && requests++);
    await page.evaluate(() => (window as any).edgewise.setConsent("out"));
    await track(page, "after.out");
    await page.evaluate(() => (window as any).edgewise.decide(["home-hero"]));
    await page.evaluate(() => (window as any).edgewise.flush());
    await page.waitForTimeout(1500);
    expect(requests).toBe(0);
    expect(await page.evaluate(async () => {
      const open = indexedDB.open("edgewise");
      return new Promise<number>((resolve) => (open.onsuccess = () => {
        const keys = open.result.transaction("kv").objectStore("kv").getAllKeys();
        keys.onsuccess = () => resolve(keys.result.length);
      }));
    })).toBe(0);
    expect(await countOf(id, "after.out")).toBe(0);
  });

  it("consent out at load: placements shown as they are at once, no request at all", async () => {
    let requests = 0;
    context.on("request", (r) => r.url().startsWith(edgeUrl) && !r.url().endsWith("/v1/sdk.js") && requests++);
    site.set("/out", { body: '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>', attrs: 'data-consent="out"' });
    await page.goto(`${site.url}/out`);
    await rendered(page, "home-hero");
    expect(await page.isVisible("h2.original")).toBe(true);
    await page.waitForTimeout(500);
    expect(requests).toBe(0);
  });
});

import type { Page } from "playwright-core";
import { beforeEach, describe, expect, it } from "vitest";
import { browserSuite, edgeUrl, eventually, hasBrowser, historyOf, rendered, storedQueue, unique } from "./harness.ts";

describe.skipIf(!hasBrowser)("events in Chromium: never lost, never doubled", () => {
  const s = browserSuite();
  let eventPosts: { ids: string[]; status: number | "failed" }[];

  beforeEach(async () => {
    eventPosts = [];
    s.context.on("requestfinished", async (request) => {
      if (request.url().startsWith(`${edgeUrl}/v1/events`) && request.method() === "POST") {
        eventPosts.push({ ids: JSON.parse(request.postData() ?? "{}").events.map((e: { id: string }) => e.id), status: (await request.response())?.status() ?? "failed" });
      }
    });
    s.context.on("requestfailed", (request) => {
      if (request.url().startsWith(`${edgeUrl}/v1/events`) && request.method() === "POST") {
        eventPosts.push({ ids: JSON.parse(request.postData() ?? "{}").events.map((e: { id: string }) => e.id), status: "failed" });
      }
    });
  });

  const track = (p: Page, name: string, properties?: object) => p.evaluate(([n, props]) => (window as any).edgewise.track(n, props), [name, properties] as const);
  const countOf = async (id: string, name: string) => (await historyOf(id)).filter((e) => e.name === name).length;
  it("offline, then back online: every event arrives exactly once", async () => {
    const id = unique("u");
    s.site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/shop`);
    await s.page.waitForFunction(() => (window as any).edgewise?.state);
    await s.page.evaluate(() => (window as any).edgewise.flush());
    await s.context.setOffline(true);
    for (let i = 0; i < 5; i++) await track(s.page, "offline.tick", { i });
    await s.page.waitForTimeout(2500);
    // Other events of the page (its page.view, say) may be queued too; the offline ticks must all be.
    expect(await storedQueue(s.page, "offline.tick")).toBe(5);
    await s.context.setOffline(false);
    await eventually(async () => (await countOf(id, "offline.tick")) === 5);
    await s.page.waitForTimeout(1500);
    expect(await countOf(id, "offline.tick")).toBe(5);
    expect(await storedQueue(s.page)).toBe(0);
    expect(eventPosts.some((p) => p.status === "failed")).toBe(true);
  });

  it("events queued while offline survive a reload and are sent by the next page", async () => {
    const id = unique("u");
    s.site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/shop`);
    await s.page.waitForFunction(() => (window as any).edgewise?.state);
    await s.context.setOffline(true);
    for (let i = 0; i < 3; i++) await track(s.page, "persisted.tick", { i });
    await s.page.waitForTimeout(300);
    await s.page.close();
    await s.context.setOffline(false);
    const next = await s.context.newPage();
    await next.goto(`${s.site.url}/shop`);
    await eventually(async () => (await countOf(id, "persisted.tick")) === 3);
    await next.waitForTimeout(1500);
    expect(await countOf(id, "persisted.tick")).toBe(3);
  });

  it("leaving the page flushes the queue with a keepalive request", async () => {
    const id = unique("u");
    s.site.set("/shop", { body: "", attrs: `data-mode="local" data-profile-id="${id}"` });
    s.site.set("/elsewhere", "<!doctype html><p>elsewhere</p>");
    await s.page.goto(`${s.site.url}/shop`);
    await s.page.waitForFunction(() => (window as any).edgewise?.state);
    await track(s.page, "leaving.tick");
    await s.page.goto(`${s.site.url}/elsewhere`);
    await eventually(async () => (await countOf(id, "leaving.tick")) === 1);
  });

  it("consent: pending keeps events in memory, in sends them, out clears storage and goes quiet", async () => {
    const id = unique("u");
    s.site.set("/consent", { body: '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>', attrs: `data-mode="local" data-consent="pending" data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/consent`);
    await rendered(s.page, "home-hero");
    await track(s.page, "pending.tick");
    await s.page.waitForTimeout(1500);
    const databases = await s.page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await s.page.evaluate(async () => {
      const open = indexedDB.open("edgewise");
      return new Promise<number>((resolve) => (open.onsuccess = () => {
        const keys = open.result.transaction("kv").objectStore("kv").getAllKeys();
        keys.onsuccess = () => resolve(keys.result.length);
      }));
    })).toBe(0);
    expect(databases.length).toBeLessThanOrEqual(1);
    expect(eventPosts).toEqual([]);

    await s.page.evaluate(() => (window as any).edgewise.setConsent("in"));
    await eventually(async () => (await countOf(id, "pending.tick")) === 1);

    let requests = 0;
    s.context.on("request", (r) => r.url().startsWith(edgeUrl) && requests++);
    await s.page.evaluate(() => (window as any).edgewise.setConsent("out"));
    await track(s.page, "after.out");
    await s.page.evaluate(() => (window as any).edgewise.decide(["home-hero"]));
    await s.page.evaluate(() => (window as any).edgewise.flush());
    await s.page.waitForTimeout(1500);
    expect(requests).toBe(0);
    expect(await s.page.evaluate(async () => {
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
    s.context.on("request", (r) => r.url().startsWith(edgeUrl) && !r.url().endsWith("/v1/sdk.js") && requests++);
    s.site.set("/out", { body: '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>', attrs: 'data-consent="out"' });
    await s.page.goto(`${s.site.url}/out`);
    await rendered(s.page, "home-hero");
    expect(await s.page.isVisible("h2.original")).toBe(true);
    await s.page.waitForTimeout(500);
    expect(requests).toBe(0);
  });
});

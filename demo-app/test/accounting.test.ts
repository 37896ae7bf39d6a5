// What was decided is what is shown, and what is shown is what is counted (issue #13): the demo
// shop and the mobile demo in real Chromium against their own fresh edge, several people on their
// own devices going through journeys, a campaign, pacing, a list placement and an offline spell.
// At the end, for every offer and placement, the displays in GET /v1/admin/stats equal the displays
// that became visible in the pages (measured by this test's own observer, below), every journey's
// `delivered` equals its `displayed`, and every message a journey or campaign made pending was
// either displayed or is still pending.
//
// Two test settings, both stated here: the demo catalog's journey waits are shortened from minutes
// to seconds, and the web pages pace messages 4 s apart instead of 30 s (the script tag's
// `data-min-interval`), so the run takes a minute or two instead of an hour.
import { existsSync, readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, startEdge, startSeededEdge } from "./edge.mjs";

const ADMIN = { authorization: "Bearer demo-admin-key" };
const CLIENT = { "x-client-key": "demo-client-key" };
const MIN_INTERVAL = 4000;
const VIEW_MS = 1000;
let edge: Awaited<ReturnType<typeof startEdge>>;
let browser: Browser;

/** The demo catalog, journey waits in seconds: PT1M → PT3S, PT2M → PT4S. */
function shortenedCatalog(): unknown {
  const catalog = JSON.parse(readFileSync(new URL("../../edge/demo/catalog.json", import.meta.url), "utf8"));
  const text = JSON.stringify(catalog.journeys).replaceAll('"PT1M"', '"PT3S"').replaceAll('"PT2M"', '"PT4S"');
  return { ...catalog, journeys: JSON.parse(text) };
}

/**
 * The test's own account of what became visible, independent of the SDK: a placement's offer (an
 * element or list item carrying `data-edgewise-offer`) counts once it stayed at least half in view
 * for a second, by the MRC's viewability standard (replaced or scrolled away sooner: not seen); a
 * message counts when its host (web) or WebView frame (mobile) is put on screen; the mobile banner
 * when it stayed a second.
 */
function observeVisible(viewMs: number): void {
  if (window !== window.top) return;
  const seen: { offerId: string; placement: string }[] = [];
  (window as unknown as { __seen: typeof seen }).__seen = seen;
  const watching = new Map<Element, { offer: string; placement: string; timer?: ReturnType<typeof setTimeout>; done: boolean }>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const watch = watching.get(entry.target);
        if (!watch || watch.done) continue;
        const inView = entry.isIntersecting && (entry.intersectionRatio >= 0.5 || entry.intersectionRect.height >= innerHeight / 2);
        if (!inView) {
          clearTimeout(watch.timer);
          watch.timer = undefined;
        } else {
          watch.timer ??= setTimeout(() => {
            if (entry.target.isConnected && entry.target.getAttribute("data-edgewise-offer") === watch.offer && watching.get(entry.target) === watch) {
              watch.done = true;
              seen.push({ offerId: watch.offer, placement: watch.placement });
            }
          }, viewMs);
        }
      }
    },
    { threshold: [0, 0.25, 0.5, 0.75, 1] },
  );
  const consider = (element: Element) => {
    const offer = element.getAttribute("data-edgewise-offer");
    const previous = watching.get(element);
    if (previous && previous.offer === offer) return;
    if (previous) clearTimeout(previous.timer);
    watching.delete(element);
    observer.unobserve(element);
    const placement = element.closest("[data-edgewise-placement]")?.getAttribute("data-edgewise-placement");
    if (!offer || !placement) return;
    watching.set(element, { offer, placement, done: false });
    observer.observe(element);
  };
  const banner: { offer?: string; timer?: ReturnType<typeof setTimeout> } = {};
  const considerBanner = (element: HTMLElement) => {
    const offer = element.dataset["offerId"] || undefined;
    if (offer === banner.offer) return;
    clearTimeout(banner.timer);
    banner.offer = offer;
    if (offer) banner.timer = setTimeout(() => seen.push({ offerId: offer, placement: "app-home" }), viewMs);
  };
  const scan = (node: Node) => {
    if (!(node instanceof Element)) return;
    for (const element of [node, ...node.querySelectorAll("*")]) {
      if (element.hasAttribute("data-edgewise-offer")) consider(element);
      const message = element.getAttribute("data-edgewise-message");
      if (message) seen.push({ offerId: message, placement: "web-messages" });
      if (element instanceof HTMLIFrameElement && element.classList.contains("webview") && element.dataset["offerId"]) {
        seen.push({ offerId: element.dataset["offerId"], placement: "app-messages" });
      }
    }
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === "attributes") {
        const target = record.target as HTMLElement;
        if (record.attributeName === "data-edgewise-offer") consider(target);
        if (record.attributeName === "data-offer-id" && target.id === "app-home") considerBanner(target);
      } else {
        record.addedNodes.forEach(scan);
        record.removedNodes.forEach((node) => {
          if (!(node instanceof Element)) return;
          for (const element of [node, ...node.querySelectorAll("[data-edgewise-offer]")]) {
            const watch = watching.get(element);
            if (watch && !watch.done) clearTimeout(watch.timer);
            watching.delete(element);
          }
        });
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-edgewise-offer", "data-offer-id"] });
}

const visible = new Map<string, number>();
/** Every event the pages sent (by id, unique) and every refusal, to say where a difference comes from. */
const sentEvents = new Map<string, { type: string; offerId?: string; placement?: string; profileId?: string; anonymousId: string }>();
const refusals: string[] = [];
/** Adds what a page saw (read before it navigates or closes) to the test's account. */
async function harvest(page: Page): Promise<void> {
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __seen?: { offerId: string; placement: string }[] };
    return w.__seen?.splice(0) ?? [];
  });
  if (process.env["ACCOUNTING_DEBUG"]) console.log(`[accounting] ${page.url()}: ${seen.map((v) => `${v.offerId}@${v.placement}`).join(", ") || "nothing"}`);
  for (const { offerId, placement } of seen) visible.set(`${offerId}|${placement}`, (visible.get(`${offerId}|${placement}`) ?? 0) + 1);
}

/** A person's own device: a browser context whose shop pages pace messages MIN_INTERVAL apart. */
async function device(): Promise<{ context: BrowserContext; page: Page; visit(path: string): Promise<void> }> {
  const context = await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 900 } });
  await context.addInitScript(observeVisible, VIEW_MS);
  await context.route(/\/(|[\w/-]+\.html)(\?.*)?$/, async (route) => {
    if (route.request().resourceType() !== "document") return route.continue();
    const response = await route.fetch();
    const html = (await response.text()).replace('data-client-key="demo-client-key"', `data-client-key="demo-client-key" data-min-interval="${MIN_INTERVAL}"`);
    await route.fulfill({ response, body: html });
  });
  context.on("request", (request) => {
    if (request.method() !== "POST" || !request.url().includes("/v1/events")) return;
    try {
      for (const event of (request.postDataJSON() as { events: { id: string; type: string; offerId?: string; placement?: string; profileId?: string; anonymousId: string }[] }).events) sentEvents.set(event.id, event);
    } catch {
      refusals.push(`unreadable events body: ${request.postData()?.slice(0, 200)}`);
    }
  });
  context.on("response", async (response) => {
    if (!response.url().includes("/v1/events")) return;
    const body = await response.json().catch(() => null);
    if (response.status() !== 202 || body?.rejected?.length) refusals.push(`${response.status()} ${JSON.stringify(body)}`);
  });
  const page = await context.newPage();
  return {
    context,
    page,
    async visit(path: string) {
      if (page.url().startsWith(edge.url)) await harvest(page);
      await page.goto(path);
      // The SDK has loaded (the queue array became the client) and decided the page's placements.
      await page.waitForFunction(() => {
        const client = (window as unknown as { edgewise?: unknown }).edgewise;
        return client && !Array.isArray(client) && [...document.querySelectorAll("[data-edgewise-placement]")].every((e) => e.hasAttribute("data-edgewise-ready"));
      }, undefined, { timeout: 20_000 });
    },
  };
}

/** Closes whatever message is open with its close button (staying on the page), if one is. */
async function closeMessage(page: Page): Promise<string | null> {
  const host = page.locator("[data-edgewise-message]");
  if ((await host.count()) === 0) return null;
  const offer = await host.first().getAttribute("data-edgewise-message");
  await host.first().locator("button.c").click();
  await host.first().waitFor({ state: "detached", timeout: 5_000 });
  return offer;
}

/** Waits until a message shows (or `ms` pass); answers its offer, after closing it. */
async function messageShown(page: Page, ms = 4000): Promise<string | null> {
  await page.locator("[data-edgewise-message]").first().waitFor({ timeout: ms }).catch(() => undefined);
  await page.waitForTimeout(300);
  return closeMessage(page);
}

async function selectPersona(page: Page, id: string): Promise<void> {
  await page.getByLabel("Persona").selectOption(id);
  await page.waitForSelector(`body[data-persona-ready="${id || "anonymous"}"]`, { timeout: 20_000 });
}

/** Keeps visiting `paths` in turn, MIN_INTERVAL apart, until `offer` has shown (at most `tries` pages). */
async function visitUntilShown(d: Awaited<ReturnType<typeof device>>, offer: string, paths: string[], tries = 8): Promise<string[]> {
  const shown: string[] = [];
  for (let i = 0; i < tries; i++) {
    await d.visit(paths[i % paths.length]!);
    const message = await messageShown(d.page);
    if (message) shown.push(message);
    if (message === offer) return shown;
    await d.page.waitForTimeout(MIN_INTERVAL + 200);
  }
  throw new Error(`${offer} did not show within ${tries} pages (shown: ${shown.join(", ") || "nothing"})`);
}

async function json(path: string, init: RequestInit = {}) {
  const response = await fetch(`${edge.url}${path}`, { ...init, headers: { ...ADMIN, "content-type": "application/json", ...init.headers } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** What journeys and campaigns still hold for someone, read by a dry run (which changes nothing). */
async function pendingFor(who: { profileId?: string; anonymousId?: string }): Promise<string[]> {
  return (await json("/v1/admin/simulate", { method: "POST", body: JSON.stringify({ ...who, placements: ["web-messages"] }) })).pending;
}

describe.skipIf(!existsSync(CHROMIUM))("accounting: what is decided is shown, what is shown is counted", () => {
  beforeAll(async () => {
    ({ edge, browser } = await startSeededEdge());
    await json("/v1/admin/catalog", { method: "PUT", body: JSON.stringify(shortenedCatalog()) });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
  });

  it("counts exactly what became visible, per offer and placement, on the web and in the app", { timeout: 300_000 }, async () => {
    const people: { profileId?: string; anonymousId?: string }[] = [];
    const started = Date.now();
    const step = (what: string) => console.log(`[accounting] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);

    // 1. A new customer (u-023), web: the welcome modal on a first visit, then the winter campaign
    // and the browse-abandonment journey's nudge, each paced behind the other messages.
    step("u-023 on the web");
    const wanda = await device();
    await wanda.visit("/");
    expect(await messageShown(wanda.page, 20_000)).toBe("welcome");
    await selectPersona(wanda.page, "u-023");
    people.push({ profileId: "u-023" });
    await wanda.page.waitForTimeout(MIN_INTERVAL + 200);
    const wandaShown = await visitUntilShown(wanda, "winter-collection", ["/products/trail-runner.html", "/cart.html", "/"]);
    await wanda.page.waitForTimeout(MIN_INTERVAL + 200);
    wandaShown.push(...(await visitUntilShown(wanda, "browse-nudge", ["/cart.html", "/", "/products/rain-jacket.html"])));
    expect(wandaShown).toEqual(expect.arrayContaining(["winter-collection", "browse-nudge"]));

    // 2. A VIP (u-001), web: the abandoned-cart journey's VIP reminder, suppressed by pacing behind
    // the VIP slide-up and shown later; the cart's list placement; an order.
    step(`u-023 saw ${wandaShown.join(", ")}; u-001 on the web`);
    const ana = await device();
    await ana.visit("/");
    expect(await messageShown(ana.page, 20_000)).toBe("welcome");
    await selectPersona(ana.page, "u-001");
    people.push({ profileId: "u-001" });
    await ana.visit("/products/wool-beanie.html");
    await ana.page.getByRole("button", { name: "Add to cart" }).click();
    await ana.page.getByRole("status").filter({ hasText: "added to your cart" }).waitFor();
    await ana.page.waitForTimeout(3500); // the journey's (shortened) wait
    const anaShown = await visitUntilShown(ana, "vip-cart-reminder", ["/", "/cart.html", "/products/trail-runner.html"]);
    expect(anaShown.at(-1)).toBe("vip-cart-reminder");
    await ana.visit("/cart.html");
    const items = ana.page.locator('[data-edgewise-placement="cart-banner"] > [data-edgewise-item]');
    await expect.poll(() => items.count(), { timeout: 10_000 }).toBe(2);
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute("data-edgewise-offer")))).toEqual(["cart-saved", "free-shipping-over-50"]);
    await ana.page.waitForTimeout(VIEW_MS + 500);
    await ana.page.getByRole("button", { name: "Place order" }).click();
    await ana.page.waitForTimeout(1500);
    await ana.visit("/cart.html");
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute("data-edgewise-offer"))), { timeout: 15_000 }).toContain("thanks-buyer");
    await ana.page.waitForTimeout(VIEW_MS + 500);

    // 3. Churn risk (u-013) in the app: the home banner, and the abandoned-cart reminder (the
    // journey's other branch) on the next foreground.
    step(`u-001 saw ${anaShown.join(", ")}; u-013 in the app`);
    const app = await device();
    await app.page.goto("/mobile/");
    await app.page.waitForSelector("body[data-ready]", { timeout: 20_000 });
    await app.page.getByLabel("Persona").selectOption("u-013");
    await app.page.waitForSelector('body[data-persona="u-013"]', { timeout: 20_000 });
    people.push({ profileId: "u-013" });
    await expect.poll(() => app.page.locator("#app-home").getAttribute("data-offer-id"), { timeout: 15_000 }).toBe("churn-winback");
    await app.page.getByRole("button", { name: "Add to cart (cart.add)" }).click();
    await app.page.waitForTimeout(5500); // the wait, and the app's 5 s message interval
    let reminder = false;
    for (let i = 0; i < 6 && !reminder; i++) {
      await app.page.getByRole("button", { name: "Send app to background" }).click();
      await app.page.getByRole("button", { name: "Bring app to foreground" }).click();
      const frame = app.page.locator("iframe.webview");
      await frame.waitFor({ timeout: 4000 }).catch(() => undefined);
      if ((await frame.count()) > 0) {
        reminder = (await frame.getAttribute("data-offer-id")) === "cart-reminder";
        // Shown and measured: the document has said `ready`.
        await app.page.locator("iframe.webview[data-ready]").waitFor({ timeout: 5000 });
        await app.page.frameLocator("iframe.webview").getByRole("button").last().click();
        await frame.waitFor({ state: "detached", timeout: 5000 });
      }
      if (!reminder) await app.page.waitForTimeout(5200);
    }
    expect(reminder).toBe(true);
    await app.page.waitForTimeout(VIEW_MS + 500);

    // 4. An anonymous visitor goes offline just as the cart's banner is seen: the display waits in
    // the queue and is counted once the network is back.
    step("an anonymous visitor, offline for a while");
    const visitor = await device();
    await visitor.visit("/");
    expect(await messageShown(visitor.page, 20_000)).toBe("welcome");
    const anonymousId = await visitor.page.evaluate(() => (window as unknown as { edgewise: { state(): { anonymousId: string } } }).edgewise.state().anonymousId);
    people.push({ anonymousId });
    await visitor.page.waitForTimeout(VIEW_MS + 500);
    await visitor.visit("/cart.html");
    await visitor.context.setOffline(true); // within the banner's first second on screen
    const queuedDisplays = () =>
      visitor.page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open("edgewise");
            open.onsuccess = () => {
              const get = open.result.transaction("kv").objectStore("kv").get("ew:q");
              get.onsuccess = () => resolve(((get.result ?? []) as { type: string }[]).filter((e) => e.type === "display").length);
            };
          }),
      );
    await expect.poll(queuedDisplays, { timeout: 10_000 }).toBeGreaterThan(0);
    await visitor.page.waitForTimeout(2000); // still offline: the queue keeps it
    expect(await queuedDisplays()).toBeGreaterThan(0);
    await visitor.context.setOffline(false);
    await expect.poll(queuedDisplays, { timeout: 20_000 }).toBe(0);

    step("counting");
    // Everything seen is harvested; every device's queue is flushed.
    for (const d of [wanda, ana, visitor]) {
      await harvest(d.page);
      await d.page.evaluate(() => (window as unknown as { edgewise: { flush(): Promise<void> } }).edgewise.flush());
    }
    await harvest(app.page);

    // The statistics catch up (the queue consumer batches for about a second).
    const expected = new Map([...visible].filter(([, n]) => n > 0));
    const counted = async () => {
      const stats = await json("/v1/admin/stats");
      const displays = new Map<string, number>();
      for (const row of stats.offers as { offerId: string; placement: string | null; display: number }[]) {
        if (row.display > 0) displays.set(`${row.offerId}|${row.placement ?? ""}`, row.display);
      }
      return { stats, displays };
    };
    let last = await counted();
    for (let i = 0; i < 60 && !sameCounts(last.displays, expected); i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      last = await counted();
    }
    printTable(expected, last.displays);
    if (!sameCounts(last.displays, expected)) {
      const displays = [...sentEvents.values()].filter((e) => e.type === "display");
      console.log(`display events sent (unique ids): ${displays.map((e) => `${e.offerId}|${e.placement ?? "?"}|${e.profileId ?? e.anonymousId}`).sort().join(", ")}`);
      console.log(`refusals: ${refusals.join(" ; ") || "none"}`);
    }
    expect(Object.fromEntries(last.displays)).toEqual(Object.fromEntries(expected));

    // Journeys: every delivery is a display; campaigns: every reach or delivery is one.
    const journeys = last.stats.journeys as { journeyId: string; delivered: number; displayed: number; steps: { step: string; entered: number; delivered: number }[] }[];
    for (const journey of journeys) expect({ journey: journey.journeyId, delivered: journey.displayed }).toEqual({ journey: journey.journeyId, delivered: journey.delivered });
    for (const campaign of last.stats.campaigns as { campaignId: string; reached: number; delivered: number; displayed: number }[]) {
      expect(campaign.reached + campaign.delivered).toBe(campaign.displayed);
    }
    expect(journeys.find((j) => j.journeyId === "abandoned-cart")?.delivered).toBe(2);

    // Nothing a journey made pending was lost: each message step ran as often as its message was
    // delivered or is still pending for someone.
    const pending = new Map<string, number>();
    for (const who of people) for (const offer of await pendingFor(who)) pending.set(offer, (pending.get(offer) ?? 0) + 1);
    const MESSAGE_STEPS: Record<string, string> = {
      "abandoned-cart steps[1].then[0]": "vip-cart-reminder",
      "abandoned-cart steps[1].else[0]": "cart-reminder",
      "browse-abandonment steps[1]": "browse-nudge",
    };
    for (const journey of journeys) {
      for (const step of journey.steps) {
        const offer = MESSAGE_STEPS[`${journey.journeyId} ${step.step}`];
        if (!offer) continue;
        expect({ step: `${journey.journeyId} ${step.step}`, made: step.entered }).toEqual({ step: `${journey.journeyId} ${step.step}`, made: step.delivered + (pending.get(offer) ?? 0) });
      }
    }
    for (const d of [wanda, ana, app, visitor]) await d.context.close();
  });
});

function sameCounts(a: Map<string, number>, b: Map<string, number>): boolean {
  return a.size === b.size && [...a].every(([key, n]) => b.get(key) === n);
}

function printTable(visibleCounts: Map<string, number>, counted: Map<string, number>): void {
  const keys = [...new Set([...visibleCounts.keys(), ...counted.keys()])].sort();
  const rows = keys.map((key) => {
    const [offer, placement] = key.split("|");
    const seen = visibleCounts.get(key) ?? 0;
    const stat = counted.get(key) ?? 0;
    return `${offer!.padEnd(24)} ${placement!.padEnd(14)} ${String(seen).padStart(7)} ${String(stat).padStart(7)}${seen === stat ? "" : "  ← differs"}`;
  });
  console.log(["offer                    placement      visible counted", ...rows].join("\n"));
}

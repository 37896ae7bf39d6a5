// The operator console as a whole (issue #21, "Everywhere"), in real Chromium against the shared test
// edge (global setup: `wrangler dev`, demo data loaded): an axe-core scan of the sign-in page and of
// every view with no serious or critical violation, at desktop and phone widths; a crawl of every
// link of the console with no 404; no console error on any view; no sideways scrolling at 360 px;
// each deep link (and its sub-states) opens its view, with back and forward; the admin key only in
// sessionStorage; keyboard only: a skip link, the nav and main in a logical order, a visible focus.
// It changes nothing on the shared edge (the experiment shown at #Experiments/<id> is the browser's
// own stand-in), so the other test files see the demo data as they expect.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CHROMIUM_ARGS } from "./edge.mjs";
import { seriousViolations } from "./axe.ts";

const edgeUrl = inject("edgeUrl");
const executablePath = inject("chromium");
const KEY = "demo-admin-key";

/** Every view, its heading (views are others' to word: loosely), a sign that it finished loading. */
const VIEWS = [
  ["Catalog", /Catalog/i],
  ["Statistics", /Statistic|Report/i],
  ["Experiments", /^Experiments$/],
  ["Outbound", /^Outbound$/],
  ["Snapshots", /^Audience snapshots$/],
  ["Explainer", /^Decision explainer$/],
] as const;

let browser: Browser;

beforeAll(async () => {
  // The global setup provides Chromium's path, or "" when it is missing outside CI (it fails under CI).
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

interface Problems {
  errors: string[];
  http: string[];
  urls: string[];
}

async function open(width = 1200, height = 900): Promise<{ context: BrowserContext; page: Page; problems: Problems }> {
  const context = await browser.newContext({ baseURL: edgeUrl, viewport: { width, height } });
  const problems: Problems = { errors: [], http: [], urls: [] };
  context.on("console", (message) => {
    if (message.type() === "error") problems.errors.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.errors.push(`${error.page()?.url() ?? "?"}: uncaught ${error.error().message}`));
  context.on("request", (request) => problems.urls.push(request.url()));
  context.on("response", (response) => {
    if (response.status() >= 400) problems.http.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  const page = await context.newPage();
  page.on("framenavigated", (frame) => frame === page.mainFrame() && problems.urls.push(frame.url()));
  return { context, page, problems };
}

/** Signs in with the keyboard only: the key field has the focus, Enter submits. */
async function signIn(page: Page, path = "/console/"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Admin key").waitFor();
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("admin-key");
  await page.keyboard.type(KEY);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/** Waits until the current view shows its heading and has loaded (no "Loading…" left). */
async function settle(page: Page, heading: RegExp): Promise<void> {
  await page.locator("main h2").filter({ hasText: heading }).first().waitFor({ timeout: 15_000 });
  await expect.poll(() => page.locator("main").innerText(), { timeout: 15_000 }).not.toMatch(/Loading/);
  await page.waitForTimeout(300);
}

/** Opens a view by its deep link, as a bookmark or a pasted link would (a real page load). */
async function openView(page: Page, hash: string, heading: RegExp): Promise<void> {
  await page.goto(`/console/${hash}`);
  await page.reload();
  await settle(page, heading);
}



const sideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);

describe.skipIf(!executablePath)("console shell", () => {
  it("has no serious or critical axe violation, no console error and no sideways scrolling on the sign-in page and every view, at 1200 and 360 px", async () => {
    const found: string[] = [];
    const wide: string[] = [];
    const errors: string[] = [];
    for (const width of [1200, 360]) {
      const { context, page, problems } = await open(width, 800);
      await page.goto("/console/");
      await page.getByLabel("Admin key").waitFor();
      found.push(...(await seriousViolations(page)).map((v) => `${width} px, sign-in: ${v}`));
      if ((await sideways(page)) > 0) wide.push(`${width} px, sign-in`);
      await signIn(page);
      for (const [view, heading] of VIEWS) {
        await openView(page, `#${view}`, heading);
        found.push(...(await seriousViolations(page)).map((v) => `${width} px, ${view}: ${v}`));
        const extra = await sideways(page);
        if (extra > 0) wide.push(`${width} px, ${view}: ${extra} px too wide`);
      }
      if (width === 360) {
        // The navigation wraps: every link is on the screen, none cut off.
        const links = await page.getByRole("navigation", { name: "Console sections" }).getByRole("link").evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().right)));
        expect(links).toHaveLength(VIEWS.length);
        expect(links.filter((right) => right > 360)).toEqual([]);
      }
      errors.push(...problems.errors, ...problems.http);
      await context.close();
    }
    expect(found).toEqual([]);
    expect(wide).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("leads every link of the console somewhere: views by their deep links, other pages with no 404", async () => {
    const { context, page, problems } = await open();
    await signIn(page);
    const queue: string[] = VIEWS.map(([view]) => `/console/#${view}`);
    const seen = new Set<string>();
    const checked: string[] = [];
    const broken: string[] = [];
    while (queue.length > 0) {
      const url = new URL(queue.shift()!, edgeUrl);
      const key = url.pathname + url.search + url.hash;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!url.pathname.startsWith("/console")) {
        const response = await fetch(url);
        await response.body?.cancel();
        checked.push(`${key} ${response.status}`);
        if (!response.ok) broken.push(`${key}: ${response.status}`);
        continue;
      }
      const response = await page.goto(key);
      // A same-document link (the hash) answers no response: the page it changes is already loaded.
      if (response && !response.ok()) broken.push(`${key}: ${response.status()}`);
      const id = decodeURIComponent(url.hash.slice(1));
      const view = VIEWS.find(([name]) => id.split(/[/?]/)[0]!.toLowerCase() === name.toLowerCase());
      if (view) {
        await page.reload();
        await settle(page, id.includes("/") ? /./ : view[1]).catch((error: Error) => broken.push(`${key}: no view (${error.message.split("\n")[0]})`));
        // An item's page (a snapshot version, an experiment) that does not exist says so in an alert.
        if (id.includes("/")) for (const alert of await page.locator("main [role=alert]").allInnerTexts()) if (alert.trim()) broken.push(`${key}: ${alert.trim()}`);
      } else if (id && !(await page.evaluate((target) => document.getElementById(target) !== null, id))) {
        broken.push(`${key}: no element #${id}`);
      }
      checked.push(`${key} ok`);
      const links = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLAnchorElement>("a[href]")]
          .map((a) => new URL(a.getAttribute("href")!, location.href))
          .filter((u) => u.origin === location.origin)
          .map((u) => u.pathname + u.search + u.hash),
      );
      queue.push(...links);
    }
    expect(broken).toEqual([]);
    // The nav, the skip link, the footer's pages and at least one snapshot version's page were followed.
    for (const expected of [...VIEWS.map(([view]) => `/console/#${view}`), "/console/#main", "/", "/mobile/", "/v1/openapi.json", "/v1/catalog.schema.json"]) {
      expect(checked.some((c) => c.startsWith(`${expected} `))).toBe(true);
    }
    expect(checked.some((c) => c.startsWith("/console/#Snapshots/"))).toBe(true);
    expect(problems.errors).toEqual([]);
    expect(problems.http).toEqual([]);
    await context.close();
  });

  it("opens each view and sub-state from its deep link, with back and forward", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "/console/#statistics"); // the hash names a view whatever its case
    await settle(page, VIEWS[1][1]);
    for (const [view, heading] of VIEWS) {
      await openView(page, `#${view}`, heading);
      expect(await page.getByRole("link", { name: view, exact: true }).getAttribute("aria-current")).toBe("page");
      expect(await page.title()).toBe(`${view} · Console · Edgewise`);
    }
    // A link in the nav: a new history entry, the view's heading has the focus.
    await openView(page, "#Catalog", VIEWS[0][1]);
    await page.getByRole("link", { name: "Outbound", exact: true }).click();
    await settle(page, /^Outbound$/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Outbound");
    // The deliveries' filter is in the link, and back undoes it.
    await page.getByLabel("State").selectOption("failed");
    await page.waitForURL(/#Outbound\?status=failed$/);
    await page.getByText("No deliveries in the state failed yet.").waitFor();
    await page.goBack();
    await page.waitForURL(/#Outbound$/);
    await expect.poll(() => page.getByLabel("State").inputValue()).toBe("all");
    await page.goBack();
    await settle(page, VIEWS[0][1]);
    await page.goForward();
    await settle(page, /^Outbound$/);
    await page.goForward();
    await expect.poll(() => page.getByLabel("State").inputValue()).toBe("failed");
    await openView(page, "#Outbound?status=failed", /^Outbound$/);
    expect(await page.getByLabel("State").inputValue()).toBe("failed");

    // The explainer's form: a link to a dry run, run when it opens (it changes nothing).
    await openView(page, "#Explainer?profile=u-013&placement=home-hero", /^Decision explainer$/);
    await expect.poll(() => page.locator("#explanation .winner").innerText({ timeout: 1000 }).catch(() => ""), { timeout: 15_000 }).toContain("churn-winback");
    expect(await page.getByLabel("Profile id").inputValue()).toBe("u-013");
    await page.getByLabel("Profile id").fill("u-001");
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    await page.waitForURL(/#Explainer\?profile=u-001&placement=home-hero&channel=web$/);

    // One snapshot version at #Snapshots/<version>, and back to the list.
    await openView(page, "#Snapshots", /^Audience snapshots$/);
    const version = (await page.locator("section.card", { has: page.getByRole("heading", { name: "Active", exact: true }) }).getByRole("link").textContent())!;
    await page.getByRole("link", { name: version }).first().click();
    await settle(page, new RegExp(`^Snapshot version ${version}$`));
    expect(page.url()).toContain(`#Snapshots/${encodeURIComponent(version)}`);
    expect(await page.title()).toBe(`Snapshots ${version} · Console · Edgewise`);
    await page.goBack();
    await settle(page, /^Audience snapshots$/);
    await page.goForward();
    await settle(page, new RegExp(`^Snapshot version ${version}$`));

    // One experiment at #Experiments/<id> (its list and report are this browser's stand-ins: the
    // shared edge's catalog stays as the other tests expect it).
    const report = {
      id: "hero-test", status: "running", placement: "home-hero", metric: "conversion", attributionWindowDays: 7, control: "control",
      variants: [
        { id: "control", offer: "default-hero", weight: 50, exposures: 500, conversions: 50, rate: 0.1, lift: null, interval: null, significant: false },
        { id: "bold", offer: "vip-spring", weight: 50, exposures: 510, conversions: 71, rate: 0.139, lift: 0.039, interval: [0.001, 0.077], significant: true },
      ],
      srm: { pValue: 0.75, mismatch: false },
      daily: [{ day: "2026-12-01", variants: [{ id: "control", lift: null, interval: null }, { id: "bold", lift: 0.039, interval: [0.001, 0.077] }], srm: { pValue: 0.75, mismatch: false } }],
    };
    await page.route(/\/v1\/admin\/experiments$/, (route) => route.fulfill({ json: { experiments: [{ ...report, start: "2026-12-01T00:00:00Z", end: null, exposures: 1010 }] } }));
    await page.route(/\/v1\/admin\/experiments\/hero-test$/, (route) => route.fulfill({ json: report }));
    await openView(page, "#Experiments", /^Experiments$/);
    await page.getByRole("link", { name: "hero-test" }).first().click();
    await settle(page, /^Experiment hero-test$/);
    expect(page.url()).toMatch(/#Experiments\/hero-test$/);
    await page.locator("table", { has: page.locator("caption", { hasText: "Variants of hero-test" }) }).waitFor();
    expect(await page.locator("section.experiment").count()).toBe(1);
    await page.goBack();
    await settle(page, /^Experiments$/);
    await openView(page, "#Experiments/hero-test", /^Experiment hero-test$/);
    await page.unrouteAll();

    expect(problems.errors).toEqual([]);
    expect(problems.http).toEqual([]);
    await context.close();
  });

  it("keeps the admin key in sessionStorage only: never in localStorage, a cookie or a URL", async () => {
    const { context, page, problems } = await open();
    await signIn(page);
    for (const [view, heading] of VIEWS) await openView(page, `#${view}`, heading);
    const stored = await page.evaluate(() => ({
      session: Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)])),
      local: Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`),
      cookie: document.cookie,
    }));
    expect(stored.session["edgewise-console:admin-key"]).toBe(KEY);
    expect(stored.local.filter((entry) => entry.includes(KEY))).toEqual([]);
    expect(stored.cookie).not.toContain(KEY);
    expect((await context.cookies()).filter((c) => c.value.includes(KEY) || c.name.includes(KEY))).toEqual([]);
    expect(problems.urls.length).toBeGreaterThan(10);
    expect(problems.urls.filter((url) => url.includes(KEY))).toEqual([]);
    // Another tab has its own session: it asks for the key again.
    const other = await context.newPage();
    await other.goto("/console/");
    await other.getByLabel("Admin key").waitFor();
    await other.close();
    // Signing out forgets it.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Admin key").waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("edgewise-console:admin-key"))).toBeNull();
    expect(problems.errors).toEqual([]);
    await context.close();

    // A wrong key is refused at sign-in and kept nowhere.
    const wrong = await open();
    await wrong.page.goto("/console/");
    await wrong.page.getByLabel("Admin key").fill("not-the-key");
    await wrong.page.getByRole("button", { name: "Sign in" }).click();
    await wrong.page.getByRole("alert").filter({ hasText: "The admin key was refused." }).waitFor();
    expect(await wrong.page.evaluate(() => sessionStorage.length + localStorage.length)).toBe(0);
    await wrong.context.close();
  });

  it("works with the keyboard only: a skip link first, then the nav, then main, with a visible focus", async () => {
    const { context, page, problems } = await open();
    await signIn(page, "/console/#Snapshots");
    await settle(page, /^Audience snapshots$/);
    await page.reload();
    await settle(page, /^Audience snapshots$/);
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return {
          tag: el.tagName.toLowerCase(),
          text: (el.textContent ?? "").trim().slice(0, 40),
          inNav: Boolean(el.closest("nav")),
          inMain: Boolean(el.closest("main")),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          visible: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight,
        };
      });
    // The first Tab: the skip link, shown.
    await page.keyboard.press("Tab");
    expect(await focused()).toMatchObject({ tag: "a", text: "Skip to main content", visible: true, outline: true });
    // Then the six views' links, in order, each with a visible focus, then "Sign out", then main.
    const order: string[] = [];
    for (let i = 0; i < VIEWS.length + 1; i++) {
      await page.keyboard.press("Tab");
      const f = await focused();
      expect(f).toMatchObject({ outline: true, visible: true });
      order.push(`${f.tag}${f.inNav ? " in nav" : ""}: ${f.text}`);
    }
    expect(order).toEqual([...VIEWS.map(([view]) => `a in nav: ${view}`), "button: Sign out"]);
    await page.keyboard.press("Tab");
    expect(await focused()).toMatchObject({ inMain: true, outline: true });
    // The skip link goes to main: the next Tab is inside it, past the header.
    await page.reload();
    await settle(page, /^Audience snapshots$/);
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    expect(page.url()).toMatch(/#Snapshots$/); // the deep link stays
    await page.keyboard.press("Tab");
    expect(await focused()).toMatchObject({ inMain: true, outline: true });
    // A view's link, pressed with Enter: its view, with the focus on its heading.
    await page.keyboard.press("Shift+Tab"); // Sign out
    await page.keyboard.press("Shift+Tab"); // Explainer
    expect((await focused()).text).toBe("Explainer");
    await page.keyboard.press("Enter");
    await settle(page, /^Decision explainer$/);
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`)).toBe("H2 Decision explainer");
    // Every view has one h1 (the console) and its own h2.
    for (const [view, heading] of VIEWS) {
      await openView(page, `#${view}`, heading);
      expect(await page.locator("h1").count()).toBe(1);
      expect(await page.locator("main h2").count()).toBeGreaterThanOrEqual(1);
    }
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});

import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { CLIENT_KEY } from "./edge-server.ts";
import { browserSuite, edge, edgeUrl, eventually, hasBrowser, historyOf, rendered, unique } from "./harness.ts";

/** The active element's description, looking into the message's shadow root. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el ? `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}:${el.getAttribute("aria-label") ?? (el.textContent ?? "").trim()}` : "none";
  });
}

describe.skipIf(!hasBrowser)("messages in Chromium", () => {
  const s = browserSuite();
  const body = '<main><button id="before">Before</button><a id="link" href="#x">A link</a></main><div data-edgewise-placement="inline-slot"></div>';
  const attrs = 'data-mode="local" data-min-interval="0"';


  const track = (name: string, properties?: object) =>
    s.page.evaluate(([n, p]) => (window as any).edgewise.track(n, p).then((d: any) => d?.offerId ?? null), [name, properties] as const);

  it("a triggered modal is an accessible dialog that works with the keyboard alone", async () => {
    const id = unique("u");
    s.site.set("/modal", { body, attrs: `${attrs} data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/modal`);
    await s.page.focus("#before");
    expect(await track("page.view", { path: "/welcome" })).toBe("welcome");
    const dialog = s.page.locator("[data-edgewise-message] >> role=dialog");
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await s.page.locator("[data-edgewise-message] >> #" + (await dialog.getAttribute("aria-labelledby"))).textContent()).toBe("Bem-vindo ");
    // Text is text: the template's markup is not parsed.
    expect(await s.page.locator("[data-edgewise-message] >> p").textContent()).toBe("<b>10% off</b> today");
    expect(await s.page.locator("[data-edgewise-message] >> b").count()).toBe(0);
    expect(await s.page.locator("[data-edgewise-message] >> img").getAttribute("alt")).toBe("A gift box");
    // Focus moved in, on the first action; Tab cycles inside; the page behind is inert.
    expect(await focused(s.page)).toBe("button:Shop");
    await s.page.keyboard.press("Tab");
    expect(await focused(s.page)).toBe("button:No thanks");
    await s.page.keyboard.press("Tab");
    expect(await focused(s.page)).toBe("button:Close");
    await s.page.keyboard.press("Tab");
    expect(await focused(s.page)).toBe("button:Shop");
    await s.page.keyboard.press("Shift+Tab");
    expect(await focused(s.page)).toBe("button:Close");
    expect(await s.page.evaluate(() => (document.querySelector("main") as HTMLElement).inert)).toBe(true);
    // 44 px targets.
    const sizes = await s.page.locator("[data-edgewise-message] >> button").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()));
    for (const { width, height } of sizes) expect(Math.min(width, height)).toBeGreaterThanOrEqual(44);
    // ESC closes, focus goes back, the page is live again, and a dismiss is recorded.
    await s.page.keyboard.press("Escape");
    expect(await s.page.locator("[data-edgewise-message]").count()).toBe(0);
    expect(await focused(s.page)).toBe("button#before:Before");
    expect(await s.page.evaluate(() => (document.querySelector("main") as HTMLElement).inert)).toBe(false);
    await s.page.evaluate(() => (window as any).edgewise.flush());
    const names = await eventually(async () => {
      const h = await historyOf(id);
      return h.some((e) => e.name === "dismiss") && h.filter((e) => e.offerId === "welcome").map((e) => e.name).sort();
    });
    expect(names).toEqual(["dismiss", "display", "trigger"]);
  });

  it("a button follows only safe links", async () => {
    s.site.set("/evil", { body, attrs });
    await s.page.goto(`${s.site.url}/evil`);
    expect(await track("evil", { to: "javascript:window.pwned=1" })).toBe("evil-link");
    await s.page.locator("[data-edgewise-message] >> text=Go").click();
    await s.page.waitForTimeout(200);
    expect(s.page.url()).toBe(`${s.site.url}/evil`);
    expect(await s.page.evaluate(() => (window as any).pwned)).toBeUndefined();
    expect(await track("evil", { to: "/sale?from=msg" })).toBe("evil-link");
    await Promise.all([s.page.waitForURL(`${s.site.url}/sale?from=msg`), s.page.locator("[data-edgewise-message] >> text=Go").click()]);
  });

  it("slide-ups and banners do not take focus and are announced politely", async () => {
    s.site.set("/cart", { body, attrs });
    await s.page.goto(`${s.site.url}/cart`);
    await s.page.focus("#before");
    expect(await track("cart.add", { sku: "A1" })).toBe("nudge");
    const live = s.page.locator("[data-edgewise-message] >> [aria-live=polite]");
    await expect.poll(() => live.textContent()).toBe("Nice pick: Free shipping over 50");
    expect(await focused(s.page)).toBe("button#before:Before");
    expect(await s.page.locator("[data-edgewise-message] >> role=dialog").getAttribute("aria-modal")).toBe("false");
    expect(await track("banner.open")).toBe("top-banner");
    expect(await s.page.locator("[data-edgewise-message]").count()).toBe(2);
  });

  it.each(["local", "edge"])("a journey message waiting at the edge shows once on a first visit, and is delivered (%s mode)", async (mode) => {
    const id = unique(`u-journey-${mode}`);
    // The journey's trigger, as the shop's backend or another device would send it.
    const trigger = { id: crypto.randomUUID(), type: "track", name: "journey.cart", profileId: id, anonymousId: `a-${id}`, timestamp: Date.now() };
    const sent = await fetch(`${edgeUrl}/v1/events`, { method: "POST", headers: { "x-client-key": CLIENT_KEY, "content-type": "application/json" }, body: JSON.stringify({ events: [trigger] }) });
    expect(sent.status).toBe(202);
    expect((await edge.profile(id)).pending).toEqual(["journey-reminder"]);

    s.site.set(`/journey-${mode}`, { body, attrs: `data-mode="${mode}" data-min-interval="0" data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/journey-${mode}`);
    const live = s.page.locator("[data-edgewise-message] >> [aria-live=polite]");
    await expect.poll(() => live.textContent()).toBe("Your cart: It is waiting for you");
    const displays = async () => (await historyOf(id)).filter((h) => h.name === "display" && h.offerId === "journey-reminder").length;
    await eventually(async () => (await displays()) > 0);
    expect(await displays()).toBe(1);
    expect((await edge.profile(id)).pending).toEqual([]);

    // Delivered: the next page on this device shows nothing (its cached profile no longer lists it)…
    await s.page.reload();
    await rendered(s.page, "inline-slot");
    await s.page.waitForTimeout(300);
    expect(await s.page.locator("[data-edgewise-message]").count()).toBe(0);
    // …nor does a visit on a device without its cache.
    const other = await s.browser.newContext();
    const page = await other.newPage();
    await page.goto(`${s.site.url}/journey-${mode}`);
    await rendered(page, "inline-slot");
    expect(await page.locator("[data-edgewise-message]").count()).toBe(0);
    await other.close();
  });

  it("fullscreen and inline layouts render in place", async () => {
    s.site.set("/layouts", { body, attrs });
    await s.page.emulateMedia({ reducedMotion: "reduce", colorScheme: "dark" });
    await s.page.goto(`${s.site.url}/layouts`);
    await s.page.evaluate(() => (document.documentElement.dir = "rtl"));
    expect(await track("full.open")).toBe("full");
    const root = s.page.locator("[data-edgewise-message] >> .r");
    expect(await root.getAttribute("dir")).toBe("rtl");
    expect(await root.getAttribute("lang")).toBe("en");
    expect(await s.page.locator("[data-edgewise-message] >> .x").evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).animationName])).toEqual(["rgb(32, 33, 36)", "none"]);
    const box = await s.page.locator("[data-edgewise-message] >> .x").boundingBox();
    const viewport = s.page.viewportSize()!;
    expect(box).toMatchObject({ x: 0, y: 0, width: viewport.width, height: viewport.height });
    await s.page.keyboard.press("Escape");
    expect(await track("inline.open")).toBe("inline-msg");
    expect(await s.page.locator('[data-edgewise-placement="inline-slot"] [data-edgewise-message] >> h2').textContent()).toBe("Inline");
  });

  it("html messages are isolated in a sandboxed frame and talk only through the bridge", async () => {
    const id = unique("u");
    s.site.set("/html", { body, attrs: `${attrs} data-profile-id="${id}"` });
    await s.page.goto(`${s.site.url}/html`);
    const actions: unknown[] = [];
    await s.page.exposeFunction("recordAction", (detail: unknown) => actions.push(detail));
    await s.page.evaluate(() => document.addEventListener("edgewise:action", (e) => (window as any).recordAction((e as CustomEvent).detail)));
    expect(await track("html.open")).toBe("html-msg");
    const frame = s.page.locator("[data-edgewise-message] >> iframe");
    expect(await frame.getAttribute("sandbox")).toBe("allow-scripts");
    await eventually(async () => actions.length > 0);
    expect(actions[0]).toMatchObject({ type: "custom", name: "probe:document:SecurityError,navigate:SecurityError,storage:SecurityError" });
    expect(await s.page.title()).toBe("Shop");
    // A message posted by anyone else (the page itself, a wrong channel) is ignored.
    await s.page.evaluate(() => window.postMessage({ edgewise: "guess", type: "dismiss" }, "*"));
    await s.page.waitForTimeout(100);
    expect(await s.page.locator("[data-edgewise-message]").count()).toBe(1);
    await s.page.frameLocator("[data-edgewise-message] >> iframe").locator("#custom").click();
    await eventually(async () => actions.length > 1);
    expect(actions[1]).toMatchObject({ type: "custom", name: "subscribe", offerId: "html-msg" });
    await s.page.frameLocator("[data-edgewise-message] >> iframe").locator("#close").click();
    await eventually(async () => (await s.page.locator("[data-edgewise-message]").count()) === 0);
  });

  it("works under a strict Content-Security-Policy with a nonce", async () => {
    const nonce = "n0nce" + Math.random().toString(36).slice(2);
    const csp = `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src ${edgeUrl}; img-src 'self'`;
    s.site.set("/csp", { body, attrs, headers: { "content-security-policy": csp } });
    const violations: string[] = [];
    s.page.on("console", (m) => /Content.Security.Policy|Refused/i.test(m.text()) && violations.push(m.text()));
    await s.page.addInitScript(() => document.addEventListener("securitypolicyviolation", (e) => console.log(`Refused ${e.violatedDirective} ${e.blockedURI}`)));
    await s.page.goto(`${s.site.url}/csp`);
    await s.page.waitForFunction(() => !!(window as any).edgewise?.track);
    await rendered(s.page, "inline-slot");
    expect(await track("cart.add")).toBe("nudge");
    const position = await s.page.locator("[data-edgewise-message] >> .r").evaluate((el) => getComputedStyle(el).position);
    expect(position).toBe("fixed");
    await s.page.keyboard.press("Escape");
    expect(await track("inline.open")).toBe("inline-msg");
    await s.page.waitForTimeout(300);
    expect(violations).toEqual([]);
  });
});

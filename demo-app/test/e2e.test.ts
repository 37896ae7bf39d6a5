// End-to-end: the demo shop, the console and the mobile demo in real Chromium against a real edge
// (`wrangler dev`, fresh state, demo catalog and snapshot loaded by the global setup).
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "./edge.mjs";
import { loadDemoExperiment } from "../scripts/experiment-demo.mjs";
import { seriousViolations } from "./axe.ts";

const edgeUrl = inject("edgeUrl");
const executablePath = inject("chromium");
let browser: Browser;

beforeAll(async () => {
  if (executablePath) browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: edgeUrl, viewport: { width: 1200, height: 900 } });
  return context.newPage();
}

/** Open the shop's home page and close the first-visit welcome modal with the keyboard. */
async function openShop(page: Page) {
  await page.goto("/");
  const dialog = page.getByRole("dialog", { name: "Welcome to the shop" });
  await dialog.waitFor({ timeout: 20_000 });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached", timeout: 10_000 });
}

async function signIn(page: Page, path = "/console/") {
  await page.goto(path);
  await page.getByLabel("Admin key").fill("demo-admin-key");
  await page.getByRole("button", { name: "Sign in" }).click();
  // The sign-in page has the same heading: signed in is when "Sign out" shows (the key checked and kept).
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

describe.skipIf(!executablePath)("demo shop", () => {
  it("shows the welcome modal on a first visit, focused, and closes it with Escape", async () => {
    const page = await newPage();
    await page.goto("/");
    const dialog = page.getByRole("dialog", { name: "Welcome to the shop" });
    await dialog.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.textContent ?? document.activeElement?.tagName)).toMatch(/Start shopping|Close/);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached", timeout: 10_000 });
    // A first visit only: the next page view does not show it again.
    await page.reload();
    await page.locator("#hero[data-edgewise-ready]").waitFor();
    await page.waitForTimeout(1500);
    expect(await page.getByRole("dialog").count()).toBe(0);
    await page.context().close();
  });

  it("shows a different hero for each persona", async () => {
    const page = await newPage();
    await openShop(page);
    const hero = page.locator("#hero");
    await expect.poll(() => hero.innerText(), { timeout: 15_000 }).toContain("New season, new arrivals");
    const expected: [string, string][] = [
      ["u-001", "Hi Ana, your VIP sale is on"],
      ["u-013", "We miss you, Mariana"],
      ["u-023", "Welcome to the shop!"],
      ["", "New season, new arrivals"],
    ];
    for (const [persona, text] of expected) {
      await page.getByLabel("Persona").selectOption(persona);
      await expect.poll(() => hero.innerText(), { timeout: 15_000 }).toContain(text);
    }
    await page.context().close();
  });

  it("counts clicks in the shop in the console's statistics", async () => {
    const page = await newPage();
    await page.goto("/");
    const dialog = page.getByRole("dialog", { name: "Welcome to the shop" });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByRole("button", { name: "Start shopping" }).click();
    await page.waitForURL(/trail-runner/);
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("status").filter({ hasText: "added to your cart" }).waitFor();
    await page.waitForTimeout(1500); // the SDK batches events for 1 s

    // A link in the rendered hero (the fallback offer for an anonymous visitor): one interaction on
    // that offer and placement, carried through the navigation the click causes.
    const heroInteractions = async () =>
      ((await (await fetch(`${edgeUrl}/v1/admin/stats?offerId=default-hero`, { headers: { authorization: "Bearer demo-admin-key" } })).json()).offers as { placement: string | null; interact: number }[])
        .find((o) => o.placement === "home-hero")?.interact ?? 0;
    const before = await heroInteractions();
    const visitor = await newPage();
    await openShop(visitor);
    await visitor.locator('#hero[data-edgewise-offer="default-hero"]').waitFor();
    await visitor.locator("#hero").getByRole("link", { name: "Discover" }).click();
    await visitor.waitForURL(/trail-runner/);
    await expect.poll(heroInteractions, { timeout: 40_000 }).toBe(before + 1);
    await visitor.waitForTimeout(2000); // the next page may send it again: the edge counts it once
    expect(await heroInteractions()).toBe(before + 1);
    await visitor.context().close();

    const console = await newPage();
    await signIn(console, "/console/?refresh=1#Statistics");
    expect(console.url()).not.toContain("demo-admin-key");
    expect(await console.evaluate(() => sessionStorage.getItem("edgewise-console:admin-key"))).toBe("demo-admin-key");
    const table = (caption: RegExp) => console.locator("table").filter({ has: console.locator("caption", { hasText: caption }) });
    const cell = (caption: RegExp, row: string, column: number) =>
      table(caption).locator("tr", { has: console.locator("th", { hasText: new RegExp(`^${row}$`) }) }).locator("td").nth(column);
    // The modal's button: one interaction on the welcome offer (columns: displays, interactions, CTR, …).
    await expect.poll(async () => Number(await cell(/^Per offer$/, "welcome", 1).textContent({ timeout: 1000 }).catch(() => "0")), { timeout: 40_000 }).toBeGreaterThanOrEqual(1);
    expect(Number(await cell(/^Per offer$/, "welcome", 0).textContent())).toBeGreaterThanOrEqual(1);
    expect(await cell(/^Per offer$/, "welcome", 2).textContent()).toMatch(/%$/);
    // The hero link: an interaction on the default hero.
    expect(Number(await cell(/^Per offer$/, "default-hero", 1).textContent())).toBeGreaterThanOrEqual(1);
    // "Add to cart": the abandoned-cart journey was entered.
    await expect.poll(async () => Number(await cell(/^Journeys$/, "abandoned-cart", 0).textContent({ timeout: 1000 }).catch(() => "0")), { timeout: 40_000 }).toBeGreaterThanOrEqual(1);
    expect(await console.getByRole("img", { name: /per offer/ }).count()).toBe(1);
    await page.context().close();
    await console.context().close();
  });
});

describe.skipIf(!executablePath)("operator console", () => {
  it("makes a preview link that shows an offer on the shop with the explanation overlay, counting nothing", async () => {
    const console = await newPage();
    await signIn(console, "/console/#Explainer");
    await console.getByLabel("Offer or variant to preview").selectOption("offer:vip-spring");
    await console.getByLabel("Page of your site").fill(`${edgeUrl}/`);
    await console.getByRole("button", { name: "Make a preview link" }).click();
    const link = await console.getByLabel("Preview link").inputValue();
    expect(new URL(link).searchParams.get("edgewise_preview")).toBeTruthy();
    const shop = await newPage();
    const events: string[] = [];
    shop.on("request", (request) => void (request.url().includes("/v1/events") && events.push(request.url())));
    await shop.goto(link);
    const overlay = shop.getByRole("region", { name: "Edgewise preview" });
    await overlay.getByText("Showing offer vip-spring").waitFor({ timeout: 20_000 });
    await overlay.getByText(/home-hero: vip-spring/).waitFor({ timeout: 20_000 });
    expect(new URL(shop.url()).searchParams.get("edgewise_preview")).toBeNull();
    await shop.waitForTimeout(1500);
    expect(events).toEqual([]);
    await console.context().close();
    await shop.context().close();
  });

  it("shows the order confirmation a purchase sends through the demo webhook, delivered and signed", async () => {
    const page = await newPage();
    await openShop(page);
    await page.goto("/products/trail-runner.html");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await page.getByRole("status").filter({ hasText: "added to your cart" }).waitFor();
    await page.goto("/cart.html");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByText(/Thank you! Order of \$\d+ placed/).waitFor();

    const console = await newPage();
    await signIn(console, "/console/?refresh=1#Outbound");
    await console.getByRole("heading", { name: "Outbound" }).waitFor();
    const destinations = console.locator("table").filter({ has: console.locator("caption", { hasText: "Destinations of the active catalog" }) });
    const mailer = destinations.locator("tr", { has: console.locator("th", { hasText: /^demo-mailer$/ }) });
    // Columns after the name: kind, delivered, waiting, …
    await expect.poll(async () => Number(await mailer.locator("td").nth(1).textContent({ timeout: 1000 }).catch(() => "0")), { timeout: 40_000 }).toBeGreaterThanOrEqual(1);
    const deliveries = console.locator("table").filter({ has: console.locator("caption", { hasText: "Deliveries, newest first" }) });
    await deliveries.locator("tr", { hasText: "journey:order-confirmation" }).filter({ hasText: "delivered" }).first().waitFor({ timeout: 20_000 });
    // The receiver checked the signature (it answers 401 otherwise) and handled the call once.
    const handled = await (await fetch(`${edgeUrl}/v1/admin/deliveries?destination=demo-mailer&status=delivered`, { headers: { authorization: "Bearer demo-admin-key" } })).json();
    expect(handled.deliveries[0]).toMatchObject({ status: "delivered", lastStatus: 200, source: "journey:order-confirmation@steps[0]" });
    // Filtering by state shows no failed delivery.
    await console.getByLabel("State").selectOption("failed");
    await deliveries.getByText("No deliveries in the state failed yet.").waitFor();
    await page.context().close();
    await console.context().close();
  });

  it("reports an experiment: variants, the interval chart, no SRM alarm; stops it", async () => {
    const experiment = await loadDemoExperiment(edgeUrl, 400);
    const page = await newPage();
    await signIn(page, "/console/#Experiments");
    const table = page.locator("table").filter({ has: page.locator("caption", { hasText: `Variants of ${experiment}` }) });
    // The exposures arrive through the queue: the report fills within seconds.
    await expect.poll(async () => {
      await page.reload();
      await table.waitFor({ timeout: 10_000 }).catch(() => undefined);
      const cells = await table.locator("tbody tr td:nth-child(2)").allTextContents();
      return cells.reduce((sum, cell) => sum + Number(cell), 0);
    }, { timeout: 60_000 }).toBe(400);
    expect(await table.locator("tbody th").allTextContents()).toEqual(["control (control)", "gift-wrap"]);
    expect(await page.getByRole("img", { name: /Lift against control, 95 % anytime-valid interval/ }).count()).toBe(1);
    expect(await page.getByRole("alert").count()).toBe(0);
    const rows = page.locator("table").filter({ has: page.locator("caption", { hasText: "Experiments of the active catalog" }) });
    expect(await rows.locator("tr", { hasText: experiment }).locator("td").first().textContent()).toBe("running");
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Stop experiment" }).click();
    await page.getByRole("status").filter({ hasText: /Published catalog/ }).waitFor();
    await page.getByText(`(ended, promo-strip`).waitFor();
    await page.context().close();
  });

  it("refuses an invalid catalog edit, showing the error's path, without publishing", async () => {
    const page = await newPage();
    const puts: string[] = [];
    page.on("request", (r) => r.method() === "PUT" && puts.push(r.url()));
    await signIn(page);
    // The code editor (CodeMirror, console-catalog.test.ts tests it in full): the first offer's
    // first placement replaced by one the catalog does not have.
    await page.locator(".cm-line", { hasText: '"placements": [' }).first().waitFor({ timeout: 15_000 });
    await page.getByLabel("Offer, placement, journey or campaign").selectOption({ index: 0 });
    await page.getByRole("button", { name: "Show in JSON" }).click();
    await page.locator(".cm-line", { hasText: /^\s*"home-hero",$/ }).first().click();
    await page.keyboard.press("End");
    await page.keyboard.press("Shift+Home");
    await page.keyboard.type('"no-such-placement",');
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    const path = page.getByRole("button", { name: "$.offers[0].placements[0]", exact: true });
    await path.waitFor();
    expect(await page.locator(".cat-problems li", { has: path }).innerText()).toContain('unknown placement "no-such-placement"');
    expect(await page.locator("#catalog-status").innerText()).toContain("Not published");
    await expect.poll(() => page.locator(".cm-line", { hasText: '"no-such-placement",' }).locator(".cm-lintRange-error").count()).toBe(1);
    expect(puts).toEqual([]);
    await page.context().close();
  });

  it("explains a decision: the winner and why every other offer lost", async () => {
    const page = await newPage();
    await signIn(page, "/console/#Explainer");
    await page.getByLabel("Profile id").fill("u-013");
    await page.getByLabel("Placement").selectOption("home-hero");
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    const explanation = page.locator("#explanation");
    await explanation.waitFor();
    expect(await explanation.locator(".winner").innerText()).toContain("churn-winback");
    const rows = explanation.locator("tbody tr");
    const text = await rows.allInnerTexts();
    // A failed condition says what it read.
    expect(text.find((r) => r.startsWith("vip-spring"))).toMatch(/ineligible\s+eligibility\.and\[0\] is false: audiences was \["churn-risk"\]/);
    expect(text.find((r) => r.startsWith("new-customer-welcome"))).toMatch(/ineligible\s+eligibility is false: audiences was \["churn-risk"\]/);
    expect(text.find((r) => r.startsWith("churn-winback"))).toMatch(/selected/);
    expect(await page.locator("#pending-offers").innerText()).toBe("Held by journeys and campaigns: none");
    // u-007 is in the "new" audience: the winter campaign holds its offer; explaining it (a dry
    // run) leaves it held, however often.
    await page.getByLabel("Profile id").fill("u-007");
    await page.getByLabel("Placement").selectOption("web-messages");
    for (let i = 0; i < 2; i++) {
      await page.getByRole("button", { name: "Explain", exact: true }).click();
      await expect.poll(() => page.locator("#pending-offers").innerText()).toBe("Held by journeys and campaigns: winter-collection");
      await expect.poll(() => explanation.locator(".winner").innerText()).toContain("winter-collection (held by a journey or campaign)");
    }
    // An event can be simulated: the page view on "/" triggers the welcome message for a new visitor.
    await page.getByLabel("Profile id").fill("");
    await page.getByLabel("Event (optional, e.g. page.view)").fill("page.view");
    await page.getByRole("button", { name: "Explain", exact: true }).click();
    await expect.poll(() => explanation.locator(".winner").innerText()).toContain("Winner for web-messages: welcome");
    const profile = await (await fetch(`${edgeUrl}/v1/profile/u-007`, { headers: { "x-client-key": "demo-client-key" } })).json();
    expect(profile.pending).toEqual(["winter-collection"]);
    await page.context().close();
  });
});

describe.skipIf(!executablePath)("mobile demo", () => {
  it("shows the code-based home banner per persona and an in-app message in the WebView stand-in", async () => {
    const page = await newPage();
    page.setDefaultTimeout(15_000); // a step that hangs fails here, with the event log, before the test's timeout
    // On failure, say what the app did: its event log is the page's own.
    const log = async () => `\nevent log:\n${await page.locator("#log").innerText({ timeout: 5_000 }).catch(() => "(none)")}`;
    try {
      await page.goto("/mobile/");
      const banner = page.locator("#app-home");
      await expect.poll(() => banner.innerText(), { timeout: 20_000 }).toContain("New arrivals");
      await page.getByLabel("Persona").selectOption("u-001");
      await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toContain("VIP sale: 30% off");
      // u-023 is in the "new" audience: the winter campaign's message arrives on the next foreground.
      await page.getByLabel("Persona").selectOption("u-023");
      await expect.poll(() => banner.innerText(), { timeout: 15_000 }).toContain("10% off your first order");
      await page.getByRole("button", { name: "Send app to background" }).click();
      await page.getByRole("button", { name: "Bring app to foreground" }).click();
      const frame = page.locator("iframe.webview");
      await frame.waitFor({ timeout: 20_000 });
      await expect.poll(() => frame.getAttribute("title"), { timeout: 5_000 }).toBe("The new collection is here");
      await page.frameLocator("iframe.webview").getByRole("dialog").waitFor({ timeout: 10_000 });
      // Shown and measured: the document has said `ready` (an app waits for it to size a banner).
      await page.locator("iframe.webview[data-ready]").waitFor({ timeout: 10_000 });
      // Keyboard only: focus moves into the message (the WebView stand-in), then Escape dismisses it.
      // The key goes down in the frame, which its keydown removes; it comes up once the frame is gone
      // (a key-up sent to a frame being removed can wait forever in Chromium).
      await frame.focus();
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), { timeout: 5_000 }).toBe("IFRAME");
      await page.keyboard.down("Escape");
      await frame.waitFor({ state: "detached", timeout: 10_000 });
      await page.keyboard.up("Escape");
    } catch (error) {
      throw new Error(`${(error as Error).message}${await log()}`);
    } finally {
      await page.context().close();
    }
  }, 150_000); // the steps' own timeouts add up to more than the default: a failing step reports itself

  it("previews an offer on the phone from a console preview link, with the overlay in the safe area, counting nothing", async () => {
    const console = await newPage();
    await signIn(console, "/console/#Explainer");
    await console.getByLabel("Offer or variant to preview").selectOption("offer:churn-winback");
    await console.getByLabel("Page of your site, or app link").fill(`${edgeUrl}/mobile/`);
    await console.getByRole("button", { name: "Make a preview link" }).click();
    const link = await console.getByLabel("Preview link").inputValue();
    await console.context().close();

    const phone = await newPage();
    const events: string[] = [];
    phone.on("request", (request) => void (request.url().includes("/v1/events") && events.push(request.url())));
    await phone.goto(link);
    // An anonymous app user is no churn risk, but the link forces the offer on the app's home banner…
    const banner = phone.locator("#app-home");
    await expect.poll(() => banner.getAttribute("data-offer-id"), { timeout: 20_000 }).toBe("churn-winback");
    expect(await banner.innerText()).toContain("20% off your comeback");
    // …and the overlay says so, with every other candidate's reason, inside the phone's safe areas.
    const overlay = phone.getByRole("region", { name: "Edgewise preview" });
    await overlay.getByText(/^Showing offer churn-winback until .*Nothing you do here is counted\.$/).waitFor({ timeout: 20_000 });
    await overlay.getByText("app-home: churn-winback").waitFor();
    expect(await overlay.getByRole("listitem").filter({ hasText: /^app-home-default: / }).count()).toBe(1);
    const [panel, screen] = await Promise.all([overlay.boundingBox(), phone.locator("#screen").boundingBox()]);
    expect(panel!.y + panel!.height).toBeLessThanOrEqual(screen!.y + screen!.height - 28); // above the home indicator
    expect(await seriousViolations(phone)).toEqual([]);
    await phone.waitForTimeout(1500); // past the banner's one-second display
    expect(events).toEqual([]);

    const toggle = overlay.getByRole("button", { name: "Hide details" });
    await toggle.click();
    expect(await overlay.getByRole("button", { name: "Show details" }).getAttribute("aria-expanded")).toBe("false");
    expect(await overlay.getByText("app-home: churn-winback").count()).toBe(0);
    await overlay.getByRole("button", { name: "Exit preview" }).click();
    await overlay.waitFor({ state: "detached" });
    await expect.poll(() => banner.getAttribute("data-offer-id"), { timeout: 15_000 }).not.toBe("churn-winback");
    expect(new URL(phone.url()).searchParams.get("edgewise_preview")).toBeNull();
    await phone.context().close();
  }, 90_000);
});

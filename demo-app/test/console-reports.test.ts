// The console's reports over time (issue #21) in real Chromium against their own fresh edge
// (`wrangler dev` on a free port, demo catalog and snapshot loaded): events sent at known hours
// show in an offer's chart and the table behind it, exactly as GET /v1/admin/stats/series counts
// them; switching hourly/daily and the range changes the query; the CSV download is the table; a
// journey is drawn with the people on each edge; the totals' empty rows and long step labels read
// well; everything works from the keyboard, fits 360 px without sideways scrolling, logs no console
// error, and axe-core finds no serious or critical violation.
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEdge, startSeededEdge } from "./edge.mjs";
import { seriousViolations } from "./axe.ts";

/** Tables wider than the screen become focusable scrolling regions once measured (table.tsx): wait for that before scanning. */
const scrollRegionsMeasured = (page: Page) =>
  page.waitForFunction(() => [...document.querySelectorAll(".table-scroll")].every((e) => e.scrollWidth <= e.clientWidth + 1 || e.hasAttribute("tabindex")));

// Global setup fails under CI without Chromium and provides "" where the browser tests are skipped.
const runBrowser = Boolean(inject("chromium"));
const HOUR = 3_600_000;
const ADMIN = { authorization: "Bearer demo-admin-key" };
const OFFER = "brazil-shipping";

let edge: Awaited<ReturnType<typeof startEdge>>;
let browser: Browser;
/** The start of the UTC hour `n` hours before the current one. */
const hoursAgo = (n: number) => Math.floor(Date.now() / HOUR) * HOUR - n * HOUR;
const hourText = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

interface Problems {
  errors: string[];
  http: string[];
}

async function open(width = 1200, height = 900): Promise<{ context: BrowserContext; page: Page; problems: Problems }> {
  const context = await browser.newContext({ baseURL: edge.url, viewport: { width, height }, acceptDownloads: true });
  const problems: Problems = { errors: [], http: [] };
  context.on("console", (message) => {
    if (message.type() === "error") problems.errors.push(`${message.page()?.url() ?? "?"}: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.errors.push(`uncaught ${error.error().message}`));
  context.on("response", (response) => {
    if (response.status() >= 400) problems.http.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  // Signed in: the console keeps the admin key in this tab's sessionStorage.
  await context.addInitScript(() => {
    try {
      sessionStorage.setItem("edgewise-console:admin-key", "demo-admin-key");
    } catch {
      // about:blank has no storage
    }
  });
  return { context, page: await context.newPage(), problems };
}

async function sendEvents(events: Record<string, unknown>[]): Promise<void> {
  const response = await fetch(`${edge.url}/v1/events`, {
    method: "POST",
    headers: { "x-client-key": "demo-client-key", "content-type": "application/json" },
    body: JSON.stringify({ events: events.map((e) => ({ id: crypto.randomUUID(), anonymousId: "reports-test", ...e })) }),
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(202);
  expect(body.rejected).toEqual([]);
}

async function series(query: Record<string, string>): Promise<{ series: Record<string, any>[] }> {
  const response = await fetch(`${edge.url}/v1/admin/stats/series?${new URLSearchParams(query)}`, { headers: ADMIN });
  expect(response.status).toBe(200);
  return response.json();
}

/** A table's caption, header and rows as text. */
async function tableText(page: Page, caption: RegExp): Promise<{ caption: string; header: string[]; rows: string[][] }> {
  const table = page.locator("table").filter({ has: page.locator("caption", { hasText: caption }) });
  return table.evaluate((t: HTMLTableElement) => ({
    caption: t.caption?.textContent ?? "",
    header: [...t.tHead!.rows[0]!.cells].map((c) => c.textContent ?? ""),
    rows: [...t.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent ?? "")),
  }));
}

/** RFC 4180 CSV → rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field), rows.push(row), (row = []), (field = ""), i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) row.push(field), rows.push(row);
  return rows;
}


const seriesRequests = (page: Page) => {
  const urls: URL[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/v1/admin/stats/series")) urls.push(new URL(request.url()));
  });
  return urls;
};

describe.skipIf(!runBrowser)("console reports over time", () => {
  const h5 = hoursAgo(5);
  const h3 = hoursAgo(3);
  beforeAll(async () => {
    ({ edge, browser } = await startSeededEdge());
    // Events at known past hours on one offer, and a cart for the abandoned-cart journey.
    await sendEvents([
      { type: "display", offerId: OFFER, placement: "cart-banner", timestamp: h5 + 60_000 },
      { type: "display", offerId: OFFER, placement: "cart-banner", timestamp: h5 + 120_000 },
      { type: "display", offerId: OFFER, placement: "cart-banner", timestamp: h3 + 60_000 },
      { type: "interact", offerId: OFFER, placement: "cart-banner", timestamp: h3 + 90_000 },
      { type: "conversion", offerId: OFFER, timestamp: h3 + 120_000 },
      { type: "track", name: "cart.add", profileId: "u-001", properties: { sku: "trail-runner" }, timestamp: Date.now() - 1000 },
      { type: "track", name: "cart.add", profileId: "u-013", properties: { sku: "trail-runner" }, timestamp: Date.now() - 1000 },
      // Only a dismissal: the totals' row of this offer has no display, interaction or conversion.
      { type: "dismiss", offerId: "cart-saved", placement: "cart-banner", timestamp: Date.now() - 1000 },
      // A purchase: the order-confirmation journey's one step completes.
      { type: "track", name: "purchase", profileId: "u-023", properties: { total: 42, items: 1 }, timestamp: Date.now() - 1000 },
    ]);
    // Through the queue into the statistics.
    const deadline = Date.now() + 40_000;
    for (;;) {
      const offer = await series({ kind: "offer", id: OFFER, granularity: "hour", from: new Date(h5).toISOString(), to: new Date(h3 + HOUR).toISOString() });
      const journey = await series({ kind: "journey", id: "abandoned-cart", granularity: "hour" });
      const counted = offer.series.reduce((n, p) => n + p.display + p.interact + p.conversion, 0);
      const entered = journey.series.reduce((n, p) => n + p.entered, 0);
      if (counted === 5 && entered >= 2) break;
      if (Date.now() > deadline) throw new Error(`the events were not counted in time (${counted} offer events, ${entered} entries)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
  });

  it("shows an offer's hourly chart and the table behind it; switching to daily and the range changes the query", async () => {
    const { context, page, problems } = await open();
    const requests = seriesRequests(page);
    await page.goto("/console/?refresh=2#Statistics");
    await page.getByRole("heading", { name: "Over time" }).waitFor();
    // Chosen with the controls (as an operator would).
    await page.getByLabel("Report on").selectOption("offer");
    await page.getByLabel("Offer", { exact: true }).selectOption(OFFER);
    const chart = page.getByRole("img", { name: new RegExp(`^Offer ${OFFER}, per hour, last 24 hours`) });
    await chart.waitFor({ timeout: 20_000 });
    await chart.locator("canvas").first().waitFor();
    expect(await chart.getAttribute("aria-label")).toContain("In total: 3 displays, 1 interactions, 0 dismissals, 1 conversions");
    // The legend names the lines by what they count.
    const legend = page.getByRole("group", { name: "Lines drawn" });
    expect(await legend.getByRole("checkbox").evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).labels![0]!.textContent!.trim()))).toEqual(["Displays", "Interactions", "Dismissals", "Conversions", "Triggers", "Suppressions"]);

    const caption = new RegExp(`^Offer ${OFFER} per hour`);
    const hourly = await tableText(page, caption);
    expect(hourly.header).toEqual(["Hour (UTC)", "Displays", "Interactions", "Dismissals", "Conversions", "Triggers", "Suppressions"]);
    expect(hourly.rows.length).toBe(25);
    expect(hourly.rows.find((r) => r[0] === hourText(h5))).toEqual([hourText(h5), "2", "0", "0", "0", "0", "0"]);
    expect(hourly.rows.find((r) => r[0] === hourText(h3))).toEqual([hourText(h3), "1", "1", "0", "1", "0", "0"]);
    // Exactly the edge's series.
    const last = requests.at(-1)!;
    expect(Object.fromEntries(last.searchParams)).toMatchObject({ kind: "offer", id: OFFER, granularity: "hour" });
    const api = await series(Object.fromEntries(last.searchParams));
    expect(hourly.rows.map((r) => r.slice(1).map(Number))).toEqual(api.series.map((p) => [p.display, p.interact, p.dismiss, p.conversion, p.trigger, p.suppress]));

    // Daily: a new query, one row per UTC day.
    await page.getByRole("radio", { name: "Day", exact: true }).check();
    await expect.poll(() => requests.at(-1)!.searchParams.get("granularity")).toBe("day");
    await page.locator("caption", { hasText: new RegExp(`^Offer ${OFFER} per day`) }).waitFor();
    const daily = await tableText(page, new RegExp(`^Offer ${OFFER} per day`));
    expect(daily.header[0]).toBe("Day (UTC)");
    expect(daily.rows.reduce((n, r) => n + Number(r[1]), 0)).toBe(3);
    // The range, with the keyboard: from "Last 24 hours" the arrow key moves to "Last 7 days".
    const before = requests.at(-1)!.searchParams.get("from");
    await page.getByRole("radio", { name: "Last 24 hours" }).focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.getByRole("radio", { name: "Last 7 days" }).isChecked()).toBe(true);
    await expect.poll(() => requests.at(-1)!.searchParams.get("from")).not.toBe(before);
    const week = requests.at(-1)!;
    expect(Date.parse(week.searchParams.get("to")!) - Date.parse(week.searchParams.get("from")!)).toBe(8 * 24 * HOUR);
    await page.locator("caption", { hasText: "last 7 days" }).waitFor();
    expect((await tableText(page, new RegExp(`^Offer ${OFFER} per day`))).rows.length).toBe(8);
    // The last 30 days are daily only: hourly is offered no more.
    await page.getByRole("radio", { name: "Last 30 days" }).check();
    expect(await page.getByRole("radio", { name: "Hour", exact: true }).isDisabled()).toBe(true);
    await expect.poll(() => requests.at(-1)!.searchParams.get("granularity")).toBe("day");
    // A custom range of days.
    await page.getByRole("radio", { name: "Custom days" }).check();
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 24 * HOUR).toISOString().slice(0, 10);
    await page.getByLabel("First day (UTC)").fill(yesterday);
    await page.getByLabel("Last day (UTC)").fill(today);
    await page.getByRole("radio", { name: "Hour", exact: true }).check();
    await expect.poll(() => `${requests.at(-1)!.searchParams.get("from")} ${requests.at(-1)!.searchParams.get("granularity")}`).toBe(`${yesterday}T00:00:00.000Z hour`);
    expect(requests.at(-1)!.searchParams.get("to")).toBe(new Date(Date.parse(today) + 24 * HOUR).toISOString());
    // The choices are the view's deep link.
    expect(decodeURIComponent(new URL(page.url()).hash)).toContain(`kind=offer&id=${OFFER}`);
    expect(problems).toEqual({ errors: [], http: [] });
    await context.close();
  });

  it("downloads exactly the table as CSV", async () => {
    const { context, page, problems } = await open();
    await page.goto(`/console/#Statistics?kind=offer&id=${OFFER}&range=24h&granularity=hour`);
    const caption = new RegExp(`^Offer ${OFFER} per hour`);
    await page.locator("caption", { hasText: caption }).waitFor({ timeout: 20_000 });
    const table = await tableText(page, caption);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download this table as CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^edgewise-offer-${OFFER}-hour-\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const csv = readFileSync((await download.path())!, "utf8");
    expect(parseCsv(csv)).toEqual([table.header, ...table.rows]);
    expect(problems).toEqual({ errors: [], http: [] });
    await context.close();
  });

  it("draws a journey as its steps with the people on each edge, and charts one step", async () => {
    const { context, page, problems } = await open();
    await page.goto("/console/#Statistics?kind=journey&id=abandoned-cart&range=24h&granularity=hour");
    const drawing = page.getByRole("figure", { name: /^Journey Abandoned cart \(abandoned-cart\)/ });
    await drawing.waitFor({ timeout: 20_000 });
    const api = await series({ kind: "journey", id: "abandoned-cart", granularity: "hour" });
    const entered = (step: string) => api.series.reduce((n, p) => n + (p.steps[step]?.entered ?? 0), 0);
    expect(entered("trigger")).toBeGreaterThanOrEqual(2);
    expect(await drawing.locator(".flow-start .flow-entries").innerText()).toBe(`${entered("trigger")} people entered the journey`);
    const edges = await drawing.locator(".flow-count").allTextContents();
    // Into steps[0] (wait), steps[1] (if), its then and else branches, steps[2], and to the end.
    expect(edges.length).toBe(6);
    const people = (n: number) => `${n} ${n === 1 ? "person" : "people"}`;
    expect(edges).toEqual([
      `${people(entered("steps[0]"))} entered Wait 1 minute`,
      `${people(entered("steps[1]"))} entered If in audience vip`,
      `${people(entered("steps[1].then[0]"))} entered Message: vip-cart-reminder`,
      `${people(entered("steps[1].else[0]"))} entered Message: cart-reminder`,
      `${people(entered("steps[2]"))} entered Wait for display (up to 3 days)`,
      `${people(api.series.reduce((n, p) => n + p.completed, 0))} completed the journey`,
    ]);
    expect(entered("steps[0]")).toBeGreaterThanOrEqual(2);
    const steps = await drawing.locator(".flow-text").allTextContents();
    expect(steps).toEqual(["Trigger: cart.add", "Wait 1 minute", "If in audience vip", "Message: vip-cart-reminder", "Message: cart-reminder", "Wait for display (up to 3 days)", "End"]);
    expect(await drawing.getByRole("group", { name: /yes \(then\)/ }).count()).toBe(1);
    // The journey's chart and, for one step, that step's.
    await page.getByRole("img", { name: /^Journey abandoned-cart, per hour/ }).waitFor();
    await page.getByLabel("Step", { exact: true }).selectOption("steps[0]");
    await page.getByRole("img", { name: /^Journey abandoned-cart, step steps\[0\], per hour/ }).or(page.getByText(/Nothing counted for journey abandoned-cart, step steps\[0\]/)).first().waitFor();
    expect(problems).toEqual({ errors: [], http: [] });
    await context.close();
  });

  it("shows a clear empty state, journey-step labels in full, and a legend that says what the step chart plots", async () => {
    const { context, page, problems } = await open();
    await page.goto("/console/#Statistics?kind=offer&id=thanks-buyer&range=24h&granularity=hour");
    await page.getByText("Nothing counted for offer thanks-buyer in this range").waitFor({ timeout: 20_000 });
    await page.getByRole("heading", { name: "Totals" }).waitFor();
    // The totals: a row with nothing to draw says so once, instead of a stack of zeros.
    const offers = page.getByRole("img", { name: "Displays, interactions and conversions per offer" });
    await offers.waitFor();
    const dismissedOnly = offers.locator(".bars-row", { hasText: "cart-saved" });
    await dismissedOnly.waitFor({ timeout: 20_000 });
    expect(await dismissedOnly.locator(".bars-none").innerText()).toBe("no displays, interactions or conversions yet");
    expect(await dismissedOnly.locator(".bars-value").count()).toBe(0);
    // The journey steps' chart: its legend names what it plots (completed is not "Conversions").
    const figure = page.locator("figure.bars", { has: page.getByRole("img", { name: "Journey steps: displayed, interacted, completed" }) });
    await expect.poll(async () => figure.locator(".bars-row", { hasText: "order-confirmation" }).locator(".bars-value").allTextContents(), { timeout: 30_000 }).toEqual(["0", "0", "1"]);
    expect(await figure.locator("figcaption").innerText()).toMatch(/Displayed\s+Interacted\s+Completed/);
    expect(await figure.locator("figcaption").innerText()).not.toContain("Conversions");
    // Every label is readable in full: not clipped, and its tooltip is the whole label.
    for (const width of [1200, 360]) {
      await page.setViewportSize({ width, height: 800 });
      const labels = await figure.locator(".bars-label").evaluateAll((spans) => spans.map((s) => ({ text: s.textContent, title: s.getAttribute("title"), clipped: s.scrollWidth > s.clientWidth + 1 || s.getBoundingClientRect().left < 0 })));
      expect(labels.length).toBeGreaterThan(2);
      expect(labels.some((l) => l.text!.startsWith("order-confirmation · steps[0] (v"))).toBe(true);
      for (const label of labels) {
        expect(label.title).toBe(label.text);
        expect(label.clipped, `${label.text} at ${width} px`).toBe(false);
      }
    }
    expect(problems).toEqual({ errors: [], http: [] });
    await context.close();
  });

  it("fits 360 px without sideways scrolling, the chart resizing; axe-core finds nothing serious", async () => {
    const { context, page, problems } = await open(360, 740);
    await page.goto(`/console/#Statistics?kind=offer&id=${OFFER}&range=24h&granularity=hour`);
    const chart = page.getByRole("img", { name: new RegExp(`^Offer ${OFFER}, per hour`) });
    await chart.waitFor({ timeout: 20_000 });
    await page.getByRole("heading", { name: "Totals" }).waitFor();
    const wide = async () => page.evaluate(() => [document.scrollingElement!.scrollWidth, window.innerWidth]);
    const [scrollWidth, innerWidth] = await wide();
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth!);
    const canvasWidth = async () => chart.locator("canvas").first().evaluate((c) => c.getBoundingClientRect().width);
    expect(await canvasWidth()).toBeLessThanOrEqual(360);
    const narrow = await canvasWidth();
    expect(await scrollRegionsMeasured(page).then(() => seriousViolations(page))).toEqual([]);
    // Wider, the chart follows.
    await page.setViewportSize({ width: 1000, height: 800 });
    await expect.poll(canvasWidth).toBeGreaterThan(narrow + 200);
    expect(await scrollRegionsMeasured(page).then(() => seriousViolations(page))).toEqual([]);
    // A journey's drawing at 360 px too.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto("/console/#Statistics?kind=journey&id=abandoned-cart&range=7d&granularity=day");
    await page.getByRole("figure", { name: /^Journey Abandoned cart/ }).waitFor({ timeout: 20_000 });
    const [journeyWidth, viewport] = await wide();
    expect(journeyWidth).toBeLessThanOrEqual(viewport!);
    expect(await scrollRegionsMeasured(page).then(() => seriousViolations(page))).toEqual([]);
    expect(problems).toEqual({ errors: [], http: [] });
    await context.close();
  });
});

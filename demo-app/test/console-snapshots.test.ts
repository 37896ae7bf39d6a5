// The console's Snapshots view in real Chromium against its own fresh edge (`wrangler dev`, demo data
// loaded; its own, because these tests activate and roll back snapshot versions): uploads by parts
// as the CLI sends them (a small part size through `?partSize=`), a part that fails and is retried,
// an upload interrupted by a reload and resumed with only the missing parts, a dropped connection
// that resumes once the browser is online again, commit and activation, the active and previous
// versions side by side with a rollback, and a refused file: its first errors with their line
// numbers, the progress bar reset rather than stuck at 100 %.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startEdge, startSeededEdge } from "./edge.mjs";

// Under CI the Chromium tests never skip: without Chromium, launching it fails them.
// Global setup fails under CI without Chromium and provides "" where the browser tests are skipped.
const runBrowser = Boolean(inject("chromium"));
const PART_SIZE = 2048;

let edge: Awaited<ReturnType<typeof startEdge>>;
let browser: Browser;
let dir: string;

/** An NDJSON snapshot file on disk (a stable name, size and mtime, as a file an operator picks). */
async function snapshotFile(version: string, profiles: number, bad: Record<number, string> = {}): Promise<{ path: string; size: number; lines: number }> {
  const lines = [JSON.stringify({ type: "header", version, audiences: [{ id: "vip", name: "VIP" }, { id: "new", name: "New customers" }] })];
  for (let i = 1; i <= profiles; i++) {
    lines.push(bad[lines.length + 1] ?? JSON.stringify({ profileId: `snap-${i}`, audiences: i % 3 === 0 ? ["vip"] : ["new"], attributes: { tier: i % 3 === 0 ? "gold" : "basic", ltv: i * 10 } }));
  }
  const text = lines.join("\n") + "\n";
  const path = join(dir, `${version.replace(/\W+/g, "-")}.ndjson`);
  await writeFile(path, text);
  return { path, size: Buffer.byteLength(text), lines: lines.length };
}

async function open(): Promise<{ context: BrowserContext; page: Page; parts: string[] }> {
  const context = await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const parts: string[] = [];
  page.on("request", (request) => {
    const match = /\/v1\/admin\/snapshots\/([^/]+)\/parts\/(\d+)/.exec(request.url());
    if (match) parts.push(`${decodeURIComponent(match[1]!)}#${match[2]}`);
  });
  await page.goto(`/console/?partSize=${PART_SIZE}#Snapshots`);
  await page.getByLabel("Admin key").fill("demo-admin-key");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Audience snapshots", level: 2 }).waitFor();
  return { context, page, parts };
}

const status = (page: Page) => page.locator(".upload-status");
const progress = (page: Page) => page.evaluate(() => {
  const bar = document.querySelector<HTMLProgressElement>("#snapshot-progress")!;
  return { value: bar.value, max: bar.max, text: document.getElementById("snapshot-progress-text")!.textContent };
});
const card = (page: Page, title: "Active" | "Previous") => page.locator("section.card", { has: page.getByRole("heading", { name: title, exact: true }) });

describe.skipIf(!runBrowser)("console snapshots: uploads by parts", () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edgewise-console-snapshots-"));
    ({ edge, browser } = await startSeededEdge());
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await edge?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("uploads a file in parts, retries a part that failed, commits and activates it", async () => {
    const { context, page, parts } = await open();
    const version = "console-test-a";
    const file = await snapshotFile(version, 120);
    // Part 3 fails on every attempt (the connection drops) until the route is lifted.
    await page.route(/\/parts\/3\?/, (route) => route.abort("connectionreset"));
    await page.setInputFiles("#snapshot-file", file.path);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toMatch(/^Part 3 of (\d+) failed: .*retry to continue from part 3/);
    const total = Number(/of (\d+) failed/.exec((await status(page).textContent())!)![1]);
    expect(total).toBeGreaterThanOrEqual(4);
    // Parts 1 and 2 arrived; the bar shows them, not 0 % and not 100 %.
    const stuck = await progress(page);
    expect(stuck.value).toBeGreaterThan(0);
    expect(stuck.value).toBeLessThan(stuck.max);
    expect(stuck.text).toMatch(new RegExp(`^2 of ${total} parts uploaded · \\d+ %`));
    const items = page.locator(".parts li");
    expect(await items.nth(0).textContent()).toMatch(/^Part 1: lines 1–\d+, .* — uploaded$/);
    expect(await items.nth(2).textContent()).toMatch(/^Part 3: lines \d+–\d+, .* — failed: /);
    // The tab remembers the upload in flight (to resume after a reload).
    const pending = await page.evaluate(() => JSON.parse(sessionStorage.getItem("edgewise-console:snapshot-upload") ?? "null"));
    expect(pending).toMatchObject({ version, size: file.size, partBytes: PART_SIZE, parts: total, done: [1, 2] });
    expect(parts.filter((p) => p === `${version}#3`).length).toBe(3); // three attempts, as the CLI makes

    await page.unroute(/\/parts\/3\?/);
    await page.getByRole("button", { name: "Retry part 3 and continue" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe(`Imported ${version}: ${file.lines - 1} profiles, now active.`);
    // Parts 1 and 2 were sent once; every part arrived.
    expect(parts.filter((p) => p === `${version}#1`).length).toBe(1);
    expect(parts.filter((p) => p === `${version}#2`).length).toBe(1);
    for (let n = 4; n <= total; n++) expect(parts.filter((p) => p === `${version}#${n}`).length).toBe(1);
    const done = await progress(page);
    expect(done.value).toBe(done.max);
    expect(done.text).toMatch(new RegExp(`^${total} of ${total} parts uploaded · 100 %`));
    expect(await page.evaluate(() => sessionStorage.getItem("edgewise-console:snapshot-upload"))).toBeNull();
    // Active and previous side by side: the new version, and the demo snapshot kept for rollback.
    await expect.poll(() => card(page, "Active").innerText()).toMatch(new RegExp(`Version\\s+${version}\\s+Profiles\\s+120\\s+Audiences\\s+2: VIP \\(vip\\), New customers \\(new\\)`));
    expect(await card(page, "Previous").innerText()).toMatch(/Version\s+demo-2026-11-29T06:00:00Z\s+Profiles\s+1,000/);
    const listed = await (await fetch(`${edge.url}/v1/admin/snapshots`, { headers: { authorization: "Bearer demo-admin-key" } })).json();
    expect(listed.active).toMatchObject({ version, previous: "demo-2026-11-29T06:00:00Z" });
    const profile = await (await fetch(`${edge.url}/v1/profile/snap-3`, { headers: { "x-client-key": "demo-client-key" } })).json();
    expect(profile.audiences).toContain("vip");
    await context.close();
  });

  it("resumes after a reload with only the missing parts; a staged version is activated, then rolled back", async () => {
    const { context, page, parts } = await open();
    const version = "console-test-b";
    const file = await snapshotFile(version, 90);
    await page.getByLabel("Activate it once imported").uncheck();
    await page.route(/\/parts\/2\?/, (route) => route.abort("connectionreset"));
    await page.setInputFiles("#snapshot-file", file.path);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toMatch(/^Part 2 of \d+ failed/);
    await page.unroute(/\/parts\/2\?/);

    // A reload (or a closed laptop): the tab still knows the upload; the same file resumes it.
    await page.reload();
    const notice = page.locator(".pending");
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(new RegExp(`An upload was interrupted: ${file.path.split("/").pop()!.replace(/\./g, "\\.")} \\(.+\\) as version ${version}, 1 of \\d+ parts on the edge`));
    const before = parts.length;
    await page.setInputFiles("#snapshot-file", file.path);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe(`Imported ${version}: ${file.lines - 1} profiles, staged (not active).`);
    const after = parts.slice(before);
    expect(after).not.toContain(`${version}#1`);
    expect(after[0]).toBe(`${version}#2`);
    expect(await page.locator(".parts li").first().textContent()).toMatch(/— on the edge already$/);

    // Staged: listed with "Activate"; activating makes the first test's version the previous one.
    const versions = page.locator("table", { has: page.locator("caption", { hasText: "Snapshot versions" }) });
    await expect.poll(() => versions.locator("tr", { hasText: version }).innerText()).toContain("ready (staged)");
    await page.getByRole("button", { name: `Activate ${version}` }).click();
    await page.getByRole("status").filter({ hasText: `${version} is active; console-test-a is kept as the previous version.` }).waitFor();
    await expect.poll(() => card(page, "Active").innerText()).toMatch(new RegExp(`Version\\s+${version}\\s+Profiles\\s+90`));
    expect(await card(page, "Previous").innerText()).toMatch(/Version\s+console-test-a\s+Profiles\s+120/);
    // Roll back: the previous version is active again, and the rolled-back one is kept as previous.
    await card(page, "Previous").getByRole("button", { name: "Roll back to console-test-a" }).click();
    await expect.poll(() => card(page, "Active").innerText()).toMatch(/Version\s+console-test-a\s+Profiles\s+120/);
    expect(await card(page, "Previous").innerText()).toMatch(new RegExp(`Version\\s+${version}\\s+Profiles\\s+90`));
    const listed = await (await fetch(`${edge.url}/v1/admin/snapshots`, { headers: { authorization: "Bearer demo-admin-key" } })).json();
    expect(listed.active).toMatchObject({ version: "console-test-a", previous: version });
    await context.close();
  });

  it("goes on by itself when a dropped connection comes back", async () => {
    const { context, page, parts } = await open();
    const version = "console-test-c";
    const file = await snapshotFile(version, 60);
    await page.getByLabel("Activate it once imported").uncheck();
    // Part 2 is held while the browser goes offline, then dropped: its retries fail offline too.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/parts\/2\?/, async (route) => {
      await held;
      await route.abort("internetdisconnected");
    }, { times: 1 });
    await page.setInputFiles("#snapshot-file", file.path);
    await page.getByRole("button", { name: "Upload" }).click();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toMatch(/^Uploading part 2 of/);
    await context.setOffline(true);
    release();
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toMatch(/^Part 2 of \d+ failed/);
    await context.setOffline(false);
    await expect.poll(() => status(page).textContent(), { timeout: 20_000 }).toBe(`Imported ${version}: ${file.lines - 1} profiles, staged (not active).`);
    expect(parts.filter((p) => p === `${version}#1`).length).toBe(1);
    await context.close();
  });

  it("shows a refused file's first errors with their line numbers, and resets the bar", async () => {
    const { context, page } = await open();
    const version = "console-test-bad";
    // Lines 40 and 41 (in the second part or later) and line 47 are invalid.
    const file = await snapshotFile(version, 60, {
      40: JSON.stringify({ audiences: ["vip"] }),
      41: "{not json",
      47: JSON.stringify({ profileId: "snap-x", audiences: "vip" }),
    });
    await page.setInputFiles("#snapshot-file", file.path);
    await page.getByRole("button", { name: "Upload" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "was refused" });
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.locator("h5").textContent()).toBe(`Snapshot ${version} was refused: 3 invalid lines, nothing of it was imported.`);
    const errors = await alert.locator(".line-errors li").allInnerTexts();
    expect(errors).toHaveLength(3);
    expect(errors).toEqual(["Line 40 $[39].profileId expected a string", "Line 41 $[40] line is not valid JSON", "Line 47 $[46].audiences expected an array"]);
    // The bar is reset, not stuck at 100 %.
    const bar = await progress(page);
    expect(bar.value).toBe(0);
    expect(bar.text).toBe("Not imported: the upload was refused.");
    // The failed version is listed with the same errors, and its own page (a deep link) has them too.
    const failed = page.locator("section.failed-version", { hasText: version });
    await failed.waitFor();
    expect(await failed.locator(".line-errors li").allInnerTexts()).toEqual(errors);
    await failed.getByRole("link", { name: version }).click();
    await page.getByRole("heading", { name: `Snapshot version ${version}`, level: 2 }).waitFor();
    expect(page.url()).toContain(`#Snapshots/${version}`);
    await expect.poll(() => page.locator(".problems .line-errors li").allInnerTexts()).toEqual(errors);
    await page.goBack();
    await page.getByRole("heading", { name: "Audience snapshots", level: 2 }).waitFor();
    // A file without a header is refused before anything is sent.
    const headerless = join(dir, "no-header.ndjson");
    await writeFile(headerless, `${JSON.stringify({ profileId: "u-1" })}\n`);
    await page.setInputFiles("#snapshot-file", headerless);
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("alert").filter({ hasText: "is not a snapshot header" }).locator("li", { hasText: /^Line 1 \$\[0\]\.type/ }).waitFor();
    await context.close();
  });
});

#!/usr/bin/env node
// Saves screenshots of the shop, the mobile demo and the console to docs/ at the repository root (PNG): starts its
// own edge with temporary state, loads the demo data, and drives Chromium (CHROMIUM_PATH overrides).
// Arguments choose what to retake: `shop`, `mobile`, `console`, `outbound` (default: all), e.g.
// `npm run screenshots -w demo-app -- shop mobile`.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, startDemoReceiver, startEdge } from "../test/edge.mjs";
import { buildDemo } from "./build.mjs";
import { seed } from "./seed.mjs";
import { loadDemoExperiment } from "./experiment-demo.mjs";

const docs = fileURLToPath(new URL("../../docs/", import.meta.url));
const GROUPS = ["shop", "mobile", "console", "outbound"];
const asked = process.argv.slice(2);
for (const group of asked) if (!GROUPS.includes(group)) throw new Error(`unknown screenshot group "${group}" (one of ${GROUPS.join(", ")})`);
const take = (group) => asked.length === 0 || asked.includes(group);
await mkdir(docs, { recursive: true });
await buildDemo();
const receiver = await startDemoReceiver();
const edge = await startEdge();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  await seed(edge.url, { receiverUrl: receiver.url });
  const context = await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("dialog").waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  if (take("shop")) await page.screenshot({ path: `${docs}shop-welcome.png` });
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  await page.getByLabel("Persona").selectOption("u-001");
  await page.locator("#hero", { hasText: "your VIP sale is on" }).waitFor({ timeout: 15_000 });
  if (take("shop")) await page.screenshot({ path: `${docs}shop-vip.png` });
  await page.getByRole("link", { name: "Shop the VIP sale" }).click();
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.waitForTimeout(1500);

  if (take("mobile")) {
    const mobile = await context.newPage();
    await mobile.goto("/mobile/");
    await mobile.getByLabel("Persona").selectOption("u-023");
    await mobile.locator("#app-home").getByText("10% off your first order").waitFor({ timeout: 15_000 });
    await mobile.getByRole("button", { name: "Send app to background" }).click();
    await mobile.getByRole("button", { name: "Bring app to foreground" }).click();
    await mobile.frameLocator("iframe.webview").getByText("The new collection is here").waitFor({ timeout: 20_000 });
    await mobile.waitForTimeout(500);
    await mobile.screenshot({ path: `${docs}mobile.png` });
    // A preview link opened on the phone: the forced offer on the home banner and the preview overlay.
    const made = await (await fetch(`${edge.url}/v1/admin/preview`, { method: "POST", headers: { authorization: "Bearer demo-admin-key", "content-type": "application/json" }, body: JSON.stringify({ offerId: "churn-winback", url: `${edge.url}/mobile/` }) })).json();
    const phone = await (await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 800 } })).newPage();
    await phone.goto(made.link);
    await phone.getByRole("region", { name: "Edgewise preview" }).getByText("app-home: churn-winback").waitFor({ timeout: 20_000 });
    await phone.waitForTimeout(500);
    await phone.screenshot({ path: `${docs}mobile-preview.png` });
    await phone.context().close();
  }

  if (take("console")) {
    const admin = await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 1100 } });
    const ops = await admin.newPage();
    await ops.goto("/console/?refresh=1#Statistics");
    await ops.getByLabel("Admin key").fill("demo-admin-key");
    await ops.getByRole("button", { name: "Sign in" }).click();
    await ops.waitForTimeout(3000);
    await ops.screenshot({ path: `${docs}console-stats.png`, fullPage: false });
    await ops.goto("/console/#Explainer");
    await ops.getByLabel("Profile id").fill("u-013");
    await ops.getByRole("button", { name: "Explain", exact: true }).click();
    await ops.locator("#explanation").waitFor();
    await ops.screenshot({ path: `${docs}console-explainer.png` });
    await loadDemoExperiment(edge.url);
    // The exposures come through the queue: wait until the report has them all.
    for (let tries = 0; tries < 60; tries++) {
      const { experiments } = await (await fetch(`${edge.url}/v1/admin/experiments`, { headers: { authorization: "Bearer demo-admin-key" } })).json();
      if ((experiments.find((e) => e.id === "promo-test")?.exposures ?? 0) >= 600) break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    await ops.goto("/console/#Experiments");
    await ops.getByRole("img", { name: /Lift against control/ }).waitFor({ timeout: 20_000 });
    await ops.screenshot({ path: `${docs}console-experiments.png`, fullPage: true });
    // The catalog editor (CodeMirror, forms, live preview), the reports over time, the snapshots.
    await ops.goto("/console/#Catalog");
    await ops.locator(".cm-editor").first().waitFor({ timeout: 30_000 });
    // The preview frames render with the SDK after the editor: give them time to paint.
    await ops.frameLocator("iframe").first().locator("body").waitFor({ timeout: 20_000 }).catch(() => undefined);
    await ops.waitForTimeout(6000);
    await ops.screenshot({ path: `${docs}console-catalog.png`, fullPage: true });
    // An app message placement, drawn by the mobile SDK's WebView renderer on a phone, light and dark.
    await ops.getByLabel("Offer, placement, journey or campaign").selectOption({ label: "welcome — Welcome modal" });
    await ops.getByLabel("Placement", { exact: true }).selectOption("app-messages");
    await ops.locator('iframe[data-renderer="mobile"]').nth(1).waitFor({ timeout: 20_000 });
    // In view before the wait: Chromium holds the animations of frames out of view (the message fades in).
    await ops.locator(".cat-preview-note").evaluate((note) => note.scrollIntoView({ block: "start" }));
    await ops.waitForTimeout(2000);
    await ops.screenshot({ path: `${docs}console-catalog-app.png` });
    await ops.goto("/console/#Statistics?kind=offer&id=welcome");
    await ops.locator("canvas").first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await ops.waitForTimeout(2000);
    await ops.screenshot({ path: `${docs}console-reports.png`, fullPage: true });
    await ops.goto("/console/#Snapshots");
    await ops.waitForTimeout(2000);
    await ops.screenshot({ path: `${docs}console-snapshots.png`, fullPage: true });
    // The console on a phone.
    const phone = await (await browser.newContext({ baseURL: edge.url, viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto("/console/#Outbound");
    await phone.getByLabel("Admin key").fill("demo-admin-key");
    await phone.getByRole("button", { name: "Sign in" }).click();
    await phone.waitForTimeout(2500);
    await phone.screenshot({ path: `${docs}console-phone.png` });
    // A preview link, opened on the shop: the forced offer and the SDK's explanation overlay.
    const made = await (await fetch(`${edge.url}/v1/admin/preview`, { method: "POST", headers: { authorization: "Bearer demo-admin-key", "content-type": "application/json" }, body: JSON.stringify({ offerId: "vip-spring", url: `${edge.url}/` }) })).json();
    const shop = await (await browser.newContext({ viewport: { width: 1200, height: 800 } })).newPage();
    await shop.goto(made.link);
    await shop.getByRole("region", { name: "Edgewise preview" }).getByText(/home-hero: vip-spring/).waitFor({ timeout: 20_000 });
    await shop.keyboard.press("Escape");
    await shop.waitForTimeout(1000);
    await shop.screenshot({ path: `${docs}shop-preview.png` });
  }
  if (take("outbound")) {
    // An order: the order-confirmation journey calls the demo mailer; forwarding sends the events.
    await page.goto("/cart.html");
    await page.getByRole("button", { name: "Place order" }).click();
    await page.getByText(/Thank you!/).waitFor();
    const admin = await browser.newContext({ baseURL: edge.url, viewport: { width: 1200, height: 900 } });
    const ops = await admin.newPage();
    await ops.goto("/console/?refresh=1#Outbound");
    await ops.getByLabel("Admin key").fill("demo-admin-key");
    await ops.getByRole("button", { name: "Sign in" }).click();
    await ops.locator("tr", { hasText: "journey:order-confirmation" }).filter({ hasText: "delivered" }).first().waitFor({ timeout: 40_000 });
    await ops.waitForTimeout(1500);
    await ops.screenshot({ path: `${docs}console-outbound.png`, fullPage: true });
  }
  console.log(`screenshots saved to ${docs}`);
} finally {
  await browser.close();
  await edge.stop();
  receiver.stop();
}

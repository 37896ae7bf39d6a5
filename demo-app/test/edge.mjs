// The real edge for the e2e tests and the screenshot script (see edge/scripts/local-edge.mjs).
import { chromium } from "playwright-core";
import { seed } from "../scripts/seed.mjs";
import { startEdge } from "../../edge/scripts/local-edge.mjs";

export { EDGE_DIR, freePort, startDemoReceiver, startEdge } from "../../edge/scripts/local-edge.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

/**
 * An edge of the test file's own (fresh state) with the demo data loaded, and Chromium: for tests
 * whose writes must not meet the other files' (the shared edge of global-setup.ts).
 */
export async function startSeededEdge() {
  const edge = await startEdge();
  await seed(edge.url);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  return { edge, browser };
}

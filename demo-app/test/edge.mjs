// The real edge for the e2e tests and the screenshot script (see edge/scripts/local-edge.mjs).
export { EDGE_DIR, freePort, startDemoReceiver, startEdge } from "../../edge/scripts/local-edge.mjs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

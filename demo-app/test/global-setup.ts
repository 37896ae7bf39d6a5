import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildDemo } from "../scripts/build.mjs";
import { seed } from "../scripts/seed.mjs";
import { CHROMIUM, startDemoReceiver, startEdge } from "./edge.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    edgeUrl: string;
    chromium: string;
    receiverUrl: string;
  }
}

/** Builds the demo, starts one edge with fresh state and loads the demo data into it. */
export default async function setup(project: TestProject) {
  await buildDemo();
  if (!existsSync(CHROMIUM) || !existsSync(new URL("../../edge/public/v1/sdk.js", import.meta.url))) {
    const message = existsSync(CHROMIUM) ? "edge/public/v1/sdk.js is missing (npm run build)" : `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
    if (process.env.CI) throw new Error(`${message}: the demo's end-to-end tests cannot run under CI without it`);
    console.warn(`\n  ⚠ ${message}; SKIPPING the demo's end-to-end tests.\n`);
    project.provide("chromium", "");
    project.provide("edgeUrl", "");
    project.provide("receiverUrl", "");
    return;
  }
  // The demo webhook receiver, as `npm start` runs it: the demo catalog's webhook calls it.
  const receiver = await startDemoReceiver();
  const edge = await startEdge();
  await seed(edge.url, { receiverUrl: receiver.url });
  project.provide("chromium", CHROMIUM);
  project.provide("edgeUrl", edge.url);
  project.provide("receiverUrl", receiver.url);
  return async () => {
    await edge.stop();
    receiver.stop();
  };
}

import { existsSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildAll } from "../../scripts/build.mjs";
import { startEdge } from "./edge-server.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

declare module "vitest" {
  export interface ProvidedContext {
    edgeUrl: string;
    chromium: string;
  }
}

/**
 * Builds the SDK (the edge serves dist's IIFE from edge/public/v1/sdk.js), then starts one edge for
 * every browser test file. Without Chromium the browser tests fail under CI and skip elsewhere.
 */
export default async function setup(project: TestProject) {
  await buildAll();
  if (!existsSync(CHROMIUM)) {
    const message = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
    if (process.env.CI) throw new Error(`${message}: the browser tests cannot run under CI without it`);
    console.warn(`\n  ⚠ ${message}; SKIPPING the browser tests.\n`);
    project.provide("chromium", "");
    project.provide("edgeUrl", "");
    return;
  }
  const edge = await startEdge();
  project.provide("chromium", CHROMIUM);
  project.provide("edgeUrl", edge.url);
  return () => edge.stop();
}

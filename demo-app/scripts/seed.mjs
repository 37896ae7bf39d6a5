#!/usr/bin/env node
// Loads the demo data into a running edge: publishes edge/demo/catalog.json and imports
// edge/demo/snapshot.ndjson. `npm run demo:reset` (repository root) runs it with --reset: the catalog
// is published again and the snapshot imported again under a fresh version (the edge refuses a
// version imported before) and activated. If no edge answers, --reset deletes edge/.wrangler/state
// instead, so that the next `npm start` starts from the demo data.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const demoDir = fileURLToPath(new URL("../../edge/demo/", import.meta.url));
const stateDir = fileURLToPath(new URL("../../edge/.wrangler/state", import.meta.url));

/**
 * `receiverUrl`: where the demo webhook receiver (edge/demo/receiver.mjs) listens; the catalog's
 * webhook and forwarding destinations name http://127.0.0.1:8788 (what `npm start` runs: PORT+1).
 */
export async function seed(url, { adminKey = "demo-admin-key", reset = false, receiverUrl = `http://127.0.0.1:${Number(new URL(url).port || 80) + 1}` } = {}) {
  const admin = { authorization: `Bearer ${adminKey}` };
  const published = await fetch(`${url}/v1/admin/catalog`, {
    method: "PUT",
    headers: { ...admin, "content-type": "application/json" },
    body: readFileSync(`${demoDir}catalog.json`, "utf8").replaceAll("http://127.0.0.1:8788/", `${receiverUrl}/`),
  });
  if (!published.ok) throw new Error(`publishing the demo catalog failed: ${await published.text()}`);
  const { version } = await published.json();
  let ndjson = readFileSync(`${demoDir}snapshot.ndjson`, "utf8");
  if (reset) {
    const [header, ...rest] = ndjson.split("\n");
    ndjson = [JSON.stringify({ ...JSON.parse(header), version: `demo-reset-${new Date().toISOString()}` }), ...rest].join("\n");
  }
  const imported = await fetch(`${url}/v1/admin/snapshots`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/x-ndjson" },
    body: ndjson,
  });
  if (!imported.ok && !(imported.status === 409 && !reset)) throw new Error(`importing the demo snapshot failed: ${await imported.text()}`);
  const meta = imported.ok ? await imported.json() : { version: "(already imported)", profiles: 0 };
  return { catalogVersion: version, snapshotVersion: meta.version, profiles: meta.profiles };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const url = process.env.EDGEWISE_EDGE ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`;
  const reset = process.argv.includes("--reset");
  let up = false;
  try {
    up = (await fetch(`${url}/v1/health`)).ok;
  } catch {
    up = false;
  }
  if (!up) {
    if (!reset) throw new Error(`no edge answers on ${url}: start it with npm start`);
    rmSync(stateDir, { recursive: true, force: true });
    console.log(`No edge on ${url}: deleted edge/.wrangler/state; the next npm start loads the demo data.`);
  } else {
    const result = await seed(url, { adminKey: process.env.ADMIN_KEY ?? "demo-admin-key", reset });
    console.log(`catalog ${result.catalogVersion} published; snapshot ${result.snapshotVersion} (${result.profiles} profiles) imported and active`);
  }
}

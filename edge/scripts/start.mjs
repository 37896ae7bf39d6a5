#!/usr/bin/env node
// `npm start`: applies the local D1 migrations, runs `wrangler dev` on 127.0.0.1:$PORT (default
// 8787), waits until it answers, publishes the demo catalog when none is active and imports the
// demo snapshot when none was ever imported, then fires the scheduled handler every minute as
// production's cron does (campaigns open and close). It also runs the demo webhook receiver
// (demo/receiver.mjs) on $PORT+1, which the demo catalog's webhook and forwarding destinations
// call, signed with DEMO_WEBHOOK_SECRET of .dev.vars. Ctrl-C stops both cleanly.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCron } from "./local-edge.mjs";

const edgeDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const wranglerBin = require.resolve("wrangler/bin/wrangler.js");
const host = "127.0.0.1";
const port = Number(process.env.PORT ?? 8787);
const url = `http://${host}:${port}`;
const receiverPort = port + 1;
const devVars = readDevVars(join(edgeDir, ".dev.vars"));
const adminKey = process.env.ADMIN_KEY ?? devVars.ADMIN_KEY ?? "demo-admin-key";
const clientKey = (process.env.CLIENT_KEYS ?? devVars.CLIENT_KEYS ?? "demo-client-key").split(",")[0].trim();
// No internet is needed: skip the Request.cf download (the placeholder geo is US/Austin) and metrics.
const childEnv = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", ...process.env };

function readDevVars(path) {
  const vars = {};
  try {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
      if (match) vars[match[1]] = match[2].replace(/^"(.*)"$/, "$1");
    }
  } catch {
    // No .dev.vars: the defaults above apply.
  }
  return vars;
}

function wrangler(args, options = {}) {
  return spawn(process.execPath, [wranglerBin, ...args], { cwd: edgeDir, env: childEnv, ...options });
}

function run(args) {
  return new Promise((resolve, reject) => {
    const child = wrangler(args, { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.join(" ")} failed:\n${output}`))));
  });
}

async function waitUntilUp(child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the edge did not answer on ${url} within ${timeoutMs / 1000} s`);
}

async function loadDemoData() {
  const admin = { authorization: `Bearer ${adminKey}` };
  const current = await fetch(`${url}/v1/admin/catalog`, { headers: admin });
  if (current.status === 200) {
    const { version } = await current.json();
    console.log(`[edgewise] catalog ${version} is active (kept from .wrangler/state)`);
  } else if (current.status === 404) {
    const published = await fetch(`${url}/v1/admin/catalog`, {
      method: "PUT",
      headers: { ...admin, "content-type": "application/json" },
      // The demo receiver listens on $PORT+1: the catalog names 8788, the default.
      body: readFileSync(join(edgeDir, "demo/catalog.json"), "utf8").replaceAll("http://127.0.0.1:8788/", `http://${host}:${receiverPort}/`),
    });
    if (!published.ok) throw new Error(`publishing the demo catalog failed: ${await published.text()}`);
    console.log(`[edgewise] published the demo catalog, version ${(await published.json()).version}`);
  } else throw new Error(`GET /v1/admin/catalog answered ${current.status}: ${await current.text()}`);

  // The demo snapshot, unless a snapshot was ever imported into this state.
  const snapshots = await (await fetch(`${url}/v1/admin/snapshots`, { headers: admin })).json();
  if (snapshots.active || snapshots.versions?.length) return;
  const imported = await fetch(`${url}/v1/admin/snapshots`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/x-ndjson" },
    body: readFileSync(join(edgeDir, "demo/snapshot.ndjson")),
  });
  if (!imported.ok) throw new Error(`importing the demo snapshot failed: ${await imported.text()}`);
  const meta = await imported.json();
  console.log(`[edgewise] imported the demo snapshot ${meta.version} (${meta.profiles} profiles)`);
}

function printBanner() {
  console.log(`
  Edgewise edge is running on ${url}
    client key  ${clientKey}   (header x-client-key)
    admin key   ${adminKey}    (header Authorization: Bearer …)
    secure mode ${process.env.IDENTITY_SECRET || devVars.IDENTITY_SECRET ? "on" : "OFF (profile ids are trusted; set IDENTITY_SECRET to turn it on)"}

    webhooks    the demo receiver on http://${host}:${receiverPort} logs each signed call once
                (a purchase in the shop sends the order confirmation; see the console's Outbound view)

  Try:
    curl -s ${url}/v1/decide -H 'x-client-key: ${clientKey}' -H 'content-type: application/json' \\
      -d '{"profileId":"u-001","anonymousId":"a-1","placements":["home-hero"]}'

  The scheduled handler (campaigns) runs every minute, as production's cron does.
  Ctrl-C stops it. State persists in edge/.wrangler/state.
`);
}

async function main() {
  await run(["d1", "migrations", "apply", "STATS_DB", "--local"]);
  const dev = wrangler(
    ["dev", "--ip", host, "--port", String(port), "--local", "--test-scheduled", "--show-interactive-dev-session=false"],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    dev.kill(signal);
  };
  // The demo webhook receiver (the docs' example), verifying with the development secret.
  const receiver = spawn(process.execPath, [join(edgeDir, "demo/receiver.mjs")], {
    env: { ...process.env, PORT: String(receiverPort), WEBHOOK_SECRET: process.env.DEMO_WEBHOOK_SECRET ?? devVars.DEMO_WEBHOOK_SECRET ?? "demo-webhook-secret" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  receiver.stdout.on("data", (chunk) => process.stdout.write(String(chunk).replace(/^(?=.)/gm, "[receiver] ")));
  dev.on("exit", () => receiver.kill("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  dev.on("exit", (code, signal) => process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0))));
  try {
    await waitUntilUp(dev);
    await loadDemoData();
    runCron(url, 60_000, (error) => console.warn(`[edgewise] the scheduled handler did not run: ${error instanceof Error ? error.message : error}`));
    printBanner();
  } catch (error) {
    console.error(`[edgewise] ${error instanceof Error ? error.message : error}`);
    stop("SIGTERM");
  }
}

await main();

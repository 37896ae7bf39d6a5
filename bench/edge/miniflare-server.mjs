#!/usr/bin/env node
// Runs the edge worker on workerd through Miniflare directly, without `wrangler dev`'s proxy worker
// in front: requests go from the socket straight to Miniflare's entry worker and the user worker in
// one workerd process, as `wrangler dev`'s second (user-worker) instance does behind its proxy.
//
// Used by `npm run bench:edge` (run.mjs spawns it in its own process group and kills the group).
// The Miniflare options come from wrangler itself: `unstable_getMiniflareWorkerOptions` turns
// edge/wrangler.jsonc (and edge/.dev.vars) into the same bindings `wrangler dev` builds (KV, the four
// SQLite Durable Object classes, D1, the queue producer and consumer, static assets, vars), and the
// worker is the bundle `wrangler deploy --dry-run` wrote. Miniflare is the version wrangler depends
// on (its own nested copy), not the root one that @cloudflare/vitest-pool-workers pulls in.
// State persists under `<persist>/v3`, the layout of `wrangler dev --persist-to <persist>`.
//
// Usage: node miniflare-server.mjs --bundle <dist/index.js> --persist <dir> --port <n> [--inspector-port <n>]
// Prints one line `ready <url>` on stdout when the worker answers; SIGTERM disposes Miniflare.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
for (const required of ["bundle", "persist", "port"]) if (!args[required]) throw new Error(`--${required} is required`);

const edgeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../edge");
const requireFromEdge = createRequire(path.join(edgeDir, "package.json"));
const wranglerPackage = requireFromEdge.resolve("wrangler/package.json");
const wrangler = requireFromEdge("wrangler");
const { Miniflare, Log, LogLevel } = createRequire(wranglerPackage)("miniflare");

process.chdir(edgeDir); // wrangler resolves .dev.vars and the assets directory from the config's folder
const configPath = path.join(edgeDir, "wrangler.jsonc");
const config = wrangler.unstable_readConfig({ config: configPath });
const { workerOptions } = wrangler.unstable_getMiniflareWorkerOptions(configPath);

const bundle = path.resolve(args.bundle);
const host = args.host ?? "127.0.0.1";
const mf = new Miniflare({
  host,
  port: Number(args.port),
  ...(args["inspector-port"] ? { inspectorPort: Number(args["inspector-port"]) } : {}),
  defaultPersistRoot: path.join(path.resolve(args.persist), "v3"),
  logRequests: false,
  log: new Log(LogLevel.WARN),
  workers: [
    {
      ...workerOptions,
      name: config.name,
      modulesRoot: path.dirname(bundle),
      modules: [{ type: "ESModule", path: bundle, contents: readFileSync(bundle, "utf8") }],
    },
  ],
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await mf.dispose();
  } finally {
    process.exit(code);
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => void stop(0));

try {
  const url = await mf.ready;
  process.stdout.write(`ready ${url.href.replace(/\/$/, "")}\n`);
} catch (error) {
  console.error(error);
  await stop(1);
}

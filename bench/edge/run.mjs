#!/usr/bin/env node
// `npm run bench:edge`: load-tests the edge Worker on loopback and compares `POST /v1/decide`
// (100-offer catalog, a profile with a 200-event history, three placements) with the trivial
// `GET /v1/health` of the same worker, at a fixed concurrency and duration, in two setups one after
// the other: under `wrangler dev` (wrangler's proxy worker, a second workerd process, in front) and
// on Miniflare directly (miniflare-server.mjs: the same bindings, one workerd process, no proxy).
//
// Its own everything: the worker is bundled once (`wrangler deploy --dry-run`) so that edits made in
// edge/src during the run cannot reload it; each setup gets its own state in a temporary directory
// (D1 migrations applied there like `npm start` does), so the developer's edge/.wrangler/state is
// never touched; ports are free loopback ports. Each server runs in its own process group and is
// killed at the end, also on error, and a watchdog bounds the whole run. Progress goes to stderr; the
// Markdown report to stdout and results.md.
//
// Knobs: BENCH_EDGE_CONNECTIONS=10, BENCH_EDGE_SECONDS=10 (per route and setup, split over the
// rounds), BENCH_EDGE_ROUNDS=4, BENCH_EDGE_WARMUP=2 (s per route), BENCH_EDGE_BREAKDOWN=auto|1|0
// (where decide's time goes under wrangler dev: when a target is missed, always, never),
// BENCH_EDGE_KEEP=1 (keep the temp dir).
import autocannon from "autocannon";
import * as esbuild from "esbuild";
import { spawn, spawnSync } from "node:child_process";
import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire, SourceMap } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  BENCH_PROFILE_ID,
  DECIDE_PLACEMENTS,
  benchProfileState,
  buildCatalog,
  buildHistory,
  buildSnapshot,
  decideBody,
  DECIDE_CONTEXT,
} from "./workload.mjs";

// The CPU profile talks to the worker's inspector over a WebSocket; Node 20 has the client only
// behind a flag, so re-run under it (Node 22+ has it by default).
if (typeof globalThis.WebSocket === "undefined" && !process.env.BENCH_EDGE_REEXEC) {
  const child = spawnSync(process.execPath, ["--experimental-websocket", ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, BENCH_EDGE_REEXEC: "1" },
  });
  process.exit(child.status ?? 1);
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const rootDir = path.resolve(benchDir, "../..");
const edgeDir = path.join(rootDir, "edge");
const requireFromEdge = createRequire(path.join(edgeDir, "package.json"));
const wranglerBin = requireFromEdge.resolve("wrangler/bin/wrangler.js");
const wranglerVersion = requireFromEdge("wrangler/package.json").version;
const autocannonVersion = createRequire(import.meta.url)("autocannon/package.json").version;

const HOST = "127.0.0.1";
const CLIENT_KEY = "demo-client-key";
const ADMIN_KEY = "demo-admin-key";
const num = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const CONNECTIONS = num("BENCH_EDGE_CONNECTIONS", 10);
const SECONDS = num("BENCH_EDGE_SECONDS", 10);
const ROUNDS = Math.round(num("BENCH_EDGE_ROUNDS", 4));
const WARMUP = num("BENCH_EDGE_WARMUP", 2);
const BREAKDOWN = process.env.BENCH_EDGE_BREAKDOWN ?? "auto";
const KEEP = process.env.BENCH_EDGE_KEEP === "1";
const WATCHDOG_MS = 330_000;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 20;

const log = (...args) => console.error("[bench:edge]", ...args);
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

// ---- processes ----------------------------------------------------------------------------------

const childEnv = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", NO_COLOR: "1", FORCE_COLOR: "0" };
// The server under test: `wrangler dev`, or Miniflare directly (miniflare-server.mjs). Each runs in
// its own process group, killed as a group. `server` is the one being measured.
let server; // { kind, name, child, logFile, port }
const started_servers = [];
let tmpDir;

function runWrangler(args, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin, ...args], { cwd: edgeDir, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`wrangler ${args.join(" ")} failed (${signal ?? code}):\n${output.slice(-3000)}`));
    });
  });
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalServer(target, signal) {
  if (!target?.child?.pid) return;
  try {
    process.kill(-target.child.pid, signal);
  } catch {
    // already gone
  }
}

async function stopServer(target = server) {
  const pid = target?.child?.pid;
  if (!pid || !groupAlive(pid)) return;
  signalServer(target, "SIGTERM");
  const deadline = Date.now() + 5_000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(pid)) signalServer(target, "SIGKILL");
}

const stopAll = () => Promise.all(started_servers.map((target) => stopServer(target)));

function removeTmp() {
  if (tmpDir && !KEEP) rmSync(tmpDir, { recursive: true, force: true });
}

process.on("exit", () => {
  for (const target of started_servers) signalServer(target, "SIGKILL"); // last resort; normally stopServer() already ended the group
  removeTmp();
});
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    interrupted = true;
    log(`${signal}: stopping the servers`);
    stopAll().finally(() => process.exit(130));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function serverLogTail(target = server, lines = 30) {
  try {
    return readFileSync(target.logFile, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

async function waitUntilUp(base, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const child = server.child;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${server.name} exited early:\n${serverLogTail()}`);
    try {
      const response = await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`the edge did not answer on ${base} within ${timeoutMs / 1000} s:\n${serverLogTail()}`);
}

/** Starts one setup on a free port, with its state in `state`, and waits until it answers. */
async function startServer(kind, { bundle, state }) {
  const port = await freePort();
  const logFile = path.join(tmpDir, `${kind}.log`);
  const logFd = openSync(logFile, "a");
  let child;
  let inspectorPort;
  if (kind === "wrangler") {
    inspectorPort = await freePort();
    while (inspectorPort === port) inspectorPort = await freePort();
    child = spawn(
      process.execPath,
      [
        wranglerBin, "dev", bundle, "--config", "wrangler.jsonc", "--no-bundle",
        "--ip", HOST, "--port", String(port), "--inspector-ip", HOST, "--inspector-port", String(inspectorPort),
        "--local", "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn",
      ],
      { cwd: edgeDir, env: childEnv, stdio: ["ignore", logFd, logFd], detached: true },
    );
  } else {
    child = spawn(
      process.execPath,
      [path.join(benchDir, "miniflare-server.mjs"), "--bundle", bundle, "--persist", state, "--host", HOST, "--port", String(port)],
      { cwd: edgeDir, env: childEnv, stdio: ["ignore", logFd, logFd], detached: true },
    );
  }
  closeSync(logFd);
  server = { kind, name: SETUPS[kind].name, child, logFile, port, inspectorPort };
  started_servers.push(server);
  BASE = `http://${HOST}:${port}`;
  PORT = port;
  log(`starting ${server.name} on ${BASE} (state in ${state})`);
  await waitUntilUp(BASE);
  log(`${server.name} up after ${elapsed()}`);
  return server;
}

const SETUPS = {
  wrangler: { name: "wrangler dev", short: "wrangler dev (proxy worker in front)" },
  miniflare: { name: "Miniflare directly", short: "Miniflare directly (no proxy)" },
};

// ---- per-process CPU (Linux /proc) --------------------------------------------------------------

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

function processTree(rootPid) {
  const stats = new Map();
  let entries;
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      stats.set(Number(pid), { ppid: Number(rest[1]), cpuMs: (Number(rest[11]) + Number(rest[12])) * TICK_MS, cmdline });
    } catch {
      // exited meanwhile
    }
  }
  const tree = stats.has(rootPid) ? [{ pid: rootPid, ...stats.get(rootPid) }] : [];
  const walk = (pid) => {
    for (const [child, info] of stats) if (info.ppid === pid) { tree.push({ pid: child, ...info }); walk(child); }
  };
  walk(rootPid);
  return tree;
}

const WORKER_LABEL = "workerd: the worker, its DOs, KV/D1 simulators";

function labelOf(proc, port) {
  if (proc.cmdline.includes("workerd")) {
    // Under wrangler dev, the proxy worker's workerd owns the public port; the worker's is behind it.
    if (server?.kind === "wrangler" && proc.cmdline.includes(`--socket-addr=entry=${HOST}:${port}`)) return "workerd: wrangler's proxy in front";
    return WORKER_LABEL;
  }
  if (proc.cmdline.includes("esbuild")) return "esbuild (idle)";
  return server?.kind === "miniflare" ? "Miniflare (node)" : "wrangler (node)";
}

/** Busy CPU time of the whole machine (all cores), from /proc/stat. */
function machineBusyMs() {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + (steal ?? 0)) * TICK_MS;
  } catch {
    return undefined;
  }
}

const OTHERS = "other processes on the machine (not this benchmark)";

function cpuSnapshot(port) {
  const byLabel = new Map();
  for (const proc of server?.child?.pid ? processTree(server.child.pid) : []) {
    const label = labelOf(proc, port);
    byLabel.set(label, (byLabel.get(label) ?? 0) + proc.cpuMs);
  }
  const own = process.cpuUsage();
  byLabel.set("load generator (autocannon, this process)", (own.user + own.system) / 1000);
  const busy = machineBusyMs();
  if (busy !== undefined) byLabel.set(OTHERS, busy);
  return byLabel;
}

/** CPU used between two snapshots, by label; OTHERS is the machine's busy time less ours. */
function cpuDelta(before, after) {
  const delta = new Map();
  for (const [label, ms] of after) delta.set(label, ms - (before.get(label) ?? 0));
  if (delta.has(OTHERS)) {
    let ours = 0;
    for (const [label, ms] of delta) if (label !== OTHERS) ours += ms;
    delta.set(OTHERS, Math.max(0, delta.get(OTHERS) - ours));
  }
  return delta;
}

// ---- HTTP ---------------------------------------------------------------------------------------

let BASE;
const clientHeaders = { "x-client-key": CLIENT_KEY, "content-type": "application/json" };
const adminHeaders = { authorization: `Bearer ${ADMIN_KEY}` };

let caller = 0;
async function call(method, route, { headers = {}, body, expect = [200] } = {}) {
  // Each setup call from its own address too (the per-address rate limit is not what is measured).
  const from = { "cf-connecting-ip": `10.255.${(++caller >> 8) & 255}.${caller & 255}`, ...headers };
  const response = await fetch(`${BASE}${route}`, { method, headers: from, body, signal: AbortSignal.timeout(15_000) });
  const text = await response.text();
  if (!expect.includes(response.status)) throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}

// ---- load ---------------------------------------------------------------------------------------

function percentile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** One autocannon run against the current server; records every response's latency (ms, fractional) and the CPU it cost. */
function load({ method = "GET", route, headers, body, seconds, verify, connections = CONNECTIONS }) {
  if (interrupted) return Promise.reject(new Error("interrupted"));
  return new Promise((resolve, reject) => {
    const latencies = [];
    const mismatchSamples = [];
    const cpuBefore = cpuSnapshot(PORT);
    const t0 = performance.now();
    let client = 0;
    const instance = autocannon(
      {
        url: `${BASE}${route}`,
        method,
        headers,
        body,
        // Every request from its own address, as production traffic comes from many people: the
        // edge's per-address rate limit (1,000 a minute) is part of what is measured, not a wall.
        requests: [{ setupRequest: (request) => ({ ...request, headers: { ...request.headers, "cf-connecting-ip": `10.${(++client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}` } }) }],
        connections,
        duration: seconds,
        sampleInt: 250, // autocannon stops at the first sample tick after `duration`
        timeout: 10,
        verifyBody: verify,
      },
      (error, result) => {
        if (error) return reject(error);
        const wallS = (performance.now() - t0) / 1000;
        resolve({ result, latencies, wallS, mismatchSamples, cpu: cpuDelta(cpuBefore, cpuSnapshot(PORT)) });
      },
    );
    instance.on("response", (_client, _status, _bytes, ms) => latencies.push(ms));
    instance.on("reqMismatch", (text) => {
      if (mismatchSamples.length < 3) mismatchSamples.push(String(text).slice(0, 400));
    });
  });
}

/** Merges rounds of one route into requests/s, p50, p99 and error counts. */
function summarize(runs) {
  const latencies = Float64Array.from(runs.flatMap((run) => run.latencies)).sort();
  const wallS = runs.reduce((sum, run) => sum + run.wallS, 0);
  const count = (key) => runs.reduce((sum, run) => sum + (run.result[key] ?? 0), 0);
  const cpu = new Map();
  for (const run of runs) for (const [label, ms] of run.cpu) cpu.set(label, (cpu.get(label) ?? 0) + ms);
  return {
    latencies,
    responses: latencies.length,
    rps: latencies.length / wallS,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies[latencies.length - 1],
    non2xx: count("non2xx"),
    errors: count("errors"),
    timeouts: count("timeouts"),
    mismatches: count("mismatches"),
    mismatchSamples: runs.flatMap((run) => run.mismatchSamples).slice(0, 3),
    perRoundRps: runs.map((run) => run.latencies.length / run.wallS),
    cpuPerRequest: new Map([...cpu].map(([label, ms]) => [label, ms / Math.max(1, latencies.length)])),
  };
}

const bad = (s) => s.non2xx + s.errors + s.mismatches;

// ---- engine (Node) ------------------------------------------------------------------------------

async function bundleEngine() {
  const outfile = path.join(tmpDir, "engine.mjs");
  await esbuild.build({
    // The workspace packages from source (their `dist/` is what npm consumers get).
    conditions: ["@edgewise/source"],
    entryPoints: [path.join(rootDir, "decision-engine/src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "silent",
  });
  return import(pathToFileURL(outfile).href);
}

/** The history as the edge keeps it: `name` is the event's name for `track`, else its type. */
function engineHistory(events, now) {
  return events.map((event) => ({
    name: event.type === "track" ? event.name : event.type,
    ...(event.offerId ? { offerId: event.offerId } : {}),
    timestamp: Math.min(event.timestamp, now),
  }));
}

function explainAll(engine, compiled, history, now) {
  const { decisions } = engine.decide(compiled, {
    placements: DECIDE_PLACEMENTS,
    ...benchProfileState(),
    context: DECIDE_CONTEXT,
    now,
    history,
    globalCounts: {},
    explain: true,
  });
  return decisions;
}

const offerCap = (offer, event, scope) => offer.caps?.find((cap) => cap.event === event && cap.scope === scope);
const eligibleIds = (decision) =>
  decision.explanation.candidates.filter((c) => c.outcome === "selected" || c.outcome === "outranked").map((c) => c.offerId);

/**
 * Plans the benchmark profile's history against the catalog (with the engine in Node): which offers
 * to dismiss, interact with, and display up to their profile caps, so that decide must skip capped
 * and dismissed offers. Returns the events and, for checking, the expected first decisions and
 * the offers each placement may legitimately return under load.
 */
function planHistory(engine, catalog, compiled, now) {
  const byId = new Map(catalog.offers.map((offer) => [offer.id, offer]));
  const trackOnly = buildHistory({ cappedOffers: [], dismissedOffers: [], interactedOffers: [], now });
  const first = explainAll(engine, compiled, engineHistory(trackOnly, now), now);
  const used = new Set();
  const choose = (n, prefer) => {
    const chosen = [];
    for (const decision of first) {
      const ids = eligibleIds(decision).filter((id) => !used.has(id));
      for (const id of [...ids.filter((id) => prefer(byId.get(id))), ...ids]) {
        if (chosen.length >= n || used.has(id)) continue;
        used.add(id);
        chosen.push({ offerId: id, placement: decision.placement });
        break;
      }
    }
    return chosen;
  };
  const dismissedOffers = choose(2, (offer) => JSON.stringify(offer.eligibility).includes('"dismiss"') || offerCap(offer, "dismiss", "profile"));
  const interactedOffers = choose(3, () => true);
  const withoutCaps = buildHistory({ cappedOffers: [], dismissedOffers, interactedOffers, now });
  const second = explainAll(engine, compiled, engineHistory(withoutCaps, now), now);
  const cappedOffers = [];
  for (const decision of second) {
    const capped = eligibleIds(decision)
      .filter((id) => !used.has(id) && offerCap(byId.get(id), "display", "profile"))
      .slice(0, 2);
    for (const id of capped) {
      used.add(id);
      cappedOffers.push({ offerId: id, placement: decision.placement, limit: offerCap(byId.get(id), "display", "profile").limit });
    }
  }
  const events = buildHistory({ cappedOffers, dismissedOffers, interactedOffers, now });
  const history = engineHistory(events, now);
  const expected = explainAll(engine, compiled, history, now);
  const allowed = {};
  const blocked = {};
  for (const decision of expected) {
    allowed[decision.placement] = new Set([...eligibleIds(decision), catalog.fallbacks[decision.placement]]);
    blocked[decision.placement] = decision.explanation.candidates.filter((c) => c.outcome === "capped").map((c) => c.offerId);
  }
  return { events, history, expected, allowed, blocked, cappedOffers, dismissedOffers, interactedOffers };
}

function timeEngine(engine, compiled, history, budgetMs = 1_000) {
  const input = { placements: DECIDE_PLACEMENTS, ...benchProfileState(), context: DECIDE_CONTEXT, history, globalCounts: {} };
  for (let i = 0; i < 200; i++) engine.decide(compiled, { ...input, now: Date.now() });
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < budgetMs) {
    for (let i = 0; i < 50; i++) engine.decide(compiled, { ...input, now: Date.now() });
    calls += 50;
  }
  return ((performance.now() - t0) * 1000) / calls;
}

// ---- CPU profile of the worker isolate (devtools protocol via wrangler's inspector proxy) ---------

async function withCpuProfile(inspectorPort, work) {
  const ws = new WebSocket(`ws://${HOST}:${inspectorPort}/ws`, { headers: { Origin: `http://${HOST}` } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("cannot connect to the worker's inspector"));
    setTimeout(() => reject(new Error("the worker's inspector did not answer")), 5_000);
  });
  let nextId = 1;
  const pending = new Map();
  ws.onmessage = (message) => {
    const data = JSON.parse(String(message.data));
    // workerd answers some commands (Profiler.enable/start) by echoing them without a `result`.
    const waiter = data.id !== undefined && pending.get(data.id);
    if (!waiter) return;
    pending.delete(data.id);
    if (data.error) waiter.reject(new Error(`${waiter.method}: ${data.error.message}`));
    else waiter.resolve(data.result ?? {});
  };
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject, method });
      ws.send(JSON.stringify({ id, method, params }));
      setTimeout(() => pending.has(id) && (pending.delete(id), reject(new Error(`${method}: no answer`))), 15_000);
    });
  try {
    await send("Profiler.enable");
    await send("Profiler.setSamplingInterval", { interval: 250 });
    await send("Profiler.start");
    const result = await work();
    const { profile } = await send("Profiler.stop");
    return { result, profile };
  } finally {
    ws.close();
  }
}

/** Self time of the sampled profile by source (through the bundle's source map), per request. */
function attribute(profile, sourceMap, requests) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const categories = new Map();
  const functions = new Map();
  for (const [id, us] of self) {
    const frame = nodes.get(id).callFrame;
    let category;
    let where = frame.url ? `${frame.url.split("/").pop()}:${frame.lineNumber + 1}` : "";
    if (/(^|\/)index\.js$/.test(frame.url) && sourceMap) {
      const entry = sourceMap.findEntry(frame.lineNumber, frame.columnNumber);
      const source = entry?.originalSource ?? "";
      where = source ? `${source.replace(/^.*?\/(decision-engine|edge|node_modules)\//, "$1/")}:${entry.originalLine + 1}` : where;
      if (source.includes("/decision-engine/")) category = "engine (decision-engine)";
      else if (source.includes("/node_modules/hono/")) category = "hono";
      else if (/\/edge\/src\/objects\//.test(source)) category = "edge: Durable Objects (edge/src/objects)";
      else if (/\/edge\/src\/(storage)\//.test(source)) category = "edge: storage (edge/src/storage)";
      else if (/\/edge\/src\//.test(source)) category = "edge: routes, middleware, validation, identity";
      else category = "other bundled code";
    } else if (frame.functionName === "(idle)") category = "(idle)";
    else if (frame.functionName === "(garbage collector)") category = "garbage collector";
    else category = "runtime/native (I/O, RPC, SQLite, crypto, JSON)";
    categories.set(category, (categories.get(category) ?? 0) + us);
    if (category !== "(idle)") {
      const key = `${frame.functionName || "(anonymous)"}\t${where}`;
      functions.set(key, (functions.get(key) ?? 0) + us);
    }
  }
  const perRequest = (us) => us / Math.max(1, requests);
  let busyUs = 0;
  for (const [name, us] of categories) if (name !== "(idle)") busyUs += us;
  return {
    busyUsPerRequest: perRequest(busyUs),
    categories: [...categories].map(([name, us]) => ({ name, usPerRequest: perRequest(us) })).sort((a, b) => b.usPerRequest - a.usPerRequest),
    functions: [...functions].map(([name, us]) => ({ name, usPerRequest: perRequest(us) })).sort((a, b) => b.usPerRequest - a.usPerRequest).slice(0, 12),
  };
}

// ---- report -------------------------------------------------------------------------------------

const f0 = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–");
const f1 = (n) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const f2 = (n) => (Number.isFinite(n) ? n.toFixed(2) : "–");

const miniflareVersion = createRequire(requireFromEdge.resolve("wrangler/package.json"))("miniflare/package.json").version;
const yesNo = (met) => (met ? "yes" : "**no**");
const roundsCell = (s) => s.perRoundRps.map(f0).join(", ");
const slowShare = (s, ms = 10) => s.latencies.filter((x) => x > ms).length;

function pairRatios(health, decide) {
  const ratios = decide.perRoundRps.map((rps, i) => rps / health.perRoundRps[i]);
  const sorted = [...ratios].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = Number.isInteger(mid) ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[Math.floor(mid)];
  return `${ratios.map(f2).join(", ")} (median ${f2(median)})`;
}

const cpuTotal = (s) => {
  let total = 0;
  for (const [label, ms] of s.cpuPerRequest) if (label !== OTHERS && !label.startsWith("esbuild")) total += ms;
  return total;
};

function report({ results, setup, commandLine }) {
  const kinds = Object.keys(results);
  const lines = [];
  lines.push("# Edge benchmark (`npm run bench:edge`)", "");
  lines.push(
    `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC · Node ${process.version} · wrangler ${wranglerVersion} and its Miniflare ${miniflareVersion} (workerd, on loopback) · autocannon ${autocannonVersion} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model?.trim() ?? "?"}), shared with the load generator`,
    "",
    `Command: \`${commandLine}\`. The same bundle (\`wrangler deploy --dry-run\`) runs in two setups, one after the other, each with its own fresh state: **wrangler dev** (\`wrangler dev --local\`: the request goes through wrangler's proxy worker, a second workerd process, then to the worker's workerd) and **Miniflare directly** (wrangler's own Miniflare with the bindings \`unstable_getMiniflareWorkerOptions\` derives from edge/wrangler.jsonc: one workerd process, no proxy). Per setup: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${f1(SECONDS / ROUNDS)} s per route after a ${WARMUP} s warm-up each; then ${SERVICE_SECONDS} s per route at 1 connection. Latencies are every response's, p50/p99 over all rounds.`,
    "",
    `Workload: ${setup.offers}-offer catalog over ${setup.placements} placements (${f1(setup.avgConditions)} conditions per eligibility rule on average, ${setup.capped} offers with caps); profile \`${BENCH_PROFILE_ID}\` with ${setup.historyAccepted} events of history (${setup.cappedDisplays} displays exhausting the profile caps of ${setup.cappedOffers} offers it is eligible for, dismisses, interactions, page/product views, cart adds); each decide asks for ${DECIDE_PLACEMENTS.length} placements (${DECIDE_PLACEMENTS.map((p) => `\`${p}\``).join(", ")}) with a context. Eligible offers per placement for this profile: ${setup.eligible}.`,
    "",
    "## Both setups",
    "",
    "| setup | route | connections | requests/s | p50 ms | p99 ms | max ms | responses | non-2xx | errors | wrong bodies | rounds, req/s |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
  );
  for (const kind of kinds) {
    const { health, decide, health1, decide1 } = results[kind];
    const name = SETUPS[kind].name;
    for (const [route, s, c] of [["`GET /v1/health`", health, CONNECTIONS], ["`POST /v1/decide`", decide, CONNECTIONS]]) {
      lines.push(`| ${name} | ${route} | ${c} | ${f0(s.rps)} | ${f2(s.p50)} | ${f2(s.p99)} | ${f1(s.max)} | ${f0(s.responses)} | ${s.non2xx} | ${s.errors} | ${s.mismatches} | ${roundsCell(s)} |`);
    }
    lines.push(`| ${name} | **decide / health** | ${CONNECTIONS} | **${f2(decide.rps / health.rps)}** | ${f2(decide.p50 / health.p50)}× | ${f2(decide.p99 / health.p99)}× | | | | | | ${pairRatios(health, decide)} |`);
    for (const [route, s] of [["`GET /v1/health`", health1], ["`POST /v1/decide`", decide1]]) {
      lines.push(`| ${name} | ${route} | 1 | ${f0(s.rps)} | ${f2(s.p50)} | ${f2(s.p99)} | ${f1(s.max)} | ${f0(s.responses)} | ${s.non2xx} | ${s.errors} | ${s.mismatches} | |`);
    }
  }
  lines.push("");

  const [a, b] = kinds.map((kind) => results[kind]);
  const row = (label, fa, fb, fmt, ratioFmt = (x) => `${f2(x)}×`) =>
    `| ${label} | ${fmt(fa)} | ${fmt(fb)} | ${ratioFmt(fb / fa)} |`;
  lines.push(
    `What wrangler's dev proxy costs (same worker, same bundle, same data):`,
    "",
    `| | ${SETUPS[kinds[0]].name} | ${SETUPS[kinds[1]].name} | ${SETUPS[kinds[1]].name} ÷ ${SETUPS[kinds[0]].name} |`,
    "|---|---:|---:|---:|",
    row(`health requests/s (${CONNECTIONS} connections)`, a.health.rps, b.health.rps, f0),
    row(`decide requests/s (${CONNECTIONS} connections)`, a.decide.rps, b.decide.rps, f0),
    row(`decide p50 ms`, a.decide.p50, b.decide.p50, f2),
    row(`decide p99 ms`, a.decide.p99, b.decide.p99, f2),
    row(`health p99 ms`, a.health.p99, b.health.p99, f2),
    row(`decide p99 ms at 1 connection`, a.decide1.p99, b.decide1.p99, f2),
    row(`health p99 ms at 1 connection`, a.health1.p99, b.health1.p99, f2),
    row("CPU per health request, all processes (ms)", cpuTotal(a.health), cpuTotal(b.health), f2),
    row("CPU per decide request, all processes (ms)", cpuTotal(a.decide), cpuTotal(b.decide), f2),
    "",
  );

  lines.push(`| target | ${kinds.map((k) => SETUPS[k].name).join(" | ")} |`, `|---|${kinds.map(() => "---").join("|")}|`);
  lines.push(`| decide throughput ≥ ${TARGET_RATIO * 100}% of health | ${kinds.map((k) => `${f0((results[k].decide.rps / results[k].health.rps) * 100)}%: ${yesNo(results[k].decide.rps / results[k].health.rps >= TARGET_RATIO)}`).join(" | ")} |`);
  lines.push(`| decide p99 < ${TARGET_P99_MS} ms at ${CONNECTIONS} connections | ${kinds.map((k) => `${f2(results[k].decide.p99)} ms: ${yesNo(results[k].decide.p99 < TARGET_P99_MS)}`).join(" | ")} |`);
  lines.push(`| (reference) health p99 at ${CONNECTIONS} connections, same run | ${kinds.map((k) => `${f2(results[k].health.p99)} ms${results[k].health.p99 < TARGET_P99_MS ? "" : " (over the target itself)"}`).join(" | ")} |`);
  lines.push(`| (reference) decide p99 at 1 connection | ${kinds.map((k) => `${f2(results[k].decide1.p99)} ms`).join(" | ")} |`, "");

  lines.push(
    `Pauses, not queueing: at 1 connection there is no queue, yet ${kinds.map((k) => `${SETUPS[k].name} had ${slowShare(results[k].health1)} health and ${slowShare(results[k].decide1)} decide responses over 10 ms (of ${f0(results[k].health1.responses)} and ${f0(results[k].decide1.responses)})`).join("; ")}. At ${CONNECTIONS} connections every request in flight waits out such a pause together, so they reach p99. See [README.md](README.md#where-the-tail-comes-from) for what the pauses are (workerd's young-generation GC).`,
    "",
  );
  for (const kind of kinds) {
    const { health, decide } = results[kind];
    if (health.cpuPerRequest.has(OTHERS)) {
      lines.push(`During the ${SETUPS[kind].name} rounds other processes on this machine (not the benchmark) used ${f0(othersPct(health))}% of one core on average during health and ${f0(othersPct(decide))}% during decide; the per-round spread shows how much that moves the figures.`, "");
    }
  }
  lines.push(
    `Checks, in both setups: every decide response must be 200 with one decision per placement, each an offer the profile is eligible for and not capped, or the placement's fallback; the first decide must equal the engine's decision in Node for the same inputs (${kinds.map((k) => `${SETUPS[k].name}: ${results[k].firstDecision}`).join("; ")}).`,
    "",
    "## CPU per request, by process",
    "",
    `Measured from /proc during the rounds above (2 shared cores: the load generator and the server processes compete, so throughput ≈ cores ÷ total CPU per request).`,
    "",
  );
  for (const kind of kinds) lines.push(`**${SETUPS[kind].name}**`, "", ...cpuTable(results[kind].health, results[kind].decide), "");
  for (const kind of kinds) if (results[kind].breakdown) lines.push(...results[kind].breakdown, "");
  return lines.join("\n");
}

const othersPct = (s) => ((s.cpuPerRequest.get(OTHERS) ?? NaN) * s.rps) / 10; // ms per request × req/s = ms/s → % of a core

function cpuTable(health, decide) {
  const labels = [...new Set([...health.cpuPerRequest.keys(), ...decide.cpuPerRequest.keys()])].filter((l) => !l.startsWith("esbuild") && l !== OTHERS);
  const rows = ["| CPU per request (ms), by process | health | decide | decide − health |", "|---|---:|---:|---:|"];
  let th = 0;
  let td = 0;
  for (const label of labels) {
    const h = health.cpuPerRequest.get(label) ?? 0;
    const d = decide.cpuPerRequest.get(label) ?? 0;
    th += h;
    td += d;
    rows.push(`| ${label} | ${f2(h)} | ${f2(d)} | ${f2(d - h)} |`);
  }
  rows.push(`| **total, this benchmark** | **${f2(th)}** | **${f2(td)}** | **${f2(td - th)}** |`);
  if (health.cpuPerRequest.has(OTHERS)) rows.push(`| ${OTHERS}, % of one core | ${f0(othersPct(health))}% | ${f0(othersPct(decide))}% | |`);
  return rows;
}

// ---- main ---------------------------------------------------------------------------------------

let PORT;
const SERVICE_SECONDS = 2.5;

async function main() {
  const watchdog = setTimeout(() => {
    log(`watchdog: still running after ${WATCHDOG_MS / 1000} s, giving up`);
    stopAll().finally(() => process.exit(1));
  }, WATCHDOG_MS);
  watchdog.unref();

  tmpDir = mkdtempSync(path.join(os.tmpdir(), "edgewise-bench-edge-"));
  const dist = path.join(tmpDir, "dist");
  const template = path.join(tmpDir, "state-template");

  log("bundling the worker (wrangler deploy --dry-run) and the engine (esbuild)");
  // allSettled: neither may still be writing into tmpDir when a failure removes it.
  const [bundled, engineBuilt] = await Promise.allSettled([runWrangler(["deploy", "--dry-run", "--outdir", dist]), bundleEngine()]);
  for (const outcome of [bundled, engineBuilt]) if (outcome.status === "rejected") throw outcome.reason;
  const engine = engineBuilt.value;
  let sourceMap;
  try {
    sourceMap = new SourceMap(JSON.parse(readFileSync(path.join(dist, "index.js.map"), "utf8")));
  } catch {
    sourceMap = undefined;
  }

  log("applying the D1 migrations to a temporary state directory (copied for each setup)");
  await runWrangler(["d1", "migrations", "apply", "STATS_DB", "--local", "--persist-to", template]);

  const { catalog, conditions } = buildCatalog();
  const compiled = engine.compileCatalog(catalog);
  const results = {};
  let setup;
  for (const kind of ["wrangler", "miniflare"]) {
    const state = path.join(tmpDir, `state-${kind}`);
    cpSync(template, state, { recursive: true });
    await startServer(kind, { bundle: path.join(dist, "index.js"), state });
    const measured = await measureSetup({ engine, catalog, compiled, sourceMap });
    await stopServer();
    results[kind] = measured;
    setup ??= {
      offers: catalog.offers.length,
      placements: catalog.placements.length,
      avgConditions: conditions / catalog.offers.filter((o) => o.eligibility).length,
      capped: catalog.offers.filter((o) => o.caps).length,
      historyAccepted: measured.accepted,
      cappedDisplays: measured.plan.cappedOffers.reduce((sum, c) => sum + c.limit, 0),
      cappedOffers: measured.plan.cappedOffers.length,
      eligible: measured.plan.expected.map((d) => `${d.placement} ${measured.plan.allowed[d.placement].size - 1} (+${measured.plan.blocked[d.placement].length} capped)`).join(", "),
    };
  }

  const text = report({ results, setup, commandLine: "npm run bench:edge" });
  const failures = [];
  for (const [kind, r] of Object.entries(results)) {
    for (const [name, s] of [["health", r.health], ["decide", r.decide], ["health at 1 connection", r.health1], ["decide at 1 connection", r.decide1]]) {
      if (bad(s)) failures.push(`${SETUPS[kind].name}, ${name}: ${s.non2xx} non-2xx, ${s.errors} errors (${s.timeouts} timeouts), ${s.mismatches} wrong bodies ${s.mismatchSamples.join(" | ")}`);
    }
  }
  if (failures.length > 0) {
    console.log(text);
    throw new Error(`the benchmark saw failures, results.md not written:\n  ${failures.join("\n  ")}`);
  }
  writeFileSync(path.join(benchDir, "results.md"), `${text}\n`);
  console.log(text);
  const summaryOf = (kind) => {
    const { health, decide } = results[kind];
    const ratio = decide.rps / health.rps;
    return `${SETUPS[kind].name}: decide/health ${f2(ratio)} (${ratio >= TARGET_RATIO ? "met" : "NOT met"}), decide p99 ${f2(decide.p99)} ms (${decide.p99 < TARGET_P99_MS ? "met" : "NOT met"})`;
  };
  log(`done in ${elapsed()}: ${Object.keys(results).map(summaryOf).join("; ")}; wrote bench/edge/results.md`);
}

/** Loads the data into the current server, checks the decisions, and measures it. */
async function measureSetup({ engine, catalog, compiled, sourceMap }) {
  const published = await call("PUT", "/v1/admin/catalog", { headers: { ...adminHeaders, "content-type": "application/json" }, body: JSON.stringify(catalog) });
  const imported = await call("POST", "/v1/admin/snapshots", {
    headers: { ...adminHeaders, "content-type": "application/x-ndjson" },
    body: buildSnapshot(),
    expect: [201],
  });
  const plan = planHistory(engine, catalog, compiled, Date.now());
  let accepted = 0;
  for (let i = 0; i < plan.events.length; i += 50) {
    const outcome = await call("POST", "/v1/events", { headers: clientHeaders, body: JSON.stringify({ events: plan.events.slice(i, i + 50) }), expect: [202] });
    if (outcome.rejected?.length) throw new Error(`events rejected: ${JSON.stringify(outcome.rejected.slice(0, 3))}`);
    accepted += outcome.accepted;
  }
  if (accepted !== plan.events.length) throw new Error(`only ${accepted} of ${plan.events.length} events were accepted`);
  const summary = await call("GET", `/v1/profile/${BENCH_PROFILE_ID}`, { headers: clientHeaders });
  for (const { offerId, limit } of plan.cappedOffers) {
    const seen = summary.caps?.[offerId]?.display?.lifetime ?? 0;
    if (seen < limit) throw new Error(`the profile's display count of ${offerId} is ${seen}, expected ≥ ${limit}`);
  }
  log(`catalog ${published.version} (${catalog.offers.length} offers), snapshot ${imported.version} (${imported.profiles} profiles), ${accepted} events for ${BENCH_PROFILE_ID}`);

  // Sanity: the first decide equals the engine's decision in Node; every decision is allowed.
  const body = JSON.stringify(decideBody());
  const checkDecision = (decisions, catalogVersion) =>
    catalogVersion === published.version &&
    decisions?.length === DECIDE_PLACEMENTS.length &&
    decisions.every((d, i) => d.placement === DECIDE_PLACEMENTS[i] && typeof d.token === "string" && plan.allowed[d.placement].has(d.offerId));
  const firstEdge = await call("POST", "/v1/decide", { headers: clientHeaders, body });
  const got = firstEdge.decisions.map((d) => `${d.placement}=${d.offerId}${d.fallback ? " (fallback)" : ""}`).join(", ");
  const want = plan.expected.map((d) => `${d.placement}=${d.offerId}${d.fallback ? " (fallback)" : ""}`).join(", ");
  if (got !== want) throw new Error(`the edge's first decision differs from the engine's in Node:\n  edge:   ${got}\n  engine: ${want}`);
  if (!checkDecision(firstEdge.decisions, firstEdge.catalogVersion)) throw new Error(`unexpected first decision: ${JSON.stringify(firstEdge).slice(0, 800)}`);
  log(`first decision matches the engine in Node: ${got}`);
  const verifyDecide = (text) => {
    try {
      const parsed = JSON.parse(text);
      return checkDecision(parsed.decisions, parsed.catalogVersion);
    } catch {
      return false;
    }
  };
  const verifyHealth = (text) => text === '{"ok":true}';

  const healthRun = (seconds, connections) => load({ route: "/v1/health", seconds, verify: verifyHealth, connections });
  const decideRun = (seconds, connections) => load({ method: "POST", route: "/v1/decide", headers: clientHeaders, body, seconds, verify: verifyDecide, connections });

  log(`${server.name}: warm-up, ${WARMUP} s per route`);
  const warm = [summarize([await healthRun(WARMUP)]), summarize([await decideRun(WARMUP)])];
  for (const s of warm) if (bad(s)) throw new Error(`warm-up failed: ${s.non2xx} non-2xx, ${s.errors} errors, ${s.mismatches} wrong bodies ${s.mismatchSamples.join(" | ")}`);

  const runs = { health: [], decide: [] };
  const roundSeconds = SECONDS / ROUNDS;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ["health", "decide"] : ["decide", "health"];
    for (const route of order) {
      log(`${server.name}: round ${round + 1}/${ROUNDS}: ${route}, ${roundSeconds} s at ${CONNECTIONS} connections`);
      runs[route].push(await (route === "health" ? healthRun : decideRun)(roundSeconds));
    }
  }
  const health = summarize(runs.health);
  const decide = summarize(runs.decide);
  log(`${server.name}: service time, ${SERVICE_SECONDS} s per route at 1 connection`);
  const health1 = summarize([await healthRun(SERVICE_SECONDS, 1)]);
  const decide1 = summarize([await decideRun(SERVICE_SECONDS, 1)]);
  const after = await call("GET", `/v1/profile/${BENCH_PROFILE_ID}`, { headers: clientHeaders });

  // The isolate profile and the variants need wrangler's inspector proxy; they run under wrangler dev.
  const missed = decide.rps / health.rps < TARGET_RATIO || !(decide.p99 < TARGET_P99_MS);
  let breakdown;
  if (server.kind === "wrangler" && (BREAKDOWN === "1" || (BREAKDOWN === "auto" && missed))) {
    breakdown = await explainTime({ engine, compiled, plan, health, decide, sourceMap, inspectorPort: server.inspectorPort, body, after });
  }
  return { health, decide, health1, decide1, plan, accepted, firstDecision: got, breakdown };
}

/** Where decide's time goes: CPU by process, a CPU profile of the isolate, variants, the engine alone. */
async function explainTime({ engine, compiled, plan, health, decide, sourceMap, inspectorPort, body, after }) {
  const lines = ["## Where decide's time goes, under wrangler dev", ""];
  lines.push(
    `CPU per request measured from /proc during the rounds above (2 shared cores: the load generator, wrangler's proxy and the worker all compete, so throughput ≈ cores ÷ total CPU per request):`,
    "",
    ...cpuTable(health, decide),
    "",
  );

  const profileSeconds = 3;
  const profiles = {};
  for (const [name, run] of [
    ["health", () => load({ route: "/v1/health", seconds: profileSeconds })],
    ["decide", () => load({ method: "POST", route: "/v1/decide", headers: clientHeaders, body, seconds: profileSeconds })],
  ]) {
    log(`CPU profile of the worker isolate: ${name}, ${profileSeconds} s`);
    try {
      const { result, profile } = await withCpuProfile(inspectorPort, run);
      profiles[name] = attribute(profile, sourceMap, result.latencies.length);
    } catch (error) {
      profiles[name] = { error: error.message };
    }
  }
  if (profiles.decide.error || profiles.health.error) {
    lines.push(`CPU profile unavailable: ${profiles.decide.error ?? profiles.health.error}`, "");
  } else {
    const names = [...new Set([...profiles.decide.categories, ...profiles.health.categories].map((c) => c.name))];
    const us = (p, name) => p.categories.find((c) => c.name === name)?.usPerRequest ?? 0;
    const share = (p, value) => `${f0((100 * value) / p.busyUsPerRequest)}%`;
    lines.push(
      `Sampled CPU profile of the worker's isolate (the Worker and its Durable Objects; the KV, D1 and SQLite simulators run outside it), ${profileSeconds} s per route at ${CONNECTIONS} connections, self time attributed through the bundle's source map. The sampler counts wall time while the isolate runs, so on a busy machine the µs include preemption: compare the shares.`,
      "",
      "| in the isolate | health µs/req | health share | decide µs/req | decide share |",
      "|---|---:|---:|---:|---:|",
      ...names
        .filter((n) => n !== "(idle)")
        .map((n) => `| ${n} | ${f0(us(profiles.health, n))} | ${share(profiles.health, us(profiles.health, n))} | ${f0(us(profiles.decide, n))} | ${share(profiles.decide, us(profiles.decide, n))} |`),
      `| **busy, total** | **${f0(profiles.health.busyUsPerRequest)}** | | **${f0(profiles.decide.busyUsPerRequest)}** | |`,
      `| (idle) | ${f0(us(profiles.health, "(idle)"))} | | ${f0(us(profiles.decide, "(idle)"))} | |`,
      "",
      "Top functions of decide by self time:",
      "",
      "| function | where | µs/req | share |",
      "|---|---|---:|---:|",
      ...profiles.decide.functions.map(({ name, usPerRequest }) => {
        const [fn, where] = name.split("\t");
        return `| \`${fn}\` | ${where || "native"} | ${f0(usPerRequest)} | ${share(profiles.decide, usPerRequest)} |`;
      }),
      "",
    );
  }

  const variantSeconds = 2.5;
  log(`variants: ${variantSeconds} s each, each right after a health run of the same length`);
  const others = Array.from({ length: 49 }, (_, i) => JSON.stringify(decideBody(`bench-${String(i + 2).padStart(3, "0")}`)));
  for (const other of others) await call("POST", "/v1/decide", { headers: clientHeaders, body: other }); // create their objects first
  const spreadRun = (seconds) =>
    new Promise((resolve, reject) => {
      let next = 0;
      const latencies = [];
      const t0 = performance.now();
      const instance = autocannon(
        {
          url: `${BASE}/v1/decide`,
          connections: CONNECTIONS,
          duration: seconds,
          sampleInt: 250,
          timeout: 10,
          // Each request from its own address, as in the main rounds: one address would meet the
          // per-address rate limit (1,000 a minute) and measure 429s.
          requests: [{ method: "POST", headers: clientHeaders, setupRequest: (req) => ({ ...req, headers: { ...req.headers, "cf-connecting-ip": `10.254.${(++next >> 8) & 255}.${next & 255}` }, body: others[next % others.length] }) }],
        },
        (error, result) => (error ? reject(error) : resolve({ result, latencies, wallS: (performance.now() - t0) / 1000, mismatchSamples: [], cpu: new Map() })),
      );
      instance.on("response", (_c, _s, _b, ms) => latencies.push(ms));
    });
  const oneBody = JSON.stringify(decideBody(BENCH_PROFILE_ID, ["home-hero"]));
  // [name, connections, run]: each is measured right after a health run at the same concurrency, so
  // its ratio to health is comparable although the machine's load drifts.
  const variants = [
    ["`POST /v1/decide`, 1 placement (`home-hero`)", CONNECTIONS, () => load({ method: "POST", route: "/v1/decide", headers: clientHeaders, body: oneBody, seconds: variantSeconds })],
    [
      "`POST /v1/decide`, 3 placements, spread over 49 other profiles (49 Durable Objects, no history; 1 s warm-up)",
      CONNECTIONS,
      async () => {
        await spreadRun(1);
        return spreadRun(variantSeconds);
      },
    ],
    ["`GET /v1/profile/bench-001` (Durable Object RPC + summary, no engine)", CONNECTIONS, () => load({ route: `/v1/profile/${BENCH_PROFILE_ID}`, headers: { "x-client-key": CLIENT_KEY }, seconds: variantSeconds })],
  ];
  lines.push(
    `Variants, ${variantSeconds} s each, each measured right after a health run at the same concurrency (the ratio is to that run):`,
    "",
    "| variant | connections | requests/s | p50 ms | p99 ms | non-2xx | health req/s, p50, p99 just before | ratio to health |",
    "|---|---:|---:|---:|---:|---:|---|---:|",
  );
  lines.push(`| \`POST /v1/decide\`, 3 placements, \`bench-001\` (the main rounds) | ${CONNECTIONS} | ${f0(decide.rps)} | ${f2(decide.p50)} | ${f2(decide.p99)} | ${decide.non2xx} | ${f0(health.rps)}, ${f2(health.p50)}, ${f2(health.p99)} | ${f2(decide.rps / health.rps)} |`);
  for (const [name, connections, run] of variants) {
    const h = summarize([await load({ route: "/v1/health", seconds: variantSeconds, connections })]);
    const s = summarize([await run()]);
    lines.push(`| ${name} | ${connections} | ${f0(s.rps)} | ${f2(s.p50)} | ${f2(s.p99)} | ${s.non2xx + s.errors} | ${f0(h.rps)}, ${f2(h.p50)}, ${f2(h.p99)} | ${f2(s.rps / h.rps)} |`);
  }
  let spreadReservations = 0;
  for (let i = 2; i <= 50; i++) {
    const summary = await call("GET", `/v1/profile/bench-${String(i).padStart(3, "0")}`, { headers: { "x-client-key": CLIENT_KEY } });
    spreadReservations += summary.pendingReservations ?? 0;
  }
  lines.push(
    "",
    `After the spread variant its 49 profiles held ${spreadReservations} live cap reservations (each one a SQLite write in a decide, which the response waits for); \`bench-001\`, whose capped offers fill up within its first decides, held ${after.pendingReservations ?? 0} after the main rounds.`,
    "",
  );

  const history = [...plan.history];
  const us = timeEngine(engine, compiled, history);
  lines.push(
    `The engine alone in Node (same catalog, profile, context and ${history.length}-event history, ${DECIDE_PLACEMENTS.length} placements, no explain): **${f1(us)} µs per decide**.`,
  );
  return lines;
}

main().catch(async (error) => {
  log(`FAILED after ${elapsed()}: ${error instanceof Error ? error.message : error}`);
  if (server) log(`${server.name} log (tail):\n${serverLogTail()}`);
  await stopAll();
  process.exit(1);
});

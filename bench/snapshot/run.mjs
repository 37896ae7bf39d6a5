#!/usr/bin/env node
// `npm run bench:snapshot`: for each size (default 100,000, 300,000, 1,000,000 and 3,000,000 profiles) generates
// a snapshot, starts its own `wrangler dev` with a fresh temporary state, publishes the demo catalog,
// imports a 1,000-profile warm-up snapshot, measures /v1/decide, imports the big snapshot with the
// `edgewise` CLI (parts of 8 MB) between two full V8 garbage collections in the worker (over
// wrangler's inspector), and measures /v1/decide again. Reports profiles/s, wall time, the workerd
// processes' memory (summed; before, sampled peak during the import, after) split into anonymous
// memory (V8 heap, SQLite page caches, allocator) and file-backed memory, and decide p50/p99 before
// and after.
//
//   node bench/snapshot/run.mjs [--sizes 100000,300000,1000000,3000000] [--decides 400] [--part-size 8] [--live-heap]
//
// --live-heap also takes a heap snapshot of the worker every second during the import and reports the
// largest (what the import holds, garbage aside); the snapshots' collections lower that run's peak RSS.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, profileId } from "./generate.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const edgeDir = join(root, "edge");
const require = createRequire(join(edgeDir, "package.json"));
const wranglerBin = require.resolve("wrangler/bin/wrangler.js");
const ADMIN = "demo-admin-key";
const CLIENT = "demo-client-key";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = arg("sizes", "100000,300000,1000000,3000000").split(",").map(Number);
const decides = Number(arg("decides", "400"));
const partSize = arg("part-size", "8");
const liveHeap = args.includes("--live-heap");
const log = (...parts) => console.error("[bench:snapshot]", ...parts);

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(Number(entry), ppid);
    } catch {
      // gone
    }
  }
  const result = [];
  const queue = [pid];
  while (queue.length) {
    const parent = queue.shift();
    for (const [child, ppid] of children) if (ppid === parent) result.push(child), queue.push(child);
  }
  return result;
}

/** A process's resident memory by kind (bytes): heap and other private memory (`anon`), mapped
 * files such as SQLite databases and the binary (`file`), and shared memory (`shmem`). */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb("VmRSS"), anon: kb("RssAnon"), file: kb("RssFile"), shmem: kb("RssShmem") };
}

const KINDS = ["rss", "anon", "file", "shmem"];

/** The memory of the workerd processes, summed by kind (a process that is gone counts 0). */
function summed(pids) {
  const total = Object.fromEntries(KINDS.map((kind) => [kind, 0]));
  for (const pid of pids) {
    try {
      const m = memory(pid);
      for (const kind of KINDS) total[kind] += m[kind];
    } catch {
      // gone
    }
  }
  return total;
}

/** The workerd processes under wrangler (the user worker's runtime and wrangler's proxy). */
function workerdPids(wranglerPid) {
  return descendants(wranglerPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "workerd";
    } catch {
      return false;
    }
  });
}

/** The workerd process that runs the worker itself (the one wrangler gives an inspector), not its proxy. */
function workerPid(pids) {
  const pid = pids.find((p) => readFileSync(`/proc/${p}/cmdline`, "utf8").includes("--inspector-addr"));
  if (pid === undefined) throw new Error("no workerd process with an inspector: cannot tell the worker from wrangler's proxy");
  return pid;
}

/**
 * The workerd processes' memory (summed, by kind), sampled every 250 ms while `work` runs: the peak
 * of each kind, and the peak anonymous memory of each process (`byPid`).
 */
async function samplePeak(pids, work) {
  const peak = summed(pids);
  const byPid = Object.fromEntries(pids.map((pid) => [pid, memory(pid).anon]));
  const sample = () => {
    const now = summed(pids);
    for (const kind of KINDS) peak[kind] = Math.max(peak[kind], now[kind]);
    for (const pid of pids) {
      try {
        byPid[pid] = Math.max(byPid[pid], memory(pid).anon);
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await work();
    sample();
    return { result, peak, byPid };
  } finally {
    clearInterval(timer);
  }
}

/**
 * A connection to the worker's V8 inspector (through wrangler's): `call(method)` answers with the
 * result; `liveBytes()` takes a heap snapshot (which collects garbage first) and sums what it holds.
 */
async function inspector(inspectorPort) {
  const WebSocket = globalThis.WebSocket ?? require("ws");
  const [target] = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve);
    socket.addEventListener("error", reject);
  });
  let id = 0;
  const call = (method) =>
    new Promise((resolve) => {
      const n = ++id;
      socket.addEventListener("message", function answered(event) {
        const message = JSON.parse(String(event.data));
        if (message.id !== n) return;
        socket.removeEventListener("message", answered);
        resolve(message.result);
      });
      socket.send(JSON.stringify({ id: n, method }));
    });
  let chunks = [];
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data));
    if (message.method === "HeapProfiler.addHeapSnapshotChunk") chunks.push(message.params.chunk);
  });
  const liveBytes = async () => {
    chunks = [];
    await call("HeapProfiler.takeHeapSnapshot");
    const { snapshot, nodes } = JSON.parse(chunks.join(""));
    const fields = snapshot.meta.node_fields;
    const size = fields.indexOf("self_size");
    let total = 0;
    for (let i = size; i < nodes.length; i += fields.length) total += nodes[i];
    return total;
  };
  await call("HeapProfiler.enable");
  return { call, liveBytes, close: () => socket.close() };
}

/**
 * Forces a full garbage collection in the worker's V8 isolate (the worker and its Durable Objects)
 * over wrangler's inspector, so that memory the import still holds is told apart from garbage V8
 * had not yet collected. workerd runs the command when the isolate next runs: requests wake it.
 */
async function collectGarbage(inspectorPort, url) {
  const { call, close } = await inspector(inspectorPort);
  try {
    let done = false;
    const collected = call("HeapProfiler.collectGarbage").then(() => (done = true));
    for (let tries = 0; !done; tries++) {
      if (tries === 100) throw new Error("the worker's inspector did not run the garbage collection");
      await (await fetch(`${url}/v1/health`)).arrayBuffer();
      await Promise.race([collected, new Promise((r) => setTimeout(r, 200))]);
    }
  } finally {
    close();
  }
}

/**
 * `--live-heap`: while `work` runs, takes a heap snapshot of the worker every second (the first
 * after half a second) and sums what it holds: what the import really keeps, garbage aside (the
 * largest reading, bytes). Snapshots collect garbage, which lowers that run's peak RSS, so it is an
 * opt-in measurement.
 */
async function liveHeapDuring(inspectorPort, work) {
  const { liveBytes, close } = await inspector(inspectorPort);
  let largest = 0;
  let running = true;
  const probe = (async () => {
    for (let wait = 500; running; wait = 1000) {
      await new Promise((r) => setTimeout(r, wait));
      if (running) largest = Math.max(largest, await liveBytes());
    }
  })();
  try {
    const result = await work();
    return { result, largest };
  } finally {
    running = false;
    await probe;
    close();
  }
}

async function startEdge(port, inspectorPort, state) {
  const child = spawn(
    process.execPath,
    [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(inspectorPort), "--local", "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn"],
    { cwd: edgeDir, env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" }, stdio: ["ignore", "ignore", "inherit"] },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode})`);
    try {
      if ((await fetch(`${url}/v1/health`)).ok) break;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error("wrangler dev did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, url };
}

function cli(url, ...argv) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, "cli", "bin", "edgewise.mjs"), ...argv, "--edge", url, "--admin-key", ADMIN], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => {
      err += d;
      const last = String(d).trim().split("\n").at(-1);
      if (last) process.stderr.write(`\r  ${last.slice(0, 110)}\x1b[K`);
    });
    child.on("exit", (code) => {
      process.stderr.write("\n");
      code === 0 ? resolve(out) : reject(new Error(`edgewise ${argv.join(" ")} failed (${code}):\n${err.slice(-2000)}`));
    });
  });
}

/** Decisions so far: each measurement continues the sequence, so no profile is decided twice. */
let decided = 0;

async function measureDecides(url, count, population) {
  const times = [];
  for (let i = 0; i < count; i++) {
    // Distinct profiles (7919 is prime to the populations), so every decision reads its row from
    // storage, before the import as after it: none is an isolate cache hit.
    const id = profileId((decided++ * 7919) % population);
    const started = performance.now();
    const response = await fetch(`${url}/v1/decide`, {
      method: "POST",
      headers: { "x-client-key": CLIENT, "content-type": "application/json" },
      body: JSON.stringify({ profileId: id, anonymousId: `a-${i}`, placements: ["home-hero"] }),
    });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`decide answered ${response.status}`);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const q = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  return { p50: q(0.5), p99: q(0.99) };
}

async function runSize(size, port, inspectorPort) {
  const dir = mkdtempSync(join(tmpdir(), "edgewise-bench-"));
  const file = join(dir, "snapshot.ndjson");
  const warm = join(dir, "warmup.ndjson");
  log(`${size.toLocaleString("en")} profiles: generating`);
  const generated = await generate(file, size, `bench-${size}`);
  await generate(warm, 1000, "warmup");
  const { child, url } = await startEdge(port, inspectorPort, join(dir, "state"));
  try {
    const pids = workerdPids(child.pid);
    await cli(url, "catalog", "publish", join(edgeDir, "demo/catalog.json"));
    await cli(url, "snapshot", "upload", warm);
    decided = 0;
    await measureDecides(url, 200, 1000); // warm-up
    const before = await measureDecides(url, decides, 1000);
    await collectGarbage(inspectorPort, url);
    const memoryBefore = summed(pids);
    const worker = workerPid(pids);
    const anonBefore = Object.fromEntries(pids.map((pid) => [pid, memory(pid).anon]));
    log(`importing ${(generated.bytes / 1e6).toFixed(0)} MB with the CLI (parts of ${partSize} MB)`);
    const started = performance.now();
    const upload = () => cli(url, "snapshot", "upload", file, "--part-size", partSize);
    let live = null;
    const sampled = await samplePeak(pids, async () => {
      if (!liveHeap) return upload();
      live = (await liveHeapDuring(inspectorPort, upload)).largest;
    });
    const seconds = (performance.now() - started) / 1000;
    await collectGarbage(inspectorPort, url);
    const memoryAfter = summed(pids);
    const anonAfter = Object.fromEntries(pids.map((pid) => [pid, memory(pid).anon]));
    const grew = (pid) => ({ peak: sampled.byPid[pid] - anonBefore[pid], after: anonAfter[pid] - anonBefore[pid] });
    await measureDecides(url, 200, size);
    const after = await measureDecides(url, decides, size);
    return {
      size,
      mb: generated.bytes / 1e6,
      seconds,
      rate: size / seconds,
      memoryBefore,
      peak: sampled.peak,
      memoryAfter,
      live,
      worker: grew(worker),
      proxy: pids.filter((pid) => pid !== worker).map(grew).reduce((a, b) => ({ peak: a.peak + b.peak, after: a.after + b.after }), { peak: 0, after: 0 }),
      before,
      after,
    };
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const [i, size] of sizes.entries()) results.push(await runSize(size, 8900 + i, 9900 + i));

const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const grown = (bytes) => `${bytes < 0 ? "−" : "+"}${Math.abs(bytes / 1048576).toFixed(0)} MB`;
const ms = (value) => `${value.toFixed(1)} ms`;
const lines = [
  `Snapshot import under \`wrangler dev\` (${new Date().toISOString().slice(0, 10)}, ${process.platform}, node ${process.version}; parts of ${partSize} MB; ${decides} sequential decides each)`,
  "",
  `| profiles | file | wall time | profiles/s | workerd RSS before → peak during import | growth: anonymous | growth: file-backed | anonymous after import + full GC | worker process: peak / after GC | wrangler's proxy: peak / after |${liveHeap ? " live V8 heap during import (largest heap snapshot) |" : ""} decide p50 before → after | decide p99 before → after |`,
  `|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${liveHeap ? "---:|" : ""}---:|---:|`,
  ...results.map(
    (r) =>
      `| ${r.size.toLocaleString("en")} | ${r.mb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${Math.round(r.rate).toLocaleString("en")} | ${mb(r.memoryBefore.rss)} → ${mb(r.peak.rss)} (${grown(r.peak.rss - r.memoryBefore.rss)}) | ${grown(r.peak.anon - r.memoryBefore.anon)} | ${grown(r.peak.file + r.peak.shmem - r.memoryBefore.file - r.memoryBefore.shmem)} | ${grown(r.memoryAfter.anon - r.memoryBefore.anon)} | ${grown(r.worker.peak)} / ${grown(r.worker.after)} | ${grown(r.proxy.peak)} / ${grown(r.proxy.after)} |${liveHeap ? ` ${(r.live / 1048576).toFixed(1)} MB |` : ""} ${ms(r.before.p50)} → ${ms(r.after.p50)} | ${ms(r.before.p99)} → ${ms(r.after.p99)} |`,
  ),
  "",
  "RSS is summed over the two workerd processes (the worker, and wrangler's proxy in front of it, which production does not have;",
  "the two columns before the decides split the anonymous growth between them); growths are against",
  "the memory before the import, both measured right after a full garbage collection of the worker's V8 isolate.",
  "Anonymous memory is the V8 heap (its garbage included until V8 collects it), SQLite's page cache of each",
  "shard Durable Object (SQLite's default 2,000 KiB per database; DO SQLite allows no PRAGMA to change it) and",
  "the allocator's free lists. File-backed memory is the workerd binary and mapped files.",
];
const report = lines.join("\n");
console.log(report);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "results.md"), `${report}\n`);

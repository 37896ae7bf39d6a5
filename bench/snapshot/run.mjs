#!/usr/bin/env node
// `npm run bench:snapshot`: for each size (default 100,000 and 1,000,000 profiles) generates a
// snapshot, starts its own `wrangler dev` with a fresh temporary state, publishes the demo catalog,
// imports a 1,000-profile warm-up snapshot, measures /v1/decide, imports the big snapshot with the
// `edgewise` CLI (parts of 8 MB), and measures /v1/decide again. Reports profiles/s, wall time, the
// workerd processes' RSS (summed; before, sampled peak during the import, after) and decide p50/p99 before and after.
//
//   node bench/snapshot/run.mjs [--sizes 100000,1000000] [--decides 400] [--part-size 8]
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
const sizes = arg("sizes", "100000,1000000").split(",").map(Number);
const decides = Number(arg("decides", "400"));
const partSize = arg("part-size", "8");
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

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") * 1024, peak: kb("VmHWM") * 1024 };
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

/** Summed RSS of the workerd processes, sampled every 250 ms while `work` runs: its peak. */
async function samplePeak(pids, work) {
  const sum = () => pids.reduce((total, pid) => total + (() => { try { return memory(pid).rss; } catch { return 0; } })(), 0);
  let peak = sum();
  const timer = setInterval(() => (peak = Math.max(peak, sum())), 250);
  try {
    const result = await work();
    peak = Math.max(peak, sum());
    return { result, peak, end: sum() };
  } finally {
    clearInterval(timer);
  }
}

async function startEdge(port, state) {
  const child = spawn(
    process.execPath,
    [wranglerBin, "dev", "--ip", "127.0.0.1", "--port", String(port), "--local", "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "warn"],
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
    const child = spawn(process.execPath, [join(edgeDir, "bin/edgewise.mjs"), ...argv, "--edge", url, "--admin-key", ADMIN], { stdio: ["ignore", "pipe", "pipe"] });
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

async function measureDecides(url, count, population) {
  const times = [];
  for (let i = 0; i < count; i++) {
    // Distinct profiles, so every decision reads its row (no isolate cache hit).
    const id = profileId(Math.floor((i * 7919 + Date.now()) % population));
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

async function runSize(size, port) {
  const dir = mkdtempSync(join(tmpdir(), "edgewise-bench-"));
  const file = join(dir, "snapshot.ndjson");
  const warm = join(dir, "warmup.ndjson");
  log(`${size.toLocaleString("en")} profiles: generating`);
  const generated = await generate(file, size, `bench-${size}`);
  await generate(warm, 1000, "warmup");
  const { child, url } = await startEdge(port, join(dir, "state"));
  try {
    const pids = workerdPids(child.pid);
    await cli(url, "catalog", "publish", join(edgeDir, "demo/catalog.json"));
    await cli(url, "snapshot", "upload", warm);
    await measureDecides(url, 200, 1000); // warm-up
    const before = await measureDecides(url, decides, 1000);
    const rssBefore = pids.reduce((total, pid) => total + memory(pid).rss, 0);
    log(`importing ${(generated.bytes / 1e6).toFixed(0)} MB with the CLI (parts of ${partSize} MB)`);
    const started = performance.now();
    const sampled = await samplePeak(pids, () => cli(url, "snapshot", "upload", file, "--part-size", partSize));
    const seconds = (performance.now() - started) / 1000;
    await measureDecides(url, 200, size);
    const after = await measureDecides(url, decides, size);
    return {
      size,
      mb: generated.bytes / 1e6,
      seconds,
      rate: size / seconds,
      rssBefore,
      peak: sampled.peak,
      rssAfter: sampled.end,
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
for (const [i, size] of sizes.entries()) results.push(await runSize(size, 8900 + i));

const mb = (bytes) => (bytes === undefined ? "n/a" : `${(bytes / 1048576).toFixed(0)} MB`);
const ms = (value) => `${value.toFixed(1)} ms`;
const lines = [
  `Snapshot import under \`wrangler dev\` (${new Date().toISOString().slice(0, 10)}, ${process.platform}, node ${process.version}; parts of ${partSize} MB; ${decides} sequential decides each)`,
  "",
  "| profiles | file | wall time | profiles/s | workerd RSS before | workerd peak RSS during import | after | decide p50 before → after | decide p99 before → after |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...results.map(
    (r) =>
      `| ${r.size.toLocaleString("en")} | ${r.mb.toFixed(0)} MB | ${r.seconds.toFixed(1)} s | ${Math.round(r.rate).toLocaleString("en")} | ${mb(r.rssBefore)} | ${mb(r.peak)} | ${mb(r.rssAfter)} | ${ms(r.before.p50)} → ${ms(r.after.p50)} | ${ms(r.before.p99)} → ${ms(r.after.p99)} |`,
  ),
];
const report = lines.join("\n");
console.log(report);
writeFileSync(join(dirname(fileURLToPath(import.meta.url)), "results.md"), `${report}\n`);

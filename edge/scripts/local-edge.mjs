// Runs the real edge (`wrangler dev` on workerd) for tests and tools outside this package: the web
// SDK's browser tests and the demo's end-to-end tests start it through here, each with its own state.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const EDGE_DIR = fileURLToPath(new URL("..", import.meta.url));

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const wranglerBin = () => createRequire(join(EDGE_DIR, "package.json")).resolve("wrangler/bin/wrangler.js");

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], { cwd: EDGE_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(" ")} failed:\n${output}`))));
  });
}

/** The Worker's cron (wrangler.jsonc `triggers.crons`), fired locally through `wrangler dev --test-scheduled`. */
export const CRON = "* * * * *";

/**
 * Fires the scheduled handler as production's cron does, once now and then every `everyMs` (one
 * minute, like the cron): `wrangler dev` does not fire crons by itself. Returns a stop function.
 * @param {string} url the edge, started with `--test-scheduled`
 * @param {(error: unknown) => void} [onError]
 */
export function runCron(url, everyMs = 60_000, onError = () => undefined) {
  const fire = () => fetch(`${url}/__scheduled?cron=${encodeURIComponent(CRON)}`).then((r) => r.body?.cancel(), onError);
  void fire();
  const timer = setInterval(fire, everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Starts `wrangler dev --local` on a free loopback port with its state in a fresh temporary folder
 * (D1 migrations applied, `--test-scheduled` so `runCron` can fire the cron), and resolves once
 * `/v1/health` answers. `stop()` ends wrangler's whole process group and deletes the state.
 * `environment` runs a deployed environment's configuration (`--env`, with its `.dev.vars.<env>`),
 * `vars` adds variables and secrets (`--var NAME:value`).
 * @param {number} [timeoutMs]
 * @param {{ environment?: string, vars?: Record<string, string> }} [options]
 * @returns {Promise<{url: string, stop(): Promise<void>, log(): string}>}
 */
export async function startEdge(timeoutMs = 120_000, { environment, vars = {} } = {}) {
  const envArgs = environment ? ["--env", environment] : [];
  const state = await mkdtemp(join(tmpdir(), "edgewise-edge-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "" };
  await run(["d1", "migrations", "apply", "STATS_DB", "--local", "--persist-to", state, ...envArgs], env);
  const child = spawn(
    process.execPath,
    [wranglerBin(), "dev", "--ip", "127.0.0.1", "--port", String(port), "--local", "--persist-to", state, "--test-scheduled", "--show-interactive-dev-session=false", ...envArgs, ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`])],
    { cwd: EDGE_DIR, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        child.kill("SIGTERM");
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    await rm(state, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`wrangler dev exited (${child.exitCode}):\n${output}`);
    }
    try {
      const health = await fetch(`${url}/v1/health`);
      if (health.ok) break;
      // Up, and saying that it is not configured (a deployed environment without its secrets).
      if (health.status === 503 && (await health.json().catch(() => ({})))?.error?.code === "misconfigured") break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the edge did not answer on ${url} within ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, stop, log: () => output };
}

/**
 * The demo webhook receiver (demo/receiver.mjs, the docs' example) on a free port, checking
 * signatures with `secret` (the development one of .dev.vars by default). `log()`: what it printed
 * (one line per delivery it handled).
 */
export async function startDemoReceiver(secret = "demo-webhook-secret") {
  const port = await freePort();
  const child = spawn(process.execPath, [join(EDGE_DIR, "demo/receiver.mjs")], {
    env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: secret },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (await fetch(url, { method: "POST" }).then(() => true, () => false)) break;
    if (i > 200 || child.exitCode !== null) throw new Error("the demo receiver did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url, log: () => output, stop: () => void child.kill("SIGTERM") };
}

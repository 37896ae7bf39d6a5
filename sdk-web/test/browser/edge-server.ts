// Starts the real edge (`wrangler dev` on workerd) on a free port with its own fresh state, for the
// browser tests. Used by the vitest global setup and by scripts/measure.mjs.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const EDGE_DIR = fileURLToPath(new URL("../../../edge", import.meta.url));
export const CLIENT_KEY = "demo-client-key";
export const ADMIN_KEY = "demo-admin-key";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function wranglerBin(): string {
  return createRequire(join(EDGE_DIR, "package.json")).resolve("wrangler/bin/wrangler.js");
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wranglerBin(), ...args], { cwd: EDGE_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`wrangler ${args.join(" ")} failed:\n${output}`))));
  });
}

export interface RunningEdge {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

/** Starts `wrangler dev --local` with state in a temporary folder; resolves once `/v1/health` answers. */
export async function startEdge(timeoutMs = 120_000): Promise<RunningEdge> {
  const state = await mkdtemp(join(tmpdir(), "edgewise-sdk-web-edge-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "" };
  await run(["d1", "migrations", "apply", "STATS_DB", "--local", "--persist-to", state], env);
  const child: ChildProcess = spawn(
    process.execPath,
    [wranglerBin(), "dev", "--ip", "127.0.0.1", "--port", String(port), "--local", "--persist-to", state, "--show-interactive-dev-session=false"],
    { cwd: EDGE_DIR, env, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
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
      if ((await fetch(`${url}/v1/health`)).ok) break;
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

/** Admin calls for the tests: publish a catalog, import a snapshot, read a profile or the stats. */
export function admin(edgeUrl: string) {
  const auth = { authorization: `Bearer ${ADMIN_KEY}` };
  const json = async (response: Response) => {
    const text = await response.text();
    if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${text}`);
    return JSON.parse(text);
  };
  return {
    publish: (catalog: unknown) =>
      fetch(`${edgeUrl}/v1/admin/catalog`, { method: "PUT", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(catalog) }).then(json),
    importSnapshot: (lines: unknown[]) =>
      fetch(`${edgeUrl}/v1/admin/snapshots`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/x-ndjson" },
        body: lines.map((l) => JSON.stringify(l)).join("\n"),
      }).then(json),
    profile: (id: string) => fetch(`${edgeUrl}/v1/profile/${encodeURIComponent(id)}`, { headers: { "x-client-key": CLIENT_KEY } }).then(json),
    stats: () => fetch(`${edgeUrl}/v1/admin/stats`, { headers: auth }).then(json),
  };
}

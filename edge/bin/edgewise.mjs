#!/usr/bin/env node
// `edgewise` — the Edgewise admin CLI (see edge/README.md, "Snapshots and the CLI").
// The commands live in cli/core.ts (TypeScript, shared with the tests); this launcher bundles
// them with esbuild into a temporary module once per run (~0.1 s) and supplies Node's file system,
// fetch, environment and a progress bar on stderr.
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

async function loadCore() {
  const { build } = await import("esbuild");
  const result = await build({
    // The workspace packages from source (their `dist/` is what npm consumers get).
    conditions: ["@edgewise/source"],
    entryPoints: [join(here, "../cli/core.ts")],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    write: false,
    logLevel: "error",
  });
  const dir = mkdtempSync(join(tmpdir(), "edgewise-cli-"));
  const file = join(dir, "core.mjs");
  writeFileSync(file, result.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function progressBar() {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (done, total, detail) => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(ratio * width);
    const mb = (n) => (n / 1048576).toFixed(1);
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${mb(done)}/${mb(total)} MB ${detail}`;
    if (tty) process.stderr.write(`\r${line}\x1b[K${done >= total ? "\n" : ""}`);
    else process.stderr.write(`${line}\n`);
  };
}

const { runCli } = await loadCore();
const code = await runCli(process.argv.slice(2), {
  fetch: (url, init) => fetch(url, init),
  readText: async (file) => readFileSync(file, "utf8"),
  readLines: (file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity }),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  progress: progressBar(),
  env: process.env,
});
process.exitCode = code;

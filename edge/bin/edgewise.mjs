#!/usr/bin/env node
// `edgewise` — the Edgewise admin CLI (see edge/README.md, "The `edgewise` CLI").
// The commands live in cli/core.ts (TypeScript, shared with the tests), built ahead of time into
// dist/cli.mjs (`npm run build`); this launcher supplies Node's file system, fetch, environment and
// a progress bar on stderr. Exit codes: 0 done, 1 failed, 2 called wrongly.
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";

const bundle = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

async function loadCore() {
  if (!existsSync(bundle)) {
    // A checkout that was never built: build it once (npm run build does this).
    process.stderr.write("edgewise: building the CLI once (dist/cli.mjs)…\n");
    const { buildCli } = await import("../scripts/build-cli.mjs");
    await buildCli();
  }
  return import(pathToFileURL(bundle).href);
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
  fileSize: async (file) => statSync(file).size,
  env: process.env,
  version,
});
process.exitCode = code;

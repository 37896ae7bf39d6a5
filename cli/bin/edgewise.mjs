#!/usr/bin/env node
// `edgewise` — the Edgewise admin CLI (see README.md).
// The commands live in src/core.ts (TypeScript, shared with the tests), built ahead of time into
// dist/cli.mjs (`npm run build`, run by `npm pack`); this launcher supplies Node's file system, fetch, environment and
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
    const { buildCli } = await import("../scripts/build.mjs");
    await buildCli();
  }
  return import(pathToFileURL(bundle).href);
}

function progressBar() {
  let last = 0;
  const tty = process.stderr.isTTY;
  return (done, total, detail, unit = "bytes") => {
    const now = Date.now();
    if (unit === "steps") {
      // A few steps (a catalog's validation): one line each, no bar.
      if (done < total) process.stderr.write(`[${done + 1}/${total}] ${detail}\n`);
      return;
    }
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

// Builds the `edgewise` CLI ahead of time: src/core.ts with the engine and the edge domain's pure
// parsing it shares, bundled into one dependency-free dist/cli.mjs, which bin/edgewise.mjs loads
// (no bundling when the CLI starts; the published package needs nothing else).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export const CLI_BUNDLE = fileURLToPath(new URL("../dist/cli.mjs", import.meta.url));

export async function buildCli() {
  await build({
    // The workspace packages from source (their `dist/` is what npm consumers get).
    conditions: ["@edgewise/source"],
    entryPoints: [fileURLToPath(new URL("../src/core.ts", import.meta.url))],
    outfile: CLI_BUNDLE,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildCli();
  console.log(`edgewise CLI → dist/cli.mjs (${((performance.now() - started) / 1000).toFixed(2)} s)`);
}

// Builds the script-tag IIFE (dist/sdk.js, copied to edge/public/v1/sdk.js); the ESM modules and
// their declarations come from tsc (`npm run build`: ../scripts/build-package.mjs).
import { build } from "esbuild";
import { copyFile, mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { readFile } from "node:fs/promises";

const root = fileURLToPath(new URL("..", import.meta.url));
const edgeAsset = fileURLToPath(new URL("../../edge/public/v1/sdk.js", import.meta.url));
/** Browsers the builds run in unchanged (ES2020+ with optional chaining, nullish assignment). */
export const TARGET = ["chrome100", "firefox100", "safari15"];

export async function buildAll() {
  await rm(`${root}dist/sdk.js`, { force: true });
  await build({
    entryPoints: [`${root}src/auto.ts`],
    outfile: `${root}dist/sdk.js`,
    bundle: true,
    minify: true,
    format: "iife",
    target: TARGET,
    legalComments: "none",
    conditions: ["@edgewise/source"],
  });
  await mkdir(new URL(".", `file://${edgeAsset}`), { recursive: true });
  await copyFile(`${root}dist/sdk.js`, edgeAsset);
  const code = await readFile(`${root}dist/sdk.js`);
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped } = await buildAll();
  console.log(`sdk.js: ${(minified / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(2)} KB min+gzip → dist/ and edge/public/v1/sdk.js`);
}

#!/usr/bin/env node
// Builds the demo into the edge's static assets (edge/public/, served by wrangler's [assets]):
// the shop (index.html, products/, cart.html, shop/), the mobile demo (mobile/) and the console (console/).
// These paths are gitignored; `npm run build` at the root runs this after the web SDK's build.
import { build } from "esbuild";
import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { pages } from "../src/shop/pages.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const pub = fileURLToPath(new URL("../../edge/public/", import.meta.url));
const TARGET = ["chrome100", "firefox100", "safari15"];
const COMMON = { bundle: true, minify: true, format: "esm", target: TARGET, legalComments: "none", sourcemap: true, logLevel: "warning", conditions: ["@edgewise/source"] };

export async function buildDemo() {
  for (const dir of ["shop", "products", "mobile", "console"]) await rm(join(pub, dir), { recursive: true, force: true });
  for (const [path, html] of Object.entries(pages())) {
    await mkdir(dirname(join(pub, path)), { recursive: true });
    await writeFile(join(pub, path), html);
  }
  await build({ ...COMMON, entryPoints: [join(root, "src/shop/shop.ts")], outfile: join(pub, "shop/shop.js") });
  await build({ ...COMMON, entryPoints: [join(root, "src/mobile/main.ts")], outfile: join(pub, "mobile/mobile.js") });
  await buildConsole(join(pub, "console"));
  await copyFile(join(root, "src/shop/shop.css"), join(pub, "shop/shop.css"));
  await copyFile(join(root, "src/shop/welcome.svg"), join(pub, "shop/welcome.svg"));
  await copyFile(join(root, "src/mobile/index.html"), join(pub, "mobile/index.html"));
  await copyFile(join(root, "src/mobile/mobile.css"), join(pub, "mobile/mobile.css"));
}

/**
 * Builds the console into `out` (`edge/public/console/` for `npm start`; the size test builds it
 * into a directory of its own) and returns esbuild's metafiles of its builds, merged: which output
 * imports which, statically or with `import()`, and which sources each holds (paths relative to demo-app/).
 */
export async function buildConsole(out) {
  await mkdir(out, { recursive: true });
  const own = { ...COMMON, metafile: true, absWorkingDir: root };
  // The console splits: the catalog's code editor (CodeMirror) and the reports' charts (uPlot) are chunks loaded on first need.
  const main = await build({ ...own, entryPoints: { console: join(root, "src/console/main.tsx") }, outdir: out, splitting: true, chunkNames: "chunks/[name]-[hash]", jsx: "automatic", jsxImportSource: "preact" });
  // The mobile SDK's WebView renderer for app message previews, imported by URL with the first one.
  // A file of its own (with its own copy of the engine's URL policy) rather than a chunk: a chunk
  // sharing that with console.js would move the engine out of console.js into a shared chunk, and
  // the split alone costs the first load about 3 KB gzip.
  const app = await build({ ...own, entryPoints: { "catalog-preview-app": join(root, "src/console/catalog-preview-app.ts") }, outdir: out });
  // The catalog preview's frame script: classic (not a module), so its sandboxed frame loads it without CORS.
  const frame = await build({ ...own, format: "iife", entryPoints: { "catalog-preview": join(root, "src/console/catalog-preview-frame.ts") }, outdir: out });
  await copyFile(join(root, "src/console/index.html"), join(out, "index.html"));
  await copyFile(join(root, "src/console/console.css"), join(out, "console.css"));
  return { inputs: { ...main.metafile.inputs, ...app.metafile.inputs, ...frame.metafile.inputs }, outputs: { ...main.metafile.outputs, ...app.metafile.outputs, ...frame.metafile.outputs } };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDemo();
  console.log("demo-app → edge/public/ (index.html, cart.html, products/, shop/, mobile/, console/)");
}

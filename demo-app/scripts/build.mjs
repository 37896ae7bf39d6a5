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

export async function buildDemo() {
  for (const dir of ["shop", "products", "mobile", "console"]) await rm(join(pub, dir), { recursive: true, force: true });
  for (const [path, html] of Object.entries(pages())) {
    await mkdir(dirname(join(pub, path)), { recursive: true });
    await writeFile(join(pub, path), html);
  }
  const common = { bundle: true, minify: true, format: "esm", target: TARGET, legalComments: "none", sourcemap: true, logLevel: "warning", conditions: ["@edgewise/source"] };
  await build({ ...common, entryPoints: [join(root, "src/shop/shop.ts")], outfile: join(pub, "shop/shop.js") });
  await build({ ...common, entryPoints: [join(root, "src/mobile/main.ts")], outfile: join(pub, "mobile/mobile.js") });
  // The console splits: the catalog's code editor (CodeMirror) is a chunk loaded on first need.
  await build({ ...common, entryPoints: { console: join(root, "src/console/main.tsx") }, outdir: join(pub, "console"), splitting: true, chunkNames: "chunks/[name]-[hash]", jsx: "automatic", jsxImportSource: "preact" });
  // The catalog preview's frame script: classic (not a module), so its sandboxed frame loads it without CORS.
  await build({ ...common, format: "iife", entryPoints: [join(root, "src/console/catalog-preview-frame.ts")], outfile: join(pub, "console/catalog-preview.js") });
  await copyFile(join(root, "src/shop/shop.css"), join(pub, "shop/shop.css"));
  await copyFile(join(root, "src/shop/welcome.svg"), join(pub, "shop/welcome.svg"));
  await copyFile(join(root, "src/mobile/index.html"), join(pub, "mobile/index.html"));
  await copyFile(join(root, "src/mobile/mobile.css"), join(pub, "mobile/mobile.css"));
  await copyFile(join(root, "src/console/index.html"), join(pub, "console/index.html"));
  await copyFile(join(root, "src/console/console.css"), join(pub, "console/console.css"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildDemo();
  console.log("demo-app → edge/public/ (index.html, cart.html, products/, shop/, mobile/, console/)");
}

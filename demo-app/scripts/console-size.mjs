#!/usr/bin/env node
// The console's first load: the JavaScript and CSS that /console/index.html makes the browser fetch
// before anything is asked for (its scripts, module preloads and stylesheets, and every chunk those
// scripts import statically), each gzip -9, from a fresh build with the production options
// (`buildConsole`, into a directory of its own). The build's other scripts (chunks reached only
// through `import()`, the preview frames' script, the app renderer) load later, when needed.
// `node scripts/console-size.mjs` prints the table; test/console-size.test.ts holds the budget.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { buildConsole } from "./build.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The URLs an HTML page loads eagerly as JavaScript or CSS: `<script src>`, and `<link href>` with
 * `rel` stylesheet or modulepreload (icons and the like are not counted).
 *
 * @param {string} html
 * @returns {string[]}
 * @example eagerAssets('<link rel="stylesheet" href="/a.css"><script type="module" src="/a.js"></script>') // ["/a.css", "/a.js"]
 */
export function eagerAssets(html) {
  const attribute = (tag, name) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(tag)?.slice(1).find((v) => v !== undefined);
  const urls = [];
  for (const [tag, name] of html.matchAll(/<(script|link)\b[^>]*>/gi)) {
    if (name.toLowerCase() === "script") {
      const src = attribute(tag, "src");
      if (src) urls.push(src);
    } else {
      const rel = (attribute(tag, "rel") ?? "").toLowerCase().split(/\s+/);
      const href = attribute(tag, "href");
      if (href && (rel.includes("stylesheet") || rel.includes("modulepreload"))) urls.push(href);
    }
  }
  return urls;
}

/**
 * Builds the console and measures it.
 *
 * @returns {Promise<{ firstLoad: Asset[], lazy: Asset[], total: number }>} `total`: the first load's
 *   gzip bytes; `lazy`: the build's other scripts; each asset's `sources` are the build's inputs in
 *   it (paths relative to demo-app/).
 * @typedef {{ file: string, bytes: number, gzip: number, sources: string[] }} Asset
 */
export async function measureConsole() {
  const out = await mkdtemp(join(tmpdir(), "edgewise-console-size-"));
  try {
    const metafile = await buildConsole(out);
    const outputs = new Map(Object.entries(metafile.outputs).map(([path, output]) => [resolve(root, path), output]));
    const asset = async (path) => {
      const code = await readFile(path);
      return { file: relative(out, path), bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, sources: Object.keys(outputs.get(path)?.inputs ?? {}) };
    };
    const eager = new Set();
    const visit = async (path) => {
      if (eager.has(path)) return;
      eager.add(path);
      if (path.endsWith(".css") && /@import\b/.test(await readFile(path, "utf8"))) throw new Error(`${relative(out, path)} has an @import: count what it imports here`);
      for (const { path: imported, kind } of outputs.get(path)?.imports ?? []) if (kind === "import-statement") await visit(resolve(root, imported));
    };
    for (const url of eagerAssets(await readFile(join(out, "index.html"), "utf8"))) {
      if (!url.startsWith("/console/")) throw new Error(`index.html loads ${url}, outside /console/: measure it too`);
      await visit(join(out, url.slice("/console/".length)));
    }
    // Later: every other script of the build (chunks behind `import()`, the preview frames' script, the app renderer).
    const later = [...outputs.keys()].filter((path) => path.endsWith(".js") && !eager.has(path));
    const firstLoad = await Promise.all([...eager].map(asset));
    return { firstLoad, lazy: await Promise.all(later.map(asset)), total: firstLoad.reduce((sum, a) => sum + a.gzip, 0) };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { firstLoad, lazy, total } = await measureConsole();
  const row = (a) => `${a.file.padEnd(40)} ${String(a.bytes).padStart(9)} B ${String(a.gzip).padStart(9)} B gzip`;
  console.log("first load (index.html's scripts and stylesheets, and their static imports):");
  for (const a of firstLoad) console.log(`  ${row(a)}`);
  console.log(`  ${"total".padEnd(40)} ${String(firstLoad.reduce((s, a) => s + a.bytes, 0)).padStart(9)} B ${String(total).padStart(9)} B gzip`);
  console.log("loaded later (import(), the preview frames' script, the app renderer):");
  for (const a of lazy) console.log(`  ${row(a)}`);
}

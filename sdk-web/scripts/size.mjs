// Measures what a user actually loads: each entry bundled, minified and gzipped (level 9).
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The entries with a size budget (bytes, min+gzip): `target` is issue #5's budget, `ceiling` what the
 * tests enforce until the target is met (a guard against growth, not the goal; what the SDK imports
 * of the engine is 13.1 KB today — its matcher that cannot backtrack included — so neither target can be met before it shrinks).
 */
export const BUDGETS = {
  /**
   * The script-tag build: everything, renderer included. Target: issue #16's 20 KB for the whole SDK
   * with the engine. 27.75: the core split into parts with one job each (sdk-core) costs 0.45 KB,
   * mostly the parts' method names, which minifiers keep.
   */
  "script tag (auto.ts)": { entry: "src/auto.ts", target: 20 * 1024, ceiling: 27.75 * 1024 },
  /** The client core with the browser adapters, no renderer: what `createCore` + platform cost. */
  /** 18.375: the engine's one evaluation context (`profileInput`) and sdk-core's parts (+0.45 KB). */
  "core without renderer": { entry: "src/size/core-web.ts", target: 9 * 1024, ceiling: 18.375 * 1024 },
};

/**
 * What the SDK itself adds on top of the engine (whose own budget is checked in decision-engine/):
 * a guard that holds whatever the engine weighs.
 */
export const OVERHEAD_BUDGETS = {
  "script tag (auto.ts)": 14.5 * 1024,
  "core without renderer": 5.125 * 1024,
};

export const ENGINE = { contents: 'export { channelOf, compileDeviceRuleset, decide, profileInput, safeUrl } from "@edgewise/decision-engine";' };

/** Bundles `entry` (a path, or `{contents}` source) like the builds do; returns its sizes. */
export async function measure(entry) {
  const input = typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: root, loader: "ts" } };
  const result = await build({
    // The workspace packages from source (their `dist/` is what npm consumers get).
    conditions: ["@edgewise/source"],
    ...input,
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2022",
    write: false,
    legalComments: "none",
    metafile: true,
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, code, metafile: result.metafile };
}

/** A table of every budgeted entry, plus the engine alone for comparison. */
export async function report() {
  const rows = [];
  const engine = await measure(ENGINE);
  for (const [name, { entry, target: budget }] of Object.entries(BUDGETS)) {
    const { minified, gzipped } = await measure(entry);
    rows.push({ name, minified, gzipped, budget, overhead: gzipped - engine.gzipped, overheadBudget: OVERHEAD_BUDGETS[name] });
  }
  rows.push({ name: "engine (what the SDK imports from it)", minified: engine.minified, gzipped: engine.gzipped });
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2]) {
    const { minified, gzipped } = await measure(process.argv[2].endsWith(".ts") ? process.argv[2] : { contents: process.argv[2] });
    console.log(`${minified} B minified, ${gzipped} B min+gzip`);
  } else {
    for (const r of await report()) {
      const overhead = r.overhead === undefined ? "" : `; beyond the engine ${(r.overhead / 1024).toFixed(2)} KB (guard ${r.overheadBudget / 1024} KB)`;
      console.log(`${r.name}: ${(r.minified / 1024).toFixed(1)} KB min, ${(r.gzipped / 1024).toFixed(2)} KB min+gzip${r.budget ? ` (target ${r.budget / 1024} KB${r.gzipped > r.budget ? ", not met" : ""})` : ""}${overhead}`);
    }
  }
}

// Measures what a user actually loads: each entry bundled, minified and gzipped (level 9).
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { buildScriptTag, sizes } from "./build.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * The entries with a size budget (bytes, min+gzip): `target` is the issue's budget, `ceiling` what
 * the tests enforce (the target where it is met; otherwise a guard against growth, not the goal).
 */
export const BUDGETS = {
  /**
   * What a page in edge mode downloads before its first placement renders: `sdk.js` alone (the
   * engine and the message renderer are chunks loaded on first need). Issue #16's target: 10 KB.
   */
  "script tag, first render in edge mode (sdk.js)": { script: "sdk", target: 10 * 1024, ceiling: 10 * 1024 },
  /**
   * The whole script tag: sdk.js and both chunks. Issue #16's target: 20 KB, not met: the engine
   * chunk alone is 13 KB (the rule language 6.4 KB of it, see the root README). 27.75 KB as one file
   * before the split; the chunks repeat about 2 KB (the URL policy, sdk-core helpers). 30 → 32 KB:
   * experiments and the holdout decided on the device (issue #18, +1.1 KB in the engine chunk).
   */
  "script tag, everything (sdk.js + engine + messages chunks)": { script: "total", target: 20 * 1024, ceiling: 32 * 1024 },
  /** The preview overlay (a preview link's page only, issue #21): its own chunk, so visitors never load it. */
  "script tag, preview chunk (preview links only)": { script: "preview", target: 1.5 * 1024, ceiling: 1.5 * 1024 },
  /** The client core with the browser adapters, no renderer, the engine bundled in: what `createCore` + platform cost to an ESM app that does not split code. */
  /**
   * 19.5: the engine's one evaluation context (`profileInput`), sdk-core's parts (+0.45 KB), and the
   * engine loaded by `import()`, which a bundle that does not split code inlines with lazy-module
   * wrappers (+0.9 KB; a splitting bundler puts it in a chunk of its own instead). 21: experiments
   * and the holdout in the engine (issue #18, +1.1 KB).
   */
  "core without renderer": { entry: "src/size/core-web.ts", target: 9 * 1024, ceiling: 21 * 1024 },
};

/**
 * What the SDK itself adds on top of the engine (whose own budget is checked in decision-engine/):
 * a guard that holds whatever the engine weighs. 6 → 6.25 KB: experiments' exposures (a display
 * names the experiment, variant and holdout group; a variant that shows nothing is exposed when
 * decided: issue #18, +0.03 KB).
 */
export const OVERHEAD_BUDGETS = {
  "core without renderer": 6.25 * 1024,
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

let scriptTag;
/** A budget row's sizes: a script-tag file (built as `npm run build` builds it) or an esbuild entry. */
export async function sizeOf({ entry, script }) {
  if (!script) return measure(entry);
  scriptTag ??= buildScriptTag();
  const built = await scriptTag;
  return { ...sizes(built)[script], code: script === "total" ? Buffer.concat(Object.values(built).map((f) => f.code)) : built[script].code };
}

/** A table of every budgeted entry, plus the engine alone for comparison. */
export async function report() {
  const rows = [];
  const engine = await measure(ENGINE);
  for (const [name, row] of Object.entries(BUDGETS)) {
    const budget = row.target;
    const { minified, gzipped } = await sizeOf(row);
    rows.push({ name, minified, gzipped, budget, ...(OVERHEAD_BUDGETS[name] ? { overhead: gzipped - engine.gzipped, overheadBudget: OVERHEAD_BUDGETS[name] } : {}) });
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

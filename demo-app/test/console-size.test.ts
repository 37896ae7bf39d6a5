// The console's first load (issue #21): what /console/index.html loads before anything is asked
// for — its scripts and stylesheets and every chunk they import statically — measured gzip -9 on a
// fresh production build (scripts/console-size.mjs), under a budget; and the heavy parts (CodeMirror,
// uPlot, the mobile SDK's WebView renderer) outside it, loaded when a view first needs them.
import { beforeAll, describe, expect, it } from "vitest";
import { eagerAssets, measureConsole } from "../scripts/console-size.mjs";

/**
 * The ceiling, bytes of the first load gzipped at level 9 (zlib, as the SDKs' size scripts).
 * Measured 65,437 B (console.js 58,627, console.css 4,652, the JSON locator's chunk 2,158) once the
 * app message previews were added, 63.7 KB before them; console.js alone was 31 KB before the
 * catalog editor, reports and snapshots views and 56 KB with them. The ceiling leaves 2.5 KB (4 %):
 * growing past it is a decision to make (a lazy chunk, or a new budget written here), not a drift.
 */
const BUDGET = 68_000;

/** Sources that must never be in the first load: CodeMirror (and its own dependencies), uPlot, the mobile SDK's renderer. */
const LAZY = [/node_modules\/(@codemirror|codemirror|@lezer|style-mod|w3c-keyname|crelt)\//, /node_modules\/uplot\//, /sdk-mobile\/src\/render\//];

let measured: Awaited<ReturnType<typeof measureConsole>>;

describe("the console's first load (esbuild, minified; gzip -9)", () => {
  beforeAll(async () => {
    measured = await measureConsole();
    for (const a of measured.firstLoad) console.log(`first load: ${a.file} ${a.bytes} B, ${a.gzip} B gzip`);
    for (const a of measured.lazy) console.log(`later: ${a.file} ${a.bytes} B, ${a.gzip} B gzip`);
    console.log(`first load: ${measured.total} B gzip (budget ${BUDGET} B)`);
  }, 60_000);

  it("reads what index.html loads eagerly: scripts, module preloads and stylesheets, not icons", () => {
    expect(eagerAssets(`<link rel="icon" href="/favicon.svg"><link rel="stylesheet" href="/console/console.css"><link href='/console/x.js' rel="modulepreload"><script type="module" src=/console/console.js></script><script>inline()</script>`)).toEqual(["/console/console.css", "/console/x.js", "/console/console.js"]);
    expect(measured.firstLoad.map((a) => a.file)).toEqual(expect.arrayContaining(["console.css", "console.js"]));
  });

  it(`stays under ${BUDGET} B gzip`, () => {
    expect(measured.total).toBe(measured.firstLoad.reduce((sum, a) => sum + a.gzip, 0));
    expect(measured.total).toBeLessThanOrEqual(BUDGET);
  });

  it("loads CodeMirror, uPlot and the mobile SDK's renderer later, never in the first load", () => {
    for (const asset of measured.firstLoad) {
      const eager = asset.sources.filter((source) => LAZY.some((pattern) => pattern.test(source)));
      expect(eager, `${asset.file} is loaded first and holds`).toEqual([]);
    }
    // They are built, each in a file of the later ones (so the check above is not vacuous).
    for (const pattern of LAZY) expect(measured.lazy.some((asset) => asset.sources.some((source) => pattern.test(source))), String(pattern)).toBe(true);
    const editor = measured.lazy.find((a) => a.sources.some((s) => s.includes("@codemirror/view")))!;
    expect(editor.file).toMatch(/^chunks\/catalog-editor-/);
    expect(measured.lazy.find((a) => a.sources.some((s) => s.includes("sdk-mobile/src/render/html.ts")))!.file).toBe("catalog-preview-app.js");
  });
});

import { build } from "esbuild";
import { readFile } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBrowser, launch, servePages } from "./harness.ts";

const FIXTURES = new URL("../../../decision-engine/test/fixtures/decisions.json", import.meta.url);

interface Case {
  name: string;
  catalog: unknown;
  input: unknown;
  expected: unknown;
}

/**
 * The engine's shared decision fixtures, run in Chromium (the engine bundled by esbuild, as the SDK bundles it):
 * the browser must decide exactly as Node (and workerd) do.
 */
describe.skipIf(!hasBrowser)("decision fixtures in Chromium", () => {
  let browser: Browser;
  let site: Awaited<ReturnType<typeof servePages>>;
  let results: { name: string; actual: unknown }[];
  let cases: Case[];
  /** `count` in decisions.json: the one number to change when a case is added or removed. */
  let count: number;

  beforeAll(async () => {
    ({ cases, count } = JSON.parse(await readFile(FIXTURES, "utf8")));
    const bundle = await build({
      // The workspace packages from source (their `dist/` is what npm consumers get).
      conditions: ["@edgewise/source"],
      stdin: { contents: 'import { compileCatalog, decide } from "@edgewise/decision-engine"; window.engine = { compileCatalog, decide };', resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      format: "iife",
      minify: true,
      write: false,
    });
    site = await servePages();
    site.set("/", `<!doctype html><script>${bundle.outputFiles[0]!.text.replace(/<\/script/g, "<\\/script")}</script>`);
    browser = await launch();
    const page = await browser.newPage();
    await page.goto(site.url);
    results = await page.evaluate((all) => {
      const { compileCatalog, decide } = (window as any).engine;
      return all.map((c: Case) => ({ name: c.name, actual: JSON.parse(JSON.stringify(decide(compileCatalog(c.catalog), c.input))) }));
    }, cases);
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
  });

  it("has exactly `count` cases and ran every one of them in the page", () => {
    expect(cases.length).toBe(count);
    expect(results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
    expect(new Set(results.map((r) => r.name)).size).toBe(count);
  });

  it("gives the expected decision for every case", () => {
    const mismatches = cases.filter((c, i) => JSON.stringify(results[i]!.actual) !== JSON.stringify(c.expected)).map((c) => c.name);
    expect(mismatches).toEqual([]);
    for (const [i, c] of cases.entries()) expect(results[i]!.actual, c.name).toEqual(c.expected);
  });
});

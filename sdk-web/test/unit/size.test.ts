import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { BUDGETS, ENGINE, measure, OVERHEAD_BUDGETS, report, sizeOf } from "../../scripts/size.mjs";

const SRC = new URL("../../src/", import.meta.url);

describe("size budgets (esbuild bundle + minify + gzip -9)", () => {
  it.each(Object.entries(BUDGETS))("%s stays under its ceiling (the target is reported)", async (name, row) => {
    const { target, ceiling } = row;
    const { gzipped } = await sizeOf(row);
    console.log(`${name}: ${gzipped} B min+gzip; target ${target} B ${gzipped <= target ? "met" : "not met"}, ceiling ${ceiling} B`);
    expect(gzipped).toBeLessThanOrEqual(ceiling);
  });

  it.each(Object.entries(OVERHEAD_BUDGETS))("%s: what the SDK adds beyond the engine", async (name, budget) => {
    const [{ gzipped }, engine] = await Promise.all([sizeOf(BUDGETS[name]!), measure(ENGINE)]);
    expect(gzipped - engine.gzipped).toBeLessThanOrEqual(budget);
  });

  it("prints the table", async () => {
    for (const row of await report()) {
      console.log(`${row.name}: ${row.minified} B min, ${row.gzipped} B min+gzip${row.budget ? ` (budget ${row.budget} B)` : ""}`);
    }
  });

  it("the builds contain no eval or new Function", async () => {
    for (const row of Object.values(BUDGETS)) {
      const text = new TextDecoder().decode((await sizeOf(row)).code);
      expect(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(/.test(text)).toBe(false);
    }
  });

  it("the SDK's own code never writes HTML strings into the page", async () => {
    const files = (await readdir(SRC, { recursive: true })).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const text = await readFile(new URL(file, SRC), "utf8");
      expect(/innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|createContextualFragment/.test(text), file).toBe(false);
    }
  });

  it("importing the ESM entry has no side effects (esbuild drops it entirely when unused)", async () => {
    for (const entry of ['import "./src/index.ts";', 'import "@edgewise/sdk-core";']) {
      expect((await measure({ contents: entry })).minified).toBe(0);
    }
  });
});

import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { browserSuite, hasBrowser } from "./harness.ts";

const RUNS = 15;
/**
 * The product target: a placement rendered under 50 ms after the script starts, in local mode from
 * cache. Measured on a shared 2-core machine (7 runs of this test): medians 13.6–20.4 ms, maxima
 * 28.8–70.6 ms; the median is what is held to the target (a single load can stall on a busy machine).
 */
const TARGET_MS = 50;

/**
 * Time from the script tag's start (`performance.mark("edgewise:start")`) to a placement rendered,
 * in `local` mode with the ruleset and profile cached in IndexedDB (every load after the first).
 * Written to dist/timing.json for the README.
 */
describe.skipIf(!hasBrowser)("time to render a placement in local mode from cache", () => {
  const s = browserSuite({ snapshot: true, perTest: false });

  it(`is measured over ${RUNS} warm loads`, async () => {
    s.site.set("/timing", {
      head: "<script>document.addEventListener('edgewise:render', () => { window.renderedAt = performance.now(); }, { once: true });</script>",
      body: '<div data-edgewise-placement="home-hero"><h2>Default</h2></div>',
      attrs: 'data-mode="local" data-profile-id="u-vip"',
    });
    const page = await (await s.browser.newContext()).newPage();
    await page.goto(`${s.site.url}/timing`);
    await page.waitForSelector("h2.vip");
    const samples: { sdk: number; page: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.reload();
      await page.waitForFunction(() => (window as any).renderedAt);
      expect(await page.textContent("h2")).toBe("Olá Ana");
      samples.push(
        await page.evaluate(() => {
          const start = performance.getEntriesByName("edgewise:start")[0]!.startTime;
          const at = (window as any).renderedAt as number;
          return { sdk: at - start, page: at };
        }),
      );
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const result = { runs: RUNS, medianFromScriptStartMs: +median(samples.map((s) => s.sdk)).toFixed(1), medianFromNavigationMs: +median(samples.map((s) => s.page)).toFixed(1), maxFromScriptStartMs: +Math.max(...samples.map((s) => s.sdk)).toFixed(1) };
    const seen = `median ${result.medianFromScriptStartMs} ms, max ${result.maxFromScriptStartMs} ms from script start over ${RUNS} warm loads`;
    console.log(`local mode, from cache: ${seen} (target: median under ${TARGET_MS} ms) ${JSON.stringify(result)}`);
    await writeFile(new URL("../../dist/timing.json", import.meta.url), JSON.stringify(result, null, 2));
    expect(result.medianFromScriptStartMs, seen).toBeLessThan(TARGET_MS);
  });
});

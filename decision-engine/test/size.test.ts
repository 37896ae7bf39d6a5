import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM build script without types
import { measureSize } from "../scripts/size.mjs";

const BUDGET = 6 * 1024;

describe("size budget", () => {
  it(`the whole engine is at most ${BUDGET / 1024} KB min+gzip`, async () => {
    const { gzipped, minified } = (await measureSize()) as { gzipped: number; minified: number };
    console.log(`decision-engine: ${minified} B minified, ${gzipped} B min+gzip (budget ${BUDGET} B)`);
    expect(gzipped).toBeLessThanOrEqual(BUDGET);
  });

  it("the bundle contains no eval, new Function or source generation", async () => {
    const { code } = (await measureSize()) as { code: Uint8Array };
    const text = new TextDecoder().decode(code);
    expect(text).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(/);
  });
});

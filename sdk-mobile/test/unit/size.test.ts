import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;

/** esbuild bundle + minify, gzip -9: what an app's bundle gains (React, React Native and AsyncStorage are the app's). */
async function measure(contents: string) {
  const result = await build({
    // The workspace packages from source (their `dist/` is what npm consumers get).
    conditions: ["@edgewise/source"],
    stdin: { contents, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    minify: true,
    format: "esm",
    write: false,
    external: ["react", "react-native", "@react-native-async-storage/async-storage"],
  });
  const code = result.outputFiles[0]!.contents;
  return { code: new TextDecoder().decode(code), gzipped: gzipSync(code, { level: 9 }).length };
}

describe("size (esbuild bundle + minify + gzip -9)", () => {
  // 8 KB: 6 KB before the React bindings (provider, hooks, message host: 0.9 KB), 6.9 KB before
  // the preview overlay (<EdgewisePreview/>, the preview watch and report, preview links: 0.75 KB).
  it("the React Native entry adds at most 8 KB to the shared client core, and contains no eval or new Function", async () => {
    const [entry, core] = await Promise.all([measure('export * from "./src/react-native.ts";'), measure('export { createCore } from "@edgewise/sdk-core";')]);
    console.log(`react-native entry: ${entry.gzipped} B; shared core with the engine: ${core.gzipped} B; the mobile SDK's own: ${entry.gzipped - core.gzipped} B`);
    expect(entry.gzipped - core.gzipped).toBeLessThanOrEqual(8 * 1024);
    expect(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(/.test(entry.code)).toBe(false);
  });
});

// Measures what a user of the engine actually loads: the whole public API bundled, minified, gzipped.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const ENTRY = fileURLToPath(new URL("../src/index.ts", import.meta.url));

/** What the SDKs import: the device compile path, without the catalog validation. */
export const DEVICE = { contents: 'export { compileDeviceRuleset, decide, safeUrl, withRealtimeAudiences } from "./index.ts";' };

/** Bundles and minifies the engine (or `{contents}` importing from it); returns its minified and min+gzip sizes in bytes. */
export async function measureSize(entry = ENTRY) {
  const input = typeof entry === "string" ? { entryPoints: [entry] } : { stdin: { contents: entry.contents, resolveDir: fileURLToPath(new URL("../src/", import.meta.url)), loader: "ts" } };
  const result = await build({
    ...input,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    legalComments: "none",
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length, code };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { minified, gzipped } = await measureSize();
  console.log(`@edgewise/decision-engine: ${(minified / 1024).toFixed(1)} KB minified, ${(gzipped / 1024).toFixed(2)} KB min+gzip`);
}

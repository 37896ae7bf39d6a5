// Measures what a user of the engine actually loads: the whole public API bundled, minified, gzipped.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

export const ENTRY = fileURLToPath(new URL("../src/index.ts", import.meta.url));

/** Bundles and minifies the engine; returns its minified and min+gzip sizes in bytes. */
export async function measureSize(entry = ENTRY) {
  const result = await build({
    entryPoints: [entry],
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

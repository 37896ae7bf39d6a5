// Size of each part of the engine, min+gzip, each bundled alone with the other parts left out
// (marked external). Helps keep each part within its share of the engine's 6 KB budget.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const PARTS = {
  "rules (compiler + operators)": { entry: "rules/compiler.ts", external: [/extensions\//] },
  "extensions (+ hash, time)": { entry: "rules/extensions/index.ts", external: [/operators\//, /rules\/(errors|types)/, /time\/instant/] },
  "template": { entry: "template/index.ts", external: [/time\/instant/] },
  "decide + catalog": { entry: "index.ts", external: [/rules\//, /template\//, /\/extensions\//] },
};

function externalize(patterns) {
  return {
    name: "externalize",
    setup(b) {
      b.onResolve({ filter: /^\./ }, (args) => {
        const resolved = new URL(args.path, `file://${args.resolveDir}/`).pathname;
        if (args.kind !== "entry-point" && patterns.some((p) => p.test(resolved))) return { path: resolved, external: true };
        return undefined;
      });
    },
  };
}

for (const [name, { entry, external }] of Object.entries(PARTS)) {
  const result = await build({
    entryPoints: [src + entry], bundle: true, minify: true, format: "esm", platform: "neutral",
    target: "es2022", write: false, legalComments: "none", plugins: [externalize(external)],
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name.padEnd(30)} ${String(code.length).padStart(7)} B min  ${String(gzipSync(code, { level: 9 }).length).padStart(6)} B min+gzip`);
}

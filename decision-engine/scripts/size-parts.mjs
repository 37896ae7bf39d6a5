// Size of each part of the engine, min+gzip, each bundled alone with the other parts left out
// (marked external), then the rule language alone (compiler, operators and extensions, what
// `compileRule` needs) as shipped and with every string literal longer than 12 characters (error
// messages) blanked: a floor for any engine with this rule language, against the 6 KB budget.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { DEVICE } from "./size.mjs";

const src = fileURLToPath(new URL("../src/", import.meta.url));
const PARTS = {
  "rules (compiler + operators)": { entry: "rules/compiler.ts", external: [/extensions\//] },
  "extensions (+ hash, time)": { entry: "rules/extensions/index.ts", external: [/operators\//, /rules\/(errors|types)/, /time\/instant/] },
  "template": { entry: "template/index.ts", external: [/time\/instant/] },
  "decide + catalog": { entry: "index.ts", external: [/rules\//, /template\//, /\/extensions\//] },
  // What the SDKs import: `compileDeviceRuleset` leaves the catalog validation (./decide/validation.ts) out.
  "decide + device compile": { contents: DEVICE.contents, external: [/rules\//, /template\//, /\/extensions\//] },
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

for (const [name, { entry, contents, external }] of Object.entries(PARTS)) {
  const result = await build({
    ...(contents ? { stdin: { contents, resolveDir: src, loader: "ts" } } : { entryPoints: [src + entry] }), bundle: true, minify: true, format: "esm", platform: "neutral",
    target: "es2022", write: false, legalComments: "none", plugins: [externalize(external)],
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name.padEnd(30)} ${String(code.length).padStart(7)} B min  ${String(gzipSync(code, { level: 9 }).length).padStart(6)} B min+gzip`);
}

const rules = await build({
  stdin: { contents: 'export { applyRule, compileRule } from "./rules/compiler.ts";', resolveDir: src, loader: "ts" },
  bundle: true, minify: true, format: "esm", platform: "neutral", target: "es2022", write: false, legalComments: "none",
});
const text = rules.outputFiles[0].text;
const blanked = text.replace(/"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (s) => (s.length > 12 ? '""' : s));
const gz = (t) => gzipSync(t, { level: 9 }).length;
console.log(`${"rule language alone".padEnd(30)} ${String(text.length).padStart(7)} B min  ${String(gz(text)).padStart(6)} B min+gzip`);
console.log(`${"  … its messages blanked".padEnd(30)} ${String(blanked.length).padStart(7)} B min  ${String(gz(blanked)).padStart(6)} B min+gzip`);

// Builds one public package for npm: ESM JavaScript, `.d.ts` and source maps from `src/` into
// `dist/` with the TypeScript compiler (`tsconfig.build.json` in the package; relative `.ts`
// imports rewritten to `.js`, in the declarations too). Usage: node ../scripts/build-package.mjs
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const dir = process.cwd();
const started = performance.now();
rmSync(join(dir, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: dir, stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);

// tsc rewrites `./x.ts` to `./x.js` in JavaScript only; declarations keep `.ts`, which strict
// consumers (moduleResolution node16) cannot follow to the shipped `.d.ts`.
let files = 0;
for (const entry of readdirSync(join(dir, "dist"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith(".d.ts")) continue;
  const path = join(entry.parentPath, entry.name);
  const text = readFileSync(path, "utf8");
  const fixed = text.replace(/(from\s+|import\s*\(\s*|import\s+)(["'])(\.{1,2}\/[^"']+)\.ts\2/g, "$1$2$3.js$2");
  if (fixed !== text) writeFileSync(path, fixed);
  files++;
}
const name = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name;
console.log(`${name}: dist/ built by tsc (${files} declaration files) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

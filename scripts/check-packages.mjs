// `npm run check:packages`: publint (strict: warnings fail) on each public package and
// arethetypeswrong on its `npm pack` tarball (profile esm-only: the packages are ESM, so
// CommonJS `require` and node10 resolution are not supported, by design). Part of `npm test`.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packAll, ROOT } from "./pack-packages.mjs";

const dest = mkdtempSync(join(tmpdir(), "edgewise-pack-"));
const bin = (name) => join(ROOT, "node_modules", ".bin", name);
let failed = 0;
try {
  for (const pkg of packAll(dest)) {
    const tools = [
      ["publint", [bin("publint"), "--strict", join(ROOT, pkg.dir)]],
      // sdk.js is the script tag's file (a classic script, not a module): nothing imports it.
      ["attw", [bin("attw"), pkg.tarball, "--profile", "esm-only", "--format", "ascii", ...(pkg.dir === "sdk-web" ? ["--exclude-entrypoints", "./sdk.js"] : [])]],
    ];
    // The CLI is a bin with nothing to import: no types for arethetypeswrong to check.
    for (const [tool, args] of pkg.dir === "cli" ? tools.slice(0, 1) : tools) {
      try {
        execFileSync(args[0], args.slice(1), { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        console.log(`${pkg.name}: ${tool} ok`);
      } catch (error) {
        failed++;
        console.error(`${pkg.name}: ${tool} found problems\n${error.stdout ?? ""}${error.stderr ?? ""}`);
      }
    }
  }
} finally {
  rmSync(dest, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// Packs every public package (`npm pack`, which builds `dist/` through `prepack`) into one folder.
// Used by the package checks (publint, arethetypeswrong) and the consumer test.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** The public packages, in dependency order. */
export const PACKAGES = ["decision-engine", "sdk-core", "sdk-web", "sdk-mobile", "cli"];

/** Packs each package into `dest`; returns `{dir, name, tarball}` per package. */
export function packAll(dest) {
  return PACKAGES.map((dir) => {
    const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dest], { cwd: join(ROOT, dir), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [info] = JSON.parse(out.slice(out.indexOf("[")));
    return { dir, name: info.name, tarball: join(dest, info.filename), files: info.files.map((f) => f.path) };
  });
}

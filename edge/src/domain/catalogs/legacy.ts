import { CatalogError, compileCatalog, type CompiledCatalog } from "@edgewise/decision-engine";

const UNKNOWN_FIELD = /^unknown field\b/;

/**
 * Compiles a catalog stored by an earlier edge. Catalogs published before fields were closed may
 * hold fields the engine now rejects (they were ignored then): those are ignored again, with a
 * warning to publish the catalog anew, so an upgrade never turns an active catalog off. Any other
 * problem throws as `compileCatalog` does.
 */
export function compileStoredCatalog(version: string, catalog: unknown): CompiledCatalog {
  try {
    return compileCatalog(catalog);
  } catch (error) {
    if (!(error instanceof CatalogError) || !error.errors.every((problem) => UNKNOWN_FIELD.test(problem.message))) throw error;
    const paths = error.errors.map((problem) => problem.path);
    console.warn(`catalog ${version} was published before catalogs were strict: its unknown fields ${paths.join(", ")} are ignored; publish it again to fix them`);
    return compileCatalog(withoutPaths(catalog, paths));
  }
}

/** A copy of `json` without the members at `paths` (`$.offers[3].eligibilty`, `$.a["b c"]`). */
export function withoutPaths(json: unknown, paths: readonly string[]): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(json));
  for (const path of paths) {
    const keys = parsePath(path);
    const last = keys.pop();
    let parent: unknown = copy;
    for (const key of keys) parent = parent !== null && typeof parent === "object" && Object.hasOwn(parent, key) ? (parent as Record<string, unknown>)[key] : undefined;
    if (last !== undefined && parent !== null && typeof parent === "object" && !Array.isArray(parent)) delete (parent as Record<string, unknown>)[last];
  }
  return copy;
}

/** `$.offers[3]["my key"].x` → `["offers", "3", "my key", "x"]`. */
function parsePath(path: string): string[] {
  const keys: string[] = [];
  const token = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  token.lastIndex = path.startsWith("$") ? 1 : 0;
  for (let match = token.exec(path); match; match = token.exec(path)) keys.push(match[1] ?? match[2] ?? (JSON.parse(match[3]!) as string));
  return keys;
}

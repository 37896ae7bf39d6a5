import type { CompiledCatalog } from "@edgewise/decision-engine";
import { compileStoredCatalog } from "../../domain/catalogs/legacy.ts";
import { catalogFacts, indexFacts, type LoadedCatalog } from "../../domain/catalogs/facts.ts";
import { readStoredCatalog } from "./catalog-keys.ts";

/**
 * Catalog versions compiled for deciding, in the profile objects: each version compiled once per
 * isolate (a few are kept, so a publish does not recompile in every request). The Worker itself
 * never compiles one (it reads `facts:<version>`, catalog-store.ts).
 */

const MAX_COMPILED = 4;
const compiledByVersion = new Map<string, Promise<LoadedCatalog | null>>();

export function rememberCompiled(version: string, compiled: CompiledCatalog): void {
  remember(version, Promise.resolve(loaded(version, compiled)));
}

function remember(version: string, loaded: Promise<LoadedCatalog | null>): void {
  compiledByVersion.delete(version);
  compiledByVersion.set(version, loaded);
  while (compiledByVersion.size > MAX_COMPILED) {
    const oldest = compiledByVersion.keys().next().value as string;
    compiledByVersion.delete(oldest);
  }
}

/**
 * The compiled catalog of `version`, compiled once per isolate (a few versions are kept, so a
 * publish does not recompile in every request). `null` if the version is not stored.
 */
export function loadCatalog(kv: KVNamespace, version: string): Promise<LoadedCatalog | null> {
  const cached = compiledByVersion.get(version);
  if (cached) return cached;
  const loading = readStoredCatalog(kv, version).then((stored) =>
    stored ? loaded(version, compileStoredCatalog(version, stored.catalog)) : null,
  );
  remember(version, loading);
  loading.then(
    (loaded) => {
      if (!loaded) compiledByVersion.delete(version);
    },
    () => compiledByVersion.delete(version),
  );
  return loading;
}

/**
 * `loadCatalog`, but a stored catalog that cannot be read or compiled (say, after an engine upgrade
 * tightened validation) is logged and treated as absent, so decisions answer null instead of failing.
 */
export async function loadCatalogOrNull(kv: KVNamespace, version: string): Promise<LoadedCatalog | null> {
  try {
    return await loadCatalog(kv, version);
  } catch (error) {
    console.error(`catalog ${version} cannot be loaded`, error);
    return null;
  }
}

function loaded(version: string, compiled: CompiledCatalog): LoadedCatalog {
  return { version, compiled, facts: indexFacts(version, catalogFacts(compiled)) };
}


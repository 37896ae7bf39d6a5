/**
 * The KV keys of published catalogs and the record stored under `catalog:<version>`, shared by the
 * catalog store (publish, versions, facts) and the compiled catalogs (profile objects).
 */

export interface ActiveCatalog {
  version: string;
  publishedAt: string;
  /** The version that was active before this one (for rollback), if any. */
  previous: string | null;
  /** When it became active, if later than its publication (a rollback). */
  activatedAt?: string;
}

export interface StoredCatalog extends ActiveCatalog {
  catalog: unknown;
}

export const ACTIVE_KEY = "catalog:active";
export const VERSIONS_KEY = "catalog:versions";
export const catalogKey = (version: string) => `catalog:${version}`;
export const factsKey = (version: string) => `facts:${version}`;
export const rulesetKey = (version: string) => `ruleset:${version}`;

export async function readStoredCatalog(kv: KVNamespace, version: string): Promise<StoredCatalog | null> {
  return kv.get<StoredCatalog>(catalogKey(version), "json");
}


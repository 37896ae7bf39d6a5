import { clientRuleset, compileCatalog } from "@edgewise/decision-engine";
import { sha256Hex } from "../../domain/identity/crypto.ts";
import { compileStoredCatalog } from "../../domain/catalogs/legacy.ts";
import { catalogFacts, indexFacts, type CatalogFacts, type CatalogFactsJson } from "../../domain/catalogs/facts.ts";
import { ACTIVE_KEY, VERSIONS_KEY, catalogKey, factsKey, readStoredCatalog, rulesetKey, type ActiveCatalog, type StoredCatalog } from "./catalog-keys.ts";
import { loadCatalogOrNull, rememberCompiled } from "./compiled-catalogs.ts";

export type { ActiveCatalog, StoredCatalog } from "./catalog-keys.ts";
export { readStoredCatalog } from "./catalog-keys.ts";
import { ActivePointer } from "./active-pointer.ts";

/**
 * Published catalogs in KV: `catalog:<version>` (the catalog as published), `ruleset:<version>` (the
 * client ruleset), `facts:<version>` (what the Worker needs to know of it, `CatalogFacts`),
 * `catalog:versions` (the index of the last CATALOG_VERSIONS_KEPT versions, newest
 * first) and `catalog:active` (the pointer). A version is the first 16 hex digits of the SHA-256 of
 * the catalog's JSON, so republishing the same catalog keeps its version (and its ETag). Admin
 * writes are read-modify-write of the index: two publishes at the same instant may keep only one
 * of them in it (both stay stored and activatable).
 */

/** One entry of `GET /v1/admin/catalog/versions`. */
export interface CatalogVersion {
  version: string;
  publishedAt: string;
  offers: number;
  placements: number;
}

/** Versions kept (and listed) besides the active and previous ones; older ones are deleted. */
export const CATALOG_VERSIONS_KEPT = 50;

export const activeCatalogPointer = new ActivePointer<ActiveCatalog>(ACTIVE_KEY, 1_000);

export async function readActiveCatalog(kv: KVNamespace): Promise<ActiveCatalog | null> {
  return activeCatalogPointer.read(kv);
}

/**
 * Validates (throws the engine's `CatalogError`), stores the catalog and its ruleset, then flips the
 * active pointer. The previously active catalog stays active if anything before the flip fails.
 */
export async function publishCatalog(kv: KVNamespace, catalog: unknown, now = new Date()): Promise<ActiveCatalog> {
  const compiled = compileCatalog(catalog);
  const version = (await sha256Hex(JSON.stringify(catalog))).slice(0, 16);
  const current = await kv.get<ActiveCatalog>(ACTIVE_KEY, "json");
  const active: ActiveCatalog = {
    version,
    publishedAt: now.toISOString(),
    previous: current && current.version !== version ? current.version : (current?.previous ?? null),
  };
  const stored: StoredCatalog = { ...active, catalog };
  await Promise.all([
    kv.put(catalogKey(version), JSON.stringify(stored)),
    kv.put(rulesetKey(version), JSON.stringify(clientRuleset(compiled))),
    kv.put(factsKey(version), JSON.stringify(catalogFacts(compiled))),
  ]);
  await activeCatalogPointer.write(kv, active);
  rememberCompiled(version, compiled);
  const entry = { version, publishedAt: active.publishedAt, offers: compiled.offers.size, placements: compiled.placements.size };
  await recordVersion(kv, entry, active);
  return active;
}

/** The versions kept, newest first. */
export async function listCatalogVersions(kv: KVNamespace): Promise<CatalogVersion[]> {
  return (await kv.get<CatalogVersion[]>(VERSIONS_KEY, "json")) ?? [];
}

/**
 * Makes a kept version the active one again (rollback, or forward again): compiled first (a
 * version the engine no longer accepts throws its `CatalogError`), then one flip of the pointer.
 * `null` when the version is not stored.
 */
export async function activateCatalogVersion(kv: KVNamespace, version: string, now = new Date()): Promise<ActiveCatalog | null> {
  const stored = await readStoredCatalog(kv, version);
  if (!stored) return null;
  const current = await kv.get<ActiveCatalog>(ACTIVE_KEY, "json");
  if (current?.version === version) return current;
  const compiled = compileStoredCatalog(version, stored.catalog);
  if ((await readRulesetText(kv, version)) === null) await kv.put(rulesetKey(version), JSON.stringify(clientRuleset(compiled)));
  const active: ActiveCatalog = { version, publishedAt: stored.publishedAt, previous: current?.version ?? null, activatedAt: now.toISOString() };
  await activeCatalogPointer.write(kv, active);
  rememberCompiled(version, compiled);
  return active;
}

/** Puts `entry` first in the index and deletes what falls out of it (never the active or previous version). */
async function recordVersion(kv: KVNamespace, entry: CatalogVersion, active: ActiveCatalog): Promise<void> {
  const versions = [entry, ...(await listCatalogVersions(kv)).filter((v) => v.version !== entry.version)];
  const kept = versions.slice(0, CATALOG_VERSIONS_KEPT);
  const dropped = versions.slice(CATALOG_VERSIONS_KEPT).filter((v) => v.version !== active.previous);
  const previous = versions.slice(CATALOG_VERSIONS_KEPT).find((v) => v.version === active.previous);
  if (previous) kept.push(previous);
  await kv.put(VERSIONS_KEY, JSON.stringify(kept));
  await Promise.all(dropped.flatMap((v) => [kv.delete(catalogKey(v.version)), kv.delete(rulesetKey(v.version)), kv.delete(factsKey(v.version))]));
}

/** The client ruleset of `version` as JSON text (served as is). */
export async function readRulesetText(kv: KVNamespace, version: string): Promise<string | null> {
  return kv.get(rulesetKey(version), "text");
}

const MAX_FACTS = 16;
const factsByVersion = new Map<string, Promise<CatalogFacts | null>>();

/**
 * What the Worker needs to know of `version` (`CatalogFacts`), stored at publish and read once per
 * isolate: the Worker never compiles a catalog. A version stored by an older edge, without facts,
 * is compiled once to work them out, and they are stored. `null` if the version is not stored.
 */
export function loadFacts(kv: KVNamespace, version: string): Promise<CatalogFacts | null> {
  const cached = factsByVersion.get(version);
  if (cached) return cached;
  const loading = kv.get<CatalogFactsJson>(factsKey(version), "json").then(async (json) => {
    if (json) return indexFacts(version, json);
    const catalog = await loadCatalogOrNull(kv, version);
    if (!catalog) return null;
    await kv.put(factsKey(version), JSON.stringify(catalogFacts(catalog.compiled)));
    return catalog.facts;
  });
  factsByVersion.set(version, loading);
  if (factsByVersion.size > MAX_FACTS) factsByVersion.delete(factsByVersion.keys().next().value as string);
  loading.then((facts) => facts ?? factsByVersion.delete(version), () => factsByVersion.delete(version));
  return loading;
}

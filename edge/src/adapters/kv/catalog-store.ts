import { clientRuleset, compileCatalog, type CompiledCatalog } from "@edgewise/decision-engine";
import { sha256Hex } from "../../domain/identity/crypto.ts";
import { compileStoredCatalog } from "../../domain/catalogs/legacy.ts";
import { namesThatMatter } from "../../domain/catalogs/names-that-matter.ts";
import { ActivePointer } from "./active-pointer.ts";

/**
 * Published catalogs in KV: `catalog:<version>` (the catalog as published), `ruleset:<version>` (the
 * client ruleset), `catalog:versions` (the index of the last CATALOG_VERSIONS_KEPT versions, newest
 * first) and `catalog:active` (the pointer). A version is the first 16 hex digits of the SHA-256 of
 * the catalog's JSON, so republishing the same catalog keeps its version (and its ETag). Admin
 * writes are read-modify-write of the index: two publishes at the same instant may keep only one
 * of them in it (both stay stored and activatable).
 */

export interface ActiveCatalog {
  version: string;
  publishedAt: string;
  /** The version that was active before this one (for rollback), if any. */
  previous: string | null;
  /** When it became active, if later than its publication (a rollback). */
  activatedAt?: string;
}

/** One entry of `GET /v1/admin/catalog/versions`. */
export interface CatalogVersion {
  version: string;
  publishedAt: string;
  offers: number;
  placements: number;
}

/** Versions kept (and listed) besides the active and previous ones; older ones are deleted. */
export const CATALOG_VERSIONS_KEPT = 50;

export interface StoredCatalog extends ActiveCatalog {
  catalog: unknown;
}

const ACTIVE_KEY = "catalog:active";
const VERSIONS_KEY = "catalog:versions";
const catalogKey = (version: string) => `catalog:${version}`;
const rulesetKey = (version: string) => `ruleset:${version}`;

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
  await Promise.all(dropped.flatMap((v) => [kv.delete(catalogKey(v.version)), kv.delete(rulesetKey(v.version))]));
}

export async function readStoredCatalog(kv: KVNamespace, version: string): Promise<StoredCatalog | null> {
  return kv.get<StoredCatalog>(catalogKey(version), "json");
}

/** The client ruleset of `version` as JSON text (served as is). */
export async function readRulesetText(kv: KVNamespace, version: string): Promise<string | null> {
  return kv.get(rulesetKey(version), "text");
}

/** A compiled catalog plus what the edge derives from it once per version. */
export interface LoadedCatalog {
  version: string;
  compiled: CompiledCatalog;
  /** Offers with a profile-scoped `display` cap: decisions for them hold a cap reservation. */
  reservedOffers: ReadonlySet<string>;
  /** Per placement, the offers placed there that have global caps (their counts are looked up). */
  globalCappedByPlacement: ReadonlyMap<string, readonly string[]>;
  /** Offers with a global cap: only their events are counted by a GlobalCapCounter. */
  globalCappedOffers: ReadonlySet<string>;
  /**
   * Event names a decision or journey can read back (see `namesThatMatter`): an anonymous visitor's
   * event with another name is counted in the statistics but stored nowhere.
   */
  namesThatMatter: ReadonlySet<string>;
}

const MAX_COMPILED = 4;
const compiledByVersion = new Map<string, Promise<LoadedCatalog | null>>();

function rememberCompiled(version: string, compiled: CompiledCatalog): void {
  remember(version, Promise.resolve(describe(version, compiled)));
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
    stored ? describe(version, compileStoredCatalog(version, stored.catalog)) : null,
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

function describe(version: string, compiled: CompiledCatalog): LoadedCatalog {
  const reservedOffers = new Set<string>();
  const globalCappedByPlacement = new Map<string, string[]>();
  const globalCappedOffers = new Set<string>();
  for (const offer of compiled.source.offers) {
    const caps = offer.caps ?? [];
    if (caps.some((cap) => cap.scope === "profile" && cap.event === "display")) reservedOffers.add(offer.id);
    if (!caps.some((cap) => cap.scope === "global")) continue;
    globalCappedOffers.add(offer.id);
    for (const placement of offer.placements) {
      const list = globalCappedByPlacement.get(placement) ?? [];
      list.push(offer.id);
      globalCappedByPlacement.set(placement, list);
    }
  }
  return { version, compiled, reservedOffers, globalCappedByPlacement, globalCappedOffers, namesThatMatter: namesThatMatter(compiled) };
}

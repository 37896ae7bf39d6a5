import type { Env } from "../env.ts";
import type { CapCounts } from "../domain/caps/counts.ts";
import { globalCapCounter } from "./stubs.ts";
import type { CatalogFacts } from "../domain/catalogs/facts.ts";

/**
 * Global cap counts for the offers of the requested placements, read from each offer's
 * GlobalCapCounter and cached in the isolate for CACHE_MS.
 *
 * Staleness bound: a count seen by `decide` lags the accepted events by at most CACHE_MS (plus the
 * events' own flush, normally done before `/v1/events` answers). A global cap can therefore be
 * exceeded by the displays accepted within that window; profile caps are exact.
 */
export const GLOBAL_COUNTS_CACHE_MS = 2_000;

const cache = new Map<string, { counts: CapCounts; until: number }>();
const MAX_CACHED = 10_000;

export async function readGlobalCounts(
  env: Env,
  facts: CatalogFacts,
  placements: readonly string[],
  now = Date.now(),
): Promise<Record<string, CapCounts>> {
  // Keyed by offer ids: a Map, answered as a plain object of own properties (it crosses RPC).
  const result = new Map<string, CapCounts>();
  let missing: string[] | undefined;
  for (const placement of placements) {
    for (const offerId of facts.globalCappedByPlacement.get(placement) ?? []) {
      if (result.has(offerId) || missing?.includes(offerId)) continue;
      const cached = cache.get(offerId);
      if (cached && now < cached.until) result.set(offerId, cached.counts);
      else (missing ??= []).push(offerId);
    }
  }
  // The common case, everything cached: no RPC and no promise per offer.
  if (!missing) return Object.fromEntries(result);
  await Promise.all(
    missing.map(async (offerId) => {
      try {
        result.set(offerId, await countsOf(env, offerId, now));
      } catch (error) {
        // Degrade rather than fail the decision: the offer is decided as if uncounted this time.
        console.error(`global cap counts for ${offerId} are unavailable`, error);
      }
    }),
  );
  return Object.fromEntries(result);
}

// Not shared between requests: an RPC promise belongs to the request that started it, and fails for
// every other awaiter if that request is cancelled.
async function countsOf(env: Env, offerId: string, now: number): Promise<CapCounts> {
  const counts = await globalCapCounter(env, offerId).counts();
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(offerId, { counts, until: now + GLOBAL_COUNTS_CACHE_MS });
  return counts;
}

/** Drops cached counts (tests). */
export function clearGlobalCountsCache(): void {
  cache.clear();
}

import type { CatalogJson, OfferJson } from "./catalog-types.ts";
import type { CompiledCatalog } from "./compiled.ts";

/**
 * The part of a catalog a device may decide on its own: placements, fallbacks, ranking, and every
 * offer except those delivered only by journeys or campaigns (they need the edge's state). Offer
 * `name`s stay behind; global caps travel along but only the edge can enforce them.
 *
 * @example const ruleset = clientRuleset(compileCatalog(json)); // → JSON for GET /v1/ruleset
 */
export function clientRuleset(catalog: CompiledCatalog): CatalogJson {
  const { placements, fallbacks, ranking } = catalog.source;
  const offers: OfferJson[] = [];
  for (const offer of catalog.offers.values()) {
    if (offer.orchestrated) continue;
    const { name: _name, ...rest } = offer.source;
    offers.push(rest);
  }
  const ruleset: CatalogJson = { placements, offers };
  if (fallbacks) ruleset.fallbacks = fallbacks;
  if (ranking) ruleset.ranking = ranking;
  return ruleset;
}

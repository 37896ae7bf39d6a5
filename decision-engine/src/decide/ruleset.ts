import type { CatalogJson, OfferJson } from "./catalog-types.ts";
import type { CompiledCatalog } from "./compiled.ts";

/**
 * The part of a catalog a device may decide on its own: placements, fallbacks, ranking, offers,
 * real-time audiences and the declared `deepLinkSchemes` (the SDKs follow deep links only with
 * them). Journeys and campaigns stay behind (they run at the edge); the offers they deliver travel
 * marked `orchestrated`, so a device shows them only when the profile it synced from
 * `GET /v1/profile/:id` lists them as `pending`. Offer `name`s stay behind; global caps are checked
 * against the synced `globalCounts`.
 *
 * @example const ruleset = clientRuleset(compileCatalog(json)); // → JSON for GET /v1/ruleset
 */
export function clientRuleset(catalog: CompiledCatalog): CatalogJson {
  const { placements, fallbacks, ranking, audiences, deepLinkSchemes } = catalog.source;
  const offers: OfferJson[] = [];
  for (const offer of catalog.offers.values()) {
    const { name: _name, ...rest } = offer.source;
    offers.push(offer.orchestrated ? { ...rest, orchestrated: true } : rest);
  }
  const ruleset: CatalogJson = { placements, offers };
  if (audiences) ruleset.audiences = audiences;
  if (fallbacks) ruleset.fallbacks = fallbacks;
  if (ranking) ruleset.ranking = ranking;
  if (deepLinkSchemes) ruleset.deepLinkSchemes = deepLinkSchemes;
  return ruleset;
}

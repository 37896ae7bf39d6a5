import type { CatalogJson, OfferJson } from "./catalog-types.ts";
import type { CompiledCatalog } from "./compiled.ts";

/**
 * The part of a catalog a device may decide on its own: placements, fallbacks, ranking, offers,
 * real-time audiences, experiments and the holdout, and the declared `deepLinkSchemes` (the SDKs follow deep links only with
 * them). Journeys and campaigns stay behind (they run at the edge); the offers they deliver travel
 * marked `orchestrated`, so a device shows them only when the profile it synced from
 * `GET /v1/profile/:id` lists them as `pending`. Offer `name`s stay behind; global caps are checked
 * against the synced `globalCounts`.
 *
 * @example const ruleset = clientRuleset(compileCatalog(json)); // → JSON for GET /v1/ruleset
 */
export function clientRuleset(catalog: CompiledCatalog): CatalogJson {
  const { placements, fallbacks, ranking, audiences, deepLinkSchemes, experiments, holdout } = catalog.source;
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
  // Experiments decide on devices too (the same assignment); names, metrics and windows stay behind.
  if (experiments?.length) {
    ruleset.experiments = experiments.map(({ name: _name, metadata: _metadata, metric: _metric, attributionWindow: _window, ...rest }) => rest);
  }
  if (holdout) ruleset.holdout = holdout;
  return ruleset;
}

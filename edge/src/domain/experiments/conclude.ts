import type { CatalogJson, ExperimentJson } from "@edgewise/decision-engine";
import { Refusal } from "../shared/refusal.ts";

/**
 * The catalog that concludes an experiment at `now`: it ends there (kept in the catalog, so its
 * report stays readable; one not started yet is removed) and, when `ship` names a variant, that
 * variant's offer becomes the placement's offer: ranked above every other offer placed there.
 * A variant that shows nothing cannot be shipped (stop the experiment instead).
 *
 * @example concludedCatalog(catalog, "hero-test", "spring", Date.now()) // spring's offer now leads home-hero
 */
export function concludedCatalog(catalog: CatalogJson, experimentId: string, ship: string | undefined, now: number): CatalogJson {
  if (experimentId === "holdout") throw new Refusal("conflict", "holdout", "the holdout is a report of the catalog's holdout: publish a catalog without it to end it", "$.id");
  const experiment = catalog.experiments?.find((e) => e.id === experimentId);
  if (!experiment) throw new Refusal("not_found", "unknown_experiment", `the active catalog has no experiment "${experimentId}"`, "$.id");
  if (experiment.end !== undefined && Date.parse(experiment.end) <= now) throw new Refusal("conflict", "experiment_ended", `experiment "${experimentId}" has ended already`, "$.id");
  const started = Date.parse(experiment.start) < now;
  const experiments = (catalog.experiments ?? []).flatMap((e): ExperimentJson[] => (e !== experiment ? [e] : started ? [{ ...e, end: new Date(now).toISOString() }] : []));
  const next: CatalogJson = { ...catalog, experiments };
  if (ship === undefined) return next;
  const variant = experiment.variants.find((v) => v.id === ship);
  if (!variant) throw new Refusal("invalid", "invalid_body", `experiment "${experimentId}" has no variant "${ship}"`, "$.ship");
  if (variant.offer === null) throw new Refusal("conflict", "nothing_to_ship", `variant "${ship}" shows nothing: stop the experiment instead`, "$.ship");
  const placed = catalog.offers.filter((offer) => offer.placements.includes(experiment.placement));
  const top = Math.max(0, ...placed.filter((offer) => offer.id !== variant.offer).map((offer) => offer.priority ?? 0));
  next.offers = catalog.offers.map((offer) => (offer.id === variant.offer ? { ...offer, priority: top + 1 } : offer));
  return next;
}

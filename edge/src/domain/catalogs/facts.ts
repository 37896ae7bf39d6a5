import { addDuration, parseDuration, parseInstant, type CompiledCatalog } from "@edgewise/decision-engine";
import { journeysOf } from "../journeys/definitions.ts";
import { namesThatMatter } from "./names-that-matter.ts";

/**
 * What the Worker needs to know of a catalog version without compiling it, worked out once when it
 * is published and stored beside it (JSON): which offers exist, which hold cap reservations, which
 * have global caps (and on which placements), the event names worth storing for anonymous
 * visitors, and the journeys and campaigns to list in statistics.
 */
export interface CatalogFactsJson {
  offers: string[];
  reservedOffers: string[];
  globalCappedByPlacement: [placement: string, offers: string[]][];
  namesThatMatter: string[];
  journeys: string[];
  campaigns: string[];
  /** The catalog's experiments, as statistics need them (absent in facts stored before #18). */
  experiments?: ExperimentFacts[];
}

/** An experiment as intake and the reports need it. */
export interface ExperimentFacts {
  id: string;
  placement: string;
  variants: { id: string; offer: string | null; weight: number }[];
  control: string;
  /** The conversion event's name. */
  metric: string;
  /** How long after its exposure a profile's conversion counts, in ms. */
  windowMs: number;
  start: number;
  end: number | null;
}

/** `CatalogFactsJson` indexed for lookups. */
export interface CatalogFacts {
  version: string;
  offers: ReadonlySet<string>;
  /** Offers with a profile-scoped `display` cap: decisions for them hold a cap reservation. */
  reservedOffers: ReadonlySet<string>;
  /** Per placement, the offers placed there that have global caps (their counts are looked up). */
  globalCappedByPlacement: ReadonlyMap<string, readonly string[]>;
  /** Offers with a global cap: only their events are counted by a GlobalCapCounter. */
  globalCappedOffers: ReadonlySet<string>;
  /** Event names a decision or journey can read back: an anonymous visitor's others are only counted. */
  namesThatMatter: ReadonlySet<string>;
  journeys: readonly string[];
  campaigns: readonly string[];
  experiments: ReadonlyMap<string, ExperimentFacts>;
  /** The experiments' conversion event names: such events are kept for the reports. */
  experimentMetrics: ReadonlySet<string>;
}

/** A catalog version compiled for deciding (in a profile's object), with its facts. */
export interface LoadedCatalog {
  version: string;
  compiled: CompiledCatalog;
  facts: CatalogFacts;
}

/** The facts of a compiled catalog, as stored at publish. */
export function catalogFacts(compiled: CompiledCatalog): CatalogFactsJson {
  const reservedOffers: string[] = [];
  const byPlacement = new Map<string, string[]>();
  for (const offer of compiled.source.offers) {
    const caps = offer.caps ?? [];
    if (caps.some((cap) => cap.scope === "profile" && cap.event === "display")) reservedOffers.push(offer.id);
    if (!caps.some((cap) => cap.scope === "global")) continue;
    for (const placement of offer.placements) byPlacement.set(placement, [...(byPlacement.get(placement) ?? []), offer.id]);
  }
  const set = journeysOf(compiled);
  return {
    offers: [...compiled.offers.keys()],
    reservedOffers,
    globalCappedByPlacement: [...byPlacement],
    namesThatMatter: [...namesThatMatter(compiled)],
    journeys: [...set.byId.keys()],
    campaigns: set.campaigns.map((campaign) => campaign.id),
    experiments: experimentFacts(compiled),
  };
}

/** The default attribution window of an experiment's conversions, as Journey Optimizer's. */
export const DEFAULT_ATTRIBUTION_WINDOW_MS = 7 * 86_400_000;

/**
 * The id under which the catalog's holdout is reported, as an experiment of two variants: `holdout`
 * (the held-out profiles, the control) and `treated` (everyone else); its exposures are displays of
 * any decision, its conversions `conversion` events. No experiment may take this id.
 */
export const HOLDOUT_ID = "holdout";

function experimentFacts(compiled: CompiledCatalog): ExperimentFacts[] {
  const holdout = compiled.source.holdout;
  const held: ExperimentFacts[] = holdout && holdout.percent > 0
    ? [{
        id: HOLDOUT_ID,
        placement: "*",
        variants: [{ id: "holdout", offer: null, weight: holdout.percent }, { id: "treated", offer: null, weight: 100 - holdout.percent }],
        control: "holdout",
        metric: "conversion",
        windowMs: DEFAULT_ATTRIBUTION_WINDOW_MS,
        start: 0,
        end: null,
      }]
    : [];
  return held.concat((compiled.source.experiments ?? []).map((experiment) => {
    const window = experiment.attributionWindow === undefined ? null : parseDuration(experiment.attributionWindow);
    return {
      id: experiment.id,
      placement: experiment.placement,
      variants: experiment.variants.map(({ id, offer, weight }) => ({ id, offer, weight })),
      control: experiment.control ?? experiment.variants[0]!.id,
      metric: experiment.metric?.event ?? "conversion",
      windowMs: window ? addDuration(0, window) : DEFAULT_ATTRIBUTION_WINDOW_MS,
      start: parseInstant(experiment.start)!,
      end: experiment.end === undefined ? null : parseInstant(experiment.end),
    };
  }));
}

/** Facts indexed for lookups. */
export function indexFacts(version: string, json: CatalogFactsJson): CatalogFacts {
  const globalCappedByPlacement = new Map(json.globalCappedByPlacement);
  return {
    version,
    offers: new Set(json.offers),
    reservedOffers: new Set(json.reservedOffers),
    globalCappedByPlacement,
    globalCappedOffers: new Set([...globalCappedByPlacement.values()].flat()),
    namesThatMatter: new Set(json.namesThatMatter),
    journeys: json.journeys,
    campaigns: json.campaigns,
    experiments: new Map((json.experiments ?? []).map((experiment) => [experiment.id, experiment])),
    experimentMetrics: new Set((json.experiments ?? []).map((experiment) => experiment.metric)),
  };
}

import type { CatalogJson, CapJson, OfferJson, PlacementFormat } from "./catalog-types.ts";

/** A compiled rule: run it on an evaluation context. */
export type Condition = (data: unknown) => unknown;

/** Content (or a message) whose templates are compiled; `escape` decides HTML-escaping of inserts. */
export type RenderContent = (data: unknown, escape: boolean) => unknown;

export interface CompiledCap extends CapJson {
  /** Key into `globalCounts[offerId]`: the event name for lifetime caps, else `event/period`. */
  readonly countKey: string;
}

export interface CompiledOffer {
  readonly id: string;
  readonly source: OfferJson;
  readonly priority: number;
  /** Schedule window `[start, end)` in epoch ms. */
  readonly start: number;
  readonly end: number;
  /** Indexes into `CompiledCatalog.conditions`; every one must be truthy. Shared across offers. */
  readonly conditions: readonly number[];
  /** Profile caps count from the history passed in; global caps from `globalCounts`. */
  readonly caps: readonly CompiledCap[];
  readonly trigger: { readonly event: string; readonly when: Condition | undefined } | undefined;
  readonly renderContent: RenderContent | undefined;
  readonly renderMessage: RenderContent | undefined;
  /** Referenced by a journey or campaign: delivered only through it (when pending). */
  orchestrated: boolean;
}

export interface CompiledPlacement {
  readonly id: string;
  readonly format: PlacementFormat;
  /** From the surface's scheme (`web://` → web, `mobileapp://` → app); `undefined`: every channel. */
  readonly channel: string | undefined;
  /** Offers placed here, best first by priority, then id. */
  readonly offers: readonly CompiledOffer[];
  /** The `score` strategy's rule; `undefined` ranks by priority. */
  readonly score: Condition | undefined;
  readonly limit: number;
  readonly fallback: CompiledOffer | undefined;
  /** Its experiments, by start: at most one runs at any time (the catalog's validation holds it). */
  readonly experiments: readonly CompiledExperiment[];
}

export interface CompiledVariant {
  readonly id: string;
  /** `null`: the variant shows nothing. */
  readonly offer: CompiledOffer | null;
  /** The variant takes the buckets below this bound (0–10000) not taken by the variants before it. */
  readonly upTo: number;
}

export interface CompiledExperiment {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  /** Index into `CompiledCatalog.conditions`, or -1: everyone takes part. */
  readonly audience: number;
  readonly variants: readonly CompiledVariant[];
}

/** A validated catalog, compiled for `decide`. Treat as opaque apart from `source`. */
export interface CompiledCatalog {
  /** The catalog JSON as published. */
  readonly source: CatalogJson;
  readonly placements: ReadonlyMap<string, CompiledPlacement>;
  readonly offers: ReadonlyMap<string, CompiledOffer>;
  /** Distinct eligibility conditions, each compiled once and shared by every offer that uses it. */
  readonly conditions: readonly Condition[];
  /** The catalog's real-time audiences (`audiences: [{id, rule}]`), evaluated by the caller. */
  readonly audiences: readonly { readonly id: string; readonly rule: Condition }[];
  /** Profiles whose bucket of "holdout" is below this bound (0–5000) are held out; 0: no holdout. */
  readonly holdout: number;
}

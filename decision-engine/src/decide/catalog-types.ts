/**
 * The catalog an operator publishes, as JSON (DESIGN.md, "Catalog"). Every object is closed: these
 * are all its fields (`FIELDS` in ./fields.ts is the description the validation reads), and the
 * operator's own data goes under `metadata`.
 */

/** A JSON Logic expression. */
export type Rule = unknown;

export type PlacementFormat = "html" | "json" | "message" | "text";

export interface PlacementJson {
  id: string;
  /** Where it lives, e.g. `web://shop.example/#hero` or `mobileapp://com.example.shop/home`. */
  surface?: string;
  format: PlacementFormat;
  /** The operator's own data: any JSON. */
  metadata?: unknown;
}

export type CapPeriod = "day" | "week" | "month" | "lifetime";

export interface CapJson {
  /** The event name counted, usually `display`. */
  event: string;
  limit: number;
  period: CapPeriod;
  /** `profile`: counted from the profile's history; `global`: from `globalCounts`. */
  scope: "profile" | "global";
}

export type MessageLayout = "modal" | "banner" | "slideup" | "fullscreen" | "inline" | "html";

export interface ButtonActionJson {
  type: "url" | "dismiss" | "deeplink" | "custom";
  url?: string;
  name?: string;
}

export interface MessageJson {
  layout: MessageLayout;
  title?: string;
  body?: string;
  image?: string;
  imageAlt?: string;
  /** Only for the `html` layout: a whole HTML document shown in an isolated frame. */
  html?: string;
  buttons?: { label: string; action: ButtonActionJson }[];
  /** Text direction; default: the page's or the app's. */
  dir?: "ltr" | "rtl" | "auto";
  /** Language tag, e.g. `pt-BR`; default: the page's or the app's. */
  lang?: string;
}

export interface OfferJson {
  id: string;
  name?: string;
  placements: string[];
  /** Higher wins under the `priority` strategy. Default 0. */
  priority?: number;
  eligibility?: Rule;
  schedule?: { start?: string; end?: string };
  caps?: CapJson[];
  content?: Record<string, unknown>;
  message?: MessageJson;
  /** Makes the offer a triggered message: a candidate only while that event is being evaluated. */
  trigger?: { event: string; when?: Rule };
  /**
   * Delivered only when a journey step or campaign makes it pending, never as an ordinary candidate.
   * Implied for every offer a journey or campaign references; the client ruleset states it.
   */
  orchestrated?: boolean;
  /** The operator's own data: any JSON (a score rule reads it as `offer.metadata`). */
  metadata?: unknown;
}

export interface RankingJson {
  strategy: "priority" | "score";
  /** For `score`: a JSON Logic number over the evaluation context plus `offer`. */
  score?: Rule;
  /** How many offers the placement shows. Default 1. */
  limit?: number;
}

/** A real-time audience: members are the profiles whose rule holds at decision time. */
export interface AudienceJson {
  id: string;
  name?: string;
  rule: Rule;
}

export interface VariantJson {
  id: string;
  /** An offer of the experiment's placement, or `null`: nothing shown. */
  offer: string | null;
  weight: number;
}

export interface ExperimentJson {
  id: string;
  name?: string;
  placement: string;
  variants: VariantJson[];
  /** The control variant's id (default: the first variant). */
  control?: string;
  /** Only profiles for which it holds take part. */
  audience?: Rule;
  /** The conversion event (default `conversion`). */
  metric?: { event: string };
  start: string;
  end?: string;
  /** ISO-8601 duration (default P7D). */
  attributionWindow?: string;
  metadata?: unknown;
}

export interface CatalogJson {
  placements: PlacementJson[];
  offers: OfferJson[];
  fallbacks?: Record<string, string>;
  ranking?: Record<string, RankingJson>;
  audiences?: AudienceJson[];
  journeys?: unknown[];
  campaigns?: unknown[];
  /**
   * The app URL schemes that `deeplink` buttons (and the SDKs' bridges) may use, e.g. `["shopapp"]`;
   * never a web or script scheme (`isDeepLinkScheme`). Without it, no deep link is followed.
   */
  deepLinkSchemes?: string[];
  experiments?: ExperimentJson[];
  /** A share of profiles (0–50 %) kept from every offer but fallbacks, and from journey and campaign messages. */
  holdout?: { percent: number };
  /** The operator's own data: any JSON. */
  metadata?: unknown;
}

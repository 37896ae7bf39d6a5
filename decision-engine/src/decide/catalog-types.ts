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

/** The journey and campaign events awaited or triggered on: a name, and optionally a rule over the evaluation context with the event. */
export interface TriggerJson {
  event: string;
  when?: Rule;
}

/**
 * A webhook action: POSTs `body` as JSON to the catalog's webhook `webhook`. `body` is any JSON
 * value whose strings are templates over the journey's or campaign's evaluation context, rendered
 * with `{ escape: false }` (`compileActionBody`).
 */
export interface WebhookActionJson {
  webhook: string;
  body: unknown;
}

/** A journey step: exactly one kind (`then` and `else` belong to `if`). */
export type StepJson =
  | { wait: string }
  | { wait_for: TriggerJson & { timeout: string; offer?: string; on_timeout?: "continue" | "exit" } }
  | { if: Rule; then?: StepJson[]; else?: StepJson[] }
  | { message: string }
  | { action: WebhookActionJson }
  | { set: Record<string, unknown> }
  | { end: true };

export interface JourneyJson {
  id: string;
  name?: string;
  /** Default: a hash of the definition. */
  version?: string | number;
  paused?: boolean;
  trigger: TriggerJson;
  exit?: TriggerJson;
  /** `never` (default), `always`, or an ISO-8601 duration after the last entry. */
  reentry?: string;
  steps: StepJson[];
  metadata?: unknown;
}

/** A brand-initiated campaign: exactly one of `offer` (made pending) and `action` (posted to a webhook). */
export interface CampaignJson {
  id: string;
  name?: string;
  audience: string;
  offer?: string;
  action?: WebhookActionJson;
  schedule: { start: string; end: string };
  paused?: boolean;
  metadata?: unknown;
}

/**
 * A webhook: where `action` steps and campaigns POST their JSON (DESIGN.md, "Outbound"). Its id is
 * unique among webhooks and forwarding destinations together.
 */
export interface WebhookJson {
  id: string;
  /**
   * An absolute http(s) URL (WHATWG `new URL`), without user name or password, at most 2,048
   * characters; the edge allows only https to public addresses outside local development.
   */
  url: string;
  /** The name of the Worker secret whose value signs deliveries (`x-edgewise-signature`), never the value. */
  secret?: string;
  /** Deliveries per second at most: 1–1000. */
  perSecond?: number;
  /** How long one attempt may take: an ISO-8601 duration above zero, at most PT30S. */
  timeout?: string;
  metadata?: unknown;
}

/** A forwarding destination: accepted events are sent to it in batches, each event once. */
export interface ForwardingJson extends WebhookJson {
  /** The event names forwarded (default: every event). */
  events?: string[];
  /** Events per request at most: 1–1000 (default 100). */
  batch?: number;
}

export interface CatalogJson {
  placements: PlacementJson[];
  offers: OfferJson[];
  fallbacks?: Record<string, string>;
  ranking?: Record<string, RankingJson>;
  audiences?: AudienceJson[];
  journeys?: JourneyJson[];
  campaigns?: CampaignJson[];
  /**
   * The app URL schemes that `deeplink` buttons (and the SDKs' bridges) may use, e.g. `["shopapp"]`;
   * never a web or script scheme (`isDeepLinkScheme`). Without it, no deep link is followed.
   */
  deepLinkSchemes?: string[];
  experiments?: ExperimentJson[];
  /** A share of profiles (0–50 %) kept from every offer but fallbacks, and from journey and campaign messages. */
  holdout?: { percent: number };
  /** Where journey `action` steps and action campaigns POST (never in a client ruleset). */
  webhooks?: WebhookJson[];
  /** Where accepted events are forwarded (never in a client ruleset). */
  forwarding?: ForwardingJson[];
  /** The operator's own data: any JSON. */
  metadata?: unknown;
}

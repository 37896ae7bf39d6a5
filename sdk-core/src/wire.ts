/**
 * The wire types of the edge's `/v1` API (DESIGN.md, "Edge HTTP API"), written once: the SDKs build
 * their requests from them and the edge validates against them (`edge/src/domain/events/kinds.ts`).
 * Types and constant lists only: importing this module costs a bundle a few bytes.
 */

/** The event types of `POST /v1/events`. */
export const EVENT_TYPES = ["trigger", "display", "interact", "dismiss", "suppress", "conversion", "track"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Events about an offer: they name one (or carry the decision token that does). */
export const OFFER_EVENT_TYPES = ["trigger", "display", "interact", "dismiss", "suppress", "conversion"] as const satisfies readonly EventType[];
export type OfferEventType = (typeof OFFER_EVENT_TYPES)[number];

/** Offer events the edge must be able to attribute: an `offerId` or a token is required. */
export const ATTRIBUTED_EVENT_TYPES: readonly EventType[] = ["display", "interact", "dismiss", "suppress"];

/** Whether `type` is one of OFFER_EVENT_TYPES. */
export const isOfferEvent = (type: string): type is OfferEventType => (OFFER_EVENT_TYPES as readonly string[]).includes(type);

/** One event as `POST /v1/events` takes it (`{events: ClientEvent[]}`). `id` is a client UUID: the edge counts a retry once. */
export interface ClientEvent {
  id: string;
  type: EventType;
  /** The custom event's name (`track`). */
  name?: string;
  offerId?: string;
  placement?: string;
  /** The decision token the edge signed, when the edge made the decision. */
  token?: string;
  profileId?: string;
  profileSignature?: string;
  anonymousId: string;
  /** Milliseconds since the epoch, on the device's clock. */
  timestamp: number;
  properties?: Record<string, unknown>;
  /** A `display` of a decision made on the device by an experiment: its id and the variant (with a token, the edge reads them from it). */
  experimentId?: string;
  variantId?: string;
  /** A display decided on the device while the catalog has a holdout: true when the profile is held out. */
  holdout?: boolean;
}

/** The body of `POST /v1/decide`. */
export interface DecideRequest {
  profileId?: string;
  profileSignature?: string;
  anonymousId?: string;
  placements: string[];
  context?: Record<string, unknown>;
  event?: { name: string; properties?: Record<string, unknown> };
  explain?: boolean;
  /** A preview token (a preview link's): the edge forces its offer or variant, explained, and records nothing. */
  preview?: string;
}

/** The query parameter of a preview link (`POST /v1/admin/preview`) that carries its token. */
export const PREVIEW_PARAMETER = "edgewise_preview";
/** A preview token's longest length: the edge refuses longer ones. */
export const PREVIEW_TOKEN_MAX_LENGTH = 1024;

/** What a decision under a preview token was: forced (`active`), or not, because the token expired or is invalid. */
export interface PreviewState {
  active: boolean;
  offerId?: string;
  experimentId?: string;
  variantId?: string;
  expiresAt?: string;
  reason?: "expired" | "invalid";
}

/** A decision as the client sees it: the engine's, plus the edge's token when the edge made it. */
export interface ClientDecision {
  placement: string;
  offerId: string | null;
  fallback: boolean;
  content?: unknown;
  message?: unknown;
  token?: string;
  explanation?: unknown;
  /** A journey or campaign message: it stays pending at the edge until its `display` is reported. */
  orchestrated?: true;
  /** The experiment that decided the placement, and this profile's variant (its `display` is the exposure). */
  experimentId?: string;
  variantId?: string;
  /** The profile is in the catalog's holdout: only fallbacks are shown. */
  holdout?: true;
}

/** The answer of `POST /v1/decide`. */
export interface DecideResponse {
  decisions: ClientDecision[];
  /** The profile's audiences as the edge knows them. */
  audiences?: string[];
  /** Only when the request carried a preview token. */
  preview?: PreviewState;
}

export interface MessageButton {
  label: string;
  action: { type: "url" | "dismiss" | "deeplink" | "custom"; url?: string; name?: string };
}

export interface Message {
  layout: "modal" | "banner" | "slideup" | "fullscreen" | "inline" | "html";
  title?: string;
  body?: string;
  image?: string;
  imageAlt?: string;
  html?: string;
  buttons?: MessageButton[];
  dir?: string;
  lang?: string;
}

export interface MessageDecision extends ClientDecision {
  offerId: string;
  message: Message;
  /**
   * The app URL schemes the ruleset declares (`deepLinkSchemes`), set by the core on what it hands
   * a presenter or `on("message")`: renderers follow a deep link only with one of them (`safeUrl`).
   */
  deepLinkSchemes?: readonly string[];
}

/**
 * The event types of `POST /v1/events` (DESIGN.md), written once: intake validates against them,
 * statistics count them, journeys match them.
 */
export const EVENT_TYPES = ["trigger", "display", "interact", "dismiss", "suppress", "conversion", "track"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Events about an offer: they name one (or carry the decision token that does). */
export const OFFER_EVENT_TYPES = ["trigger", "display", "interact", "dismiss", "suppress", "conversion"] as const satisfies readonly EventType[];
/** Offer events an intake must be able to attribute: an `offerId` or a token is required. */
export const ATTRIBUTED_EVENT_TYPES: readonly EventType[] = ["display", "interact", "dismiss", "suppress"];

export const isOfferEvent = (type: string): type is EventType => (OFFER_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The event types of `POST /v1/events`, written once in the wire types the SDKs send with
 * (`@edgewise/sdk-core/wire`): intake validates against them, statistics count them, journeys match
 * them.
 */
export { ATTRIBUTED_EVENT_TYPES, EVENT_TYPES, isOfferEvent, OFFER_EVENT_TYPES } from "@edgewise/sdk-core/wire";
export type { ClientEvent, EventType } from "@edgewise/sdk-core/wire";

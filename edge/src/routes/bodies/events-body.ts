import { ApiError } from "../../errors.ts";
import { ATTRIBUTED_EVENT_TYPES, EVENT_TYPES } from "../../domain/events/kinds.ts";
import type { ClientEvent } from "../../domain/events/intake.ts";
import { invalid } from "../../domain/shared/checks.ts";
import { AnonymousIdShape, ID_RULES, ProfileIdShape, SignatureShape } from "./decide-body.ts";
import { anyObject, batch, boolean, object, oneOf, optional, string, type Shape } from "../schema/shapes.ts";

export const MAX_EVENTS = 500;

const MIN_TIMESTAMP = Date.UTC(2000, 0, 1);
/** How far in the future an event may be dated (clock skew between a device and the edge). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Epoch ms or an ISO-8601 time, from 2000 on and at most `maxAheadMs` after now (events: 5 minutes
 * of clock skew; a later time is `invalid_timestamp`).
 */
export function parseTimestamp(value: unknown, path: string, maxAheadMs = MAX_CLOCK_SKEW_MS): number {
  const ms = typeof value === "string" ? Date.parse(value) : value;
  if (typeof ms !== "number" || !Number.isFinite(ms)) invalid(path, "expected epoch milliseconds or an ISO-8601 time");
  if (ms < MIN_TIMESTAMP) invalid(path, "timestamp is before 2000-01-01");
  if (ms > Date.now() + maxAheadMs) {
    throw new ApiError(400, "invalid_timestamp", `timestamp is more than ${maxAheadMs / 60_000} minutes in the future`, path);
  }
  return ms;
}

/** A time as `parseTimestamp` reads it. */
export function timestamp(maxAheadMs = MAX_CLOCK_SKEW_MS, description = "Epoch milliseconds or an ISO-8601 time, from 2000 on."): Shape<number> {
  return {
    json: { description, oneOf: [{ type: "integer", minimum: MIN_TIMESTAMP }, { type: "string", format: "date-time" }] },
    parse: (value, path) => parseTimestamp(value, path, maxAheadMs),
  };
}

/**
 * One event of `POST /v1/events`: `{id, type, name?, offerId?, placement?, token?, profileId?,
 * anonymousId, timestamp, properties?}`. A `track` event needs its `name`; `display`, `interact`,
 * `dismiss`, `suppress` and `conversion` need an `offerId` or the decision's `token`.
 */
export const EventShape = object(
  {
    type: oneOf(EVENT_TYPES, "What happened. An event's name is its `name` for track events, else its type."),
    id: string({ maxLength: 128 }, "A client UUID: a retried event is counted once."),
    anonymousId: AnonymousIdShape,
    timestamp: timestamp(MAX_CLOCK_SKEW_MS, "When it happened: epoch ms or ISO-8601, from 2000 on, at most 5 minutes ahead."),
    name: optional(string({ maxLength: 128 }, "The name of a track event.")),
    offerId: optional(string(ID_RULES)),
    placement: optional(string(ID_RULES)),
    token: optional(string({ maxLength: 2048 }, "The decision's token: attributes the event to what was decided.")),
    profileId: optional(ProfileIdShape),
    profileSignature: optional(SignatureShape),
    properties: optional(anyObject()),
    experimentId: optional(string(ID_RULES, "A display decided on the device by an experiment: the experiment (with a token, the edge reads it from the token).")),
    variantId: optional(string(ID_RULES, "…and the profile's variant.")),
    holdout: optional(boolean("A display decided on the device for a profile in the catalog's holdout.")),
  },
  {
    check: (event, path) => {
      if (event.type === "track" && event.name === undefined) invalid(`${path}.name`, "track events need a name");
      // A variant that shows nothing is exposed by a display that names its experiment and variant alone.
      const nothingShown = event.type === "display" && event.experimentId !== undefined && event.variantId !== undefined;
      if (ATTRIBUTED_EVENT_TYPES.includes(event.type) && event.offerId === undefined && event.token === undefined && !nothingShown) {
        invalid(`${path}.offerId`, `${event.type} events need an offerId or a token`);
      }
    },
  },
);

/** The batch: each event is checked on its own by `parseEvent` (and refused alone, by index). */
export const EventsBodyShape = object(
  {
    events: batch(EventShape, { maxItems: MAX_EVENTS }, `At most ${MAX_EVENTS}; each is accepted or rejected on its own.`),
    profileSignature: optional(SignatureShape),
  },
  {
    description: "Events from a device or browser.",
    examples: [
      {
        events: [
          { id: "5d3c2a4e-8f61-4f0a-9b7e-2c1d0e9f8a70", type: "track", name: "product_viewed", anonymousId: "a-1f6c", timestamp: "2026-12-01T10:00:00Z", properties: { sku: "tee-01" } },
          { id: "7a1b9c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d", type: "display", offerId: "welcome", placement: "home-hero", anonymousId: "a-1f6c", timestamp: "2026-12-01T10:00:01Z" },
        ],
      },
    ],
  },
);

export interface EventsBody {
  events: unknown[];
  profileSignature?: string;
}

/** The batch envelope; 413 beyond MAX_EVENTS. */
export function parseEventsBody(value: unknown): EventsBody {
  const events = (value as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS) {
    throw new ApiError(413, "too_many_events", `at most ${MAX_EVENTS} events per request`, "$.events");
  }
  return EventsBodyShape.parse(value, "$");
}

/** One event at `path` (`$.events[3]`); throws a 400 refusal with the path. */
export function parseEvent(value: unknown, path: string): ClientEvent {
  // The parsed object is new: its name is set in place (an offer event's name is its type).
  const event = EventShape.parse(value, path) as ClientEvent;
  if (event.type !== "track") event.name = event.type;
  return event;
}

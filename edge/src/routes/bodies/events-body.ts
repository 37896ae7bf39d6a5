import { ApiError } from "../../errors.ts";
import { ATTRIBUTED_EVENT_TYPES, EVENT_TYPES } from "../../domain/events/kinds.ts";
import type { ClientEvent } from "../../domain/events/intake.ts";
import { ID_RULES, SIGNATURE_RULES } from "./decide-body.ts";
import {
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  invalid,
  isObject,
  optionalString,
  type JsonObject,
} from "../../domain/shared/checks.ts";

export const MAX_EVENTS = 500;

export interface EventsBody {
  events: unknown[];
  profileSignature?: string;
}


/** The batch envelope; 413 beyond MAX_EVENTS. Each event is checked on its own by `parseEvent`. */
export function parseEventsBody(value: unknown): EventsBody {
  const body = expectObject(value, "$");
  const events = body["events"];
  if (Array.isArray(events) && events.length > MAX_EVENTS) {
    throw new ApiError(413, "too_many_events", `at most ${MAX_EVENTS} events per request`, "$.events");
  }
  const parsed: EventsBody = { events: expectArray(events, "$.events", MAX_EVENTS) };
  const signature = optionalString(body["profileSignature"], "$.profileSignature", SIGNATURE_RULES);
  if (signature !== undefined) parsed.profileSignature = signature;
  return parsed;
}

/**
 * One event of `POST /v1/events` at `path` (`$.events[3]`):
 * `{id, type, name?, offerId?, placement?, token?, profileId?, anonymousId, timestamp, properties?}`.
 * `timestamp` is epoch ms or an ISO-8601 string. Throws an `ApiError(400)` with the path.
 */
export function parseEvent(value: unknown, path: string): ClientEvent {
  const raw = expectObject(value, path);
  const type = expectOneOf(raw["type"], `${path}.type`, EVENT_TYPES);
  const event: ClientEvent = {
    id: expectString(raw["id"], `${path}.id`, { maxLength: 128 }),
    type,
    name: type,
    anonymousId: expectString(raw["anonymousId"], `${path}.anonymousId`, ID_RULES),
    timestamp: parseTimestamp(raw["timestamp"], `${path}.timestamp`),
  };
  const name = optionalString(raw["name"], `${path}.name`, { maxLength: 128 });
  if (type === "track") {
    if (name === undefined) invalid(`${path}.name`, "track events need a name");
    event.name = name;
  }
  assign(event, "offerId", optionalString(raw["offerId"], `${path}.offerId`, ID_RULES));
  assign(event, "placement", optionalString(raw["placement"], `${path}.placement`, ID_RULES));
  assign(event, "token", optionalString(raw["token"], `${path}.token`, { maxLength: 2048 }));
  assign(event, "profileId", optionalString(raw["profileId"], `${path}.profileId`, ID_RULES));
  assign(event, "profileSignature", optionalString(raw["profileSignature"], `${path}.profileSignature`, SIGNATURE_RULES));
  if (raw["properties"] !== undefined) {
    if (!isObject(raw["properties"])) invalid(`${path}.properties`, "expected an object");
    event.properties = raw["properties"];
  }
  if (ATTRIBUTED_EVENT_TYPES.includes(type) && event.offerId === undefined && event.token === undefined) {
    invalid(`${path}.offerId`, `${type} events need an offerId or a token`);
  }
  return event;
}

function assign<K extends keyof ClientEvent>(event: ClientEvent, key: K, value: ClientEvent[K] | undefined): void {
  if (value !== undefined) event[key] = value;
}

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

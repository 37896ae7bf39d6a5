/**
 * What a profile's outbox sends downstream, tagged by kind: the queue's consumer dispatches on
 * `kind`, and its one statistics adapter counts each `key` once (a redelivery is harmless).
 */
export type OutboxMessage = EventMessage | JourneyStatsMessage | WebhookMessage;

/** An accepted event on its way from a profile's Durable Object to the statistics in D1. */
export interface EventMessage {
  kind: "event";
  /** `<profileKey>|<event id>`: unique per accepted event. */
  key: string;
  type: string;
  name: string;
  offerId?: string;
  placement?: string;
  /** Event time (epoch ms, never in the future). */
  timestamp: number;
  /** The offer has a global cap: the event is also counted by its GlobalCapCounter. */
  global: boolean;
  /** An experiment's exposure (a display of its decision) or conversion event: the profile it is of. */
  profileKey?: string;
  experimentId?: string;
  variantId?: string;
  metric?: true;
  /** A display while the catalog has a holdout: the profile's group (the holdout's report). */
  holdout?: "holdout" | "treated";
  /** The event's properties (what forwarding sends on). */
  properties?: Record<string, unknown>;
}

/**
 * A journey's `action` step: one call to a webhook, on its way to the webhook's destination object
 * (`hosts/outbound-destination.ts`). `deliveryId` is fixed here, in the step's atomic transition, so
 * every retry downstream carries the same `x-edgewise-delivery`.
 */
export interface WebhookMessage {
  kind: "webhook";
  /** `<profileKey>|webhook|<deliveryId>`. */
  key: string;
  timestamp: number;
  deliveryId: string;
  webhook: string;
  /** The rendered JSON body. */
  body: string;
  /** What made the call: `journey:<id>@<step>`. */
  source: string;
}

/** The journey and campaign counter changes of one transition step. */
export interface JourneyStatsMessage {
  kind: "journey-stats";
  /** `<profileKey>|stat|<uuid>`; each delta is counted once under `<key>#<index>`. */
  key: string;
  timestamp: number;
  stats: StatDelta[];
}

/**
 * An outbox message as it comes off the queue, checked: `undefined` for anything else. Messages
 * written by an older edge carry no `kind` (journey statistics had `stats`) and are read too.
 */
export function parseOutboxMessage(value: unknown): OutboxMessage | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (typeof m["key"] !== "string" || typeof m["timestamp"] !== "number") return undefined;
  if (m["kind"] === "journey-stats" || (m["kind"] === undefined && Array.isArray(m["stats"]))) {
    return Array.isArray(m["stats"]) ? { kind: "journey-stats", key: m["key"], timestamp: m["timestamp"], stats: m["stats"] as StatDelta[] } : undefined;
  }
  if (m["kind"] === "webhook") {
    const ok = ["deliveryId", "webhook", "body", "source"].every((k) => typeof m[k] === "string");
    return ok ? (m as unknown as WebhookMessage) : undefined;
  }
  if (m["kind"] !== undefined && m["kind"] !== "event") return undefined;
  if (typeof m["type"] !== "string" || typeof m["name"] !== "string") return undefined;
  if (m["offerId"] !== undefined && typeof m["offerId"] !== "string") return undefined;
  if (m["placement"] !== undefined && typeof m["placement"] !== "string") return undefined;
  for (const key of ["profileKey", "experimentId", "variantId"]) if (m[key] !== undefined && typeof m[key] !== "string") return undefined;
  if (m["holdout"] !== undefined && m["holdout"] !== "holdout" && m["holdout"] !== "treated") return undefined;
  if (m["properties"] !== undefined && (typeof m["properties"] !== "object" || m["properties"] === null || Array.isArray(m["properties"]))) return undefined;
  return { ...(m as unknown as EventMessage), kind: "event", global: m["global"] !== false };
}

/** The outbox/queue message of an accepted event (its time clamped to `now`). */
export function eventMessage(
  event: {
    id: string; type: string; name: string; timestamp: number; offerId?: string; placement?: string; global?: boolean;
    experimentId?: string; variantId?: string; metric?: true; holdout?: "holdout" | "treated"; properties?: Record<string, unknown>;
  },
  profileKey: string,
  now: number,
): EventMessage {
  return {
    kind: "event",
    key: `${profileKey}|${event.id}`,
    type: event.type,
    name: event.name,
    timestamp: Math.min(event.timestamp, now),
    ...(event.offerId === undefined ? {} : { offerId: event.offerId }),
    ...(event.placement === undefined ? {} : { placement: event.placement }),
    global: event.global === true,
    ...(event.experimentId !== undefined && event.variantId !== undefined ? { profileKey, experimentId: event.experimentId, variantId: event.variantId } : {}),
    ...(event.metric ? { profileKey, metric: true as const } : {}),
    ...(event.holdout ? { profileKey, holdout: event.holdout } : {}),
    ...(event.properties === undefined ? {} : { properties: event.properties }),
  };
}

/** One change to a journey step's or a campaign's counters. */
export interface StatDelta {
  kind: "journey" | "campaign";
  id: string;
  version: string;
  step: string;
  metric: string;
  delta: number;
}

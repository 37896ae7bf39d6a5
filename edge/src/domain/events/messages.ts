/** One accepted event on its way from a profile's Durable Object to the statistics in D1. */
export interface EventMessage {
  /** `<profileKey>|<event id>`: unique per accepted event; the consumer counts each key once. */
  key: string;
  type: string;
  name: string;
  offerId?: string;
  placement?: string;
  /** Event time (epoch ms, never in the future). */
  timestamp: number;
  /** Journey and campaign statistics (`type: "journey-stat"`, never an `offerId`): see journeys/stats.ts. */
  stats?: StatDelta[];
  /** Whether the offer has a global cap: only then is the event counted by a GlobalCapCounter (absent in messages of older edges: counted). */
  global?: boolean;
}

/** The outbox/queue message of an accepted event (its time clamped to `now`). */
export function eventMessage(
  event: { id: string; type: string; name: string; timestamp: number; offerId?: string; placement?: string; global?: boolean },
  profileKey: string,
  now: number,
): EventMessage {
  return {
    key: `${profileKey}|${event.id}`,
    type: event.type,
    name: event.name,
    timestamp: Math.min(event.timestamp, now),
    ...(event.offerId === undefined ? {} : { offerId: event.offerId }),
    ...(event.placement === undefined ? {} : { placement: event.placement }),
    global: event.global === true,
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

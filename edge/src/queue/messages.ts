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

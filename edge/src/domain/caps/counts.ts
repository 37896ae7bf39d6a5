/** An accepted event about one offer, as counted for global caps. */
export interface CountedEvent {
  /** Unique per accepted event (`<profileKey>|<event id>`): recording it twice counts once. */
  key: string;
  name: string;
}

/**
 * Counts for `decide`'s `globalCounts[offerId]`: `<event>` is the lifetime count,
 * `<event>/<period>` the count in the current day, week or month (UTC).
 */
export type CapCounts = Record<string, number>;

/** The global cap counter of one offer (a Durable Object per offer at the edge). */
export interface GlobalCapCounter {
  /** Counts the events not seen before (by key), and answers the counts as they now stand. */
  record(events: readonly CountedEvent[], now?: number): Promise<CapCounts>;
  counts(now?: number): Promise<CapCounts>;
}

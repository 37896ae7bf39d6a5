/** Bounds on what one profile's Durable Object keeps. */
export const PROFILE_LIMITS = {
  /** Event history kept for caps and the `history` operator. */
  historyEvents: 1_000,
  historyAgeMs: 90 * 86_400_000,
  /** Ids of processed events, for idempotent intake (a retry after this window counts again). */
  processedIds: 10_000,
  processedAgeMs: 30 * 86_400_000,
  /** A decision's cap reservation counts as a display until its display event arrives or this passes. */
  reservationMs: 10 * 60_000,
  reservations: 1_000,
  /** Outbox rows sent per queue batch (the Queues limit is 100 messages). */
  outboxBatch: 100,
  /** Delay before retrying a failed outbox flush. */
  outboxRetryMs: 5_000,
} as const;

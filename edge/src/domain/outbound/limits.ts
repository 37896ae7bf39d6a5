import { SERIES_RETENTION } from "../stats/buckets.ts";

/**
 * Every bound of outbound delivery (DESIGN.md, "Outbound: webhook actions and event forwarding"),
 * in one place: how long a call may take and be retried, how much a destination may hold, and
 * how long what it sent is kept.
 */
export const OUTBOUND_LIMITS = {
  /** A delivery is retried for this long after it was created (or retried by an operator), then failed: the dead letter. */
  giveUpAfterMs: 24 * 3_600_000,
  /** The first retry's back-off; it doubles per attempt (with jitter: 50–100 % of it)… */
  firstRetryMs: 1_000,
  /** …up to this. */
  maxRetryMs: 3_600_000,
  /** `Retry-After` beyond this is read as this. */
  maxRetryAfterMs: 3_600_000,
  /** A call's time limit unless the destination sets `timeout` (the catalog allows up to 30 s). */
  defaultTimeoutMs: 10_000,
  /** Calls in flight at once per destination (a destination without `perSecond` is paced by this alone). */
  maxInFlight: 32,
  /**
   * `perSecond` calls are spread evenly over this: a second and 5 % more (pacer.ts), so that the
   * network's jitter cannot squeeze more than `perSecond` calls into one second at the receiver.
   */
  pacingWindowMs: 1_050,
  /** After a run of failed calls a destination waits min(2^(run-1) s, this) before the next call (a receiver that is down is not hammered). */
  maxPauseMs: 30_000,
  /** Forwarding: buffered events go out when a batch is full or the oldest has waited this long. */
  flushAfterMs: 1_000,
  /** A rendered webhook body larger than this is not sent (the step records the failure). */
  maxBodyBytes: 64 * 1024,
  /** Deliveries and buffered events waiting per destination; beyond it new ones are dropped and counted (`dropped`). */
  maxWaiting: 200_000,
  /** How long delivered deliveries, failed ones, and forwarded events' ids (their de-duplication) are kept. */
  keepDeliveredMs: 3 * 86_400_000,
  keepFailedMs: 30 * 86_400_000,
  keepForwardedIdsMs: 7 * 86_400_000,
  /**
   * How long a destination's hourly counters (the webhook series: delivered, failed, retried and a
   * latency histogram, one row per UTC hour) are kept: as long as the D1 series keep their daily rows
   * (SERIES_RETENTION.dailyMs), pruned by whole UTC days with the deliveries.
   */
  keepSeriesMs: SERIES_RETENTION.dailyMs,
  /** Characters of a failed answer's body kept with the delivery (what the receiver said). */
  answerChars: 300,
  /** Campaign actions: profiles read from the snapshot per page, and deliveries kept ready ahead of the pace. */
  campaignPage: 250,
  campaignAhead: 500,
  /** One alarm run of a destination's object works for at most this long, then schedules the next. */
  runMs: 25_000,
} as const;

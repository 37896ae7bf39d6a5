import type { Destination } from "./destinations.ts";

export type DeliveryStatus = "pending" | "delivered" | "failed";

/** One call to a destination (a webhook call, or a batch of forwarded events), with its last attempt. */
export interface Delivery {
  /** The UUID every attempt carries in `x-edgewise-delivery`. */
  id: string;
  /** What made the call: `journey:<id>@<step>`, `campaign:<id>`, or `forwarding`. */
  source: string;
  body: string;
  /** Forwarding: the events in the batch (0 for a webhook call). */
  events: number;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  /** Retries end LIMITS.giveUpAfterMs after this: creation, or an operator's retry. */
  windowStart: number;
  /** Pending: when the next attempt is due. */
  nextAttemptAt: number;
  updatedAt: number;
  /** The last attempt's HTTP status (`null`: no answer). */
  lastStatus: number | null;
  /** Why the last attempt did not deliver (what the receiver said, or the network error). */
  error: string | null;
  /** The delivering attempt's time from request to answer. */
  latencyMs: number | null;
  /** Failed after retrying for LIMITS.giveUpAfterMs: the dead letter. */
  deadLetter: boolean;
}

export interface NewDelivery {
  id: string;
  source: string;
  body: string;
  createdAt: number;
}

/** An accepted event on its way to a forwarding destination, keyed `<profileKey>|<event id>`. */
export interface ForwardedEvent {
  key: string;
  event: Record<string, unknown>;
}

/** What one attempt came to. */
export interface AttemptRecord {
  verdict: "delivered" | "retry" | "failed";
  status: number | null;
  error: string | null;
  latencyMs: number | null;
  /** retry: when the next attempt is due. */
  nextAttemptAt?: number;
  deadLetter?: boolean;
}

/** A campaign action sending to its audience, page by page of the snapshot it started with. */
export interface CampaignJob {
  campaignId: string;
  /** The campaign's schedule start (epoch ms): a campaign sends once per schedule. */
  opens: number;
  catalogVersion: string;
  audience: string;
  /** The snapshot version's number and shard count; `shard`/`cursor`: where the next page starts. */
  vid: number;
  shards: number;
  shard: number;
  cursor: string;
  queued: number;
  done: boolean;
  startedAt: number;
}

/** A destination's counts (`GET /v1/admin/stats` → `outbound`). */
export interface DestinationStats {
  pending: number;
  /** Pending after at least one failed attempt. */
  retrying: number;
  delivered: number;
  failed: number;
  deadLetters: number;
  /** Refused because the destination held LIMITS.maxWaiting already. */
  dropped: number;
  /** Forwarding: events sent in delivered batches, and events waiting for a batch. */
  eventsForwarded: number;
  eventsBuffered: number;
  /** 95th percentile of delivering attempts' latency over the last 24 hours. */
  p95LatencyMs: number | null;
  lastDeliveredAt: number | null;
}

/**
 * A destination's deliveries in one UTC hour or day (`GET /v1/admin/stats/series?kind=webhook`),
 * each counted in the bucket of its last attempt (`updated_at`): delivered, failed (given up or
 * refused), retried (took more than one attempt, or waits for a retry after a failed one), and the
 * 95th percentile of the delivering attempts' latency (`null`: none delivered), read from a latency
 * histogram: never below the exact value, at most 10 % above it (domain/stats/latency-histogram.ts).
 * Counted per hour as deliveries change (delivery-series.ts), so a delivery still counts after its
 * row is pruned, for LIMITS.keepSeriesMs.
 */
export interface DestinationSeriesPoint {
  at: number;
  delivered: number;
  failed: number;
  retried: number;
  p95LatencyMs: number | null;
}

/**
 * A destination's deliveries, buffered events and campaign jobs (its Durable Object's SQLite).
 * Every method is synchronous: a caller that does not await in between makes one atomic step.
 */
export interface DeliveryRecords {
  destination(): Destination | undefined;
  setDestination(destination: Destination): void;
  /** Adds deliveries not known yet (by id); answers how many were added. */
  add(deliveries: readonly NewDelivery[], now: number): number;
  /** Buffers events not seen yet (by key); answers how many were new. */
  buffer(events: readonly ForwardedEvent[], now: number): number;
  /** Buffered events not yet in a batch, and when the oldest arrived. */
  buffered(): { count: number; oldestAt: number | null };
  /** Puts up to `limit` buffered events, oldest first, in one new delivery `id`; answers how many. */
  batch(limit: number, id: string, now: number): number;
  /** Pending deliveries plus buffered events. */
  waiting(): number;
  pendingCount(): number;
  countDropped(n: number): void;
  /** Pending deliveries due at `now`, oldest due first, leaving out `excluding` (in flight). */
  due(now: number, limit: number, excluding: ReadonlySet<string>): Delivery[];
  /** The next pending attempt's time, if any. */
  nextAttemptAt(): number | undefined;
  attempted(id: string, attempt: AttemptRecord, now: number): void;
  /** Makes a failed (or pending) delivery due now, with a new retry window; `undefined` if unknown. */
  retry(id: string, now: number): Delivery | undefined;
  get(id: string): Delivery | undefined;
  /** Newest first (by creation, then id); `before`: where the previous page ended. */
  list(status: DeliveryStatus | undefined, limit: number, before?: { createdAt: number; id: string }): Delivery[];
  stats(now: number): DestinationStats;
  jobs(): CampaignJob[];
  /** Records a new job; false when the campaign already has one. */
  startJob(job: CampaignJob): boolean;
  saveJob(job: CampaignJob): void;
  /** Drops what is kept past its time (LIMITS.keep*). */
  prune(now: number): void;
}

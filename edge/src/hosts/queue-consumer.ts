import type { Env } from "../env.ts";
import { aggregateEvents, pruneDedupeKeys } from "../adapters/d1/offer-stats.ts";
import { aggregateJourneyStats } from "../adapters/d1/journey-stats.ts";
import type { EventMessage } from "../domain/events/messages.ts";

const PRUNE_EVERY_MS = 3_600_000;
let lastPruned = 0;

function isEventMessage(value: unknown): value is EventMessage {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m["key"] === "string" &&
    typeof m["type"] === "string" &&
    typeof m["name"] === "string" &&
    typeof m["timestamp"] === "number" &&
    (m["offerId"] === undefined || typeof m["offerId"] === "string") &&
    (m["placement"] === undefined || typeof m["placement"] === "string")
  );
}

/**
 * The events queue consumer: aggregates a batch into D1 in one transaction (each event key counted
 * once, so redeliveries are harmless). On failure the whole batch is retried with a delay; after
 * `max_retries` Queues moves it to the dead-letter queue (wrangler.jsonc).
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = Date.now();
  const events: EventMessage[] = [];
  for (const message of batch.messages) {
    if (isEventMessage(message.body)) events.push(message.body);
    else console.warn("dropping malformed event message", message.id);
  }
  try {
    await aggregateEvents(env.STATS_DB, events, now);
    await aggregateJourneyStats(env.STATS_DB, events, now); // journey and campaign counters
    batch.ackAll();
  } catch (error) {
    console.error("aggregating events failed; the batch will be retried", error);
    batch.retryAll({ delaySeconds: 10 });
    return;
  }
  if (now - lastPruned > PRUNE_EVERY_MS) {
    lastPruned = now;
    await pruneDedupeKeys(env.STATS_DB, now).catch((error: unknown) => console.error("pruning dedupe keys failed", error));
  }
}

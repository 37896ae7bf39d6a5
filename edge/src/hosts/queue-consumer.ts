import { Statistics } from "../adapters/d1/statistics.ts";
import { activeDestinations } from "../adapters/outbound.ts";
import { outboundDestination } from "../adapters/stubs.ts";
import { parseOutboxMessage, type OutboxMessage } from "../domain/events/messages.ts";
import { dispatchOutbound } from "../domain/outbound/dispatch.ts";
import type { Env } from "../env.ts";

const PRUNE_EVERY_MS = 3_600_000;
let lastPruned = 0;

/**
 * The events queue consumer: every outbox message (events, journey statistics and webhook calls,
 * told apart by their `kind`) goes to the one statistics adapter, which counts a batch in one D1
 * transaction, each key once (so redeliveries are harmless); then webhook calls and the events
 * that forwarding destinations take go to those destinations' objects, which keep each delivery
 * id and event key once. On failure the whole batch is retried with a delay; after `max_retries`
 * Queues moves it to the dead-letter queue (wrangler.jsonc).
 */
export async function consumeEvents(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const now = Date.now();
  const messages: OutboxMessage[] = [];
  for (const message of batch.messages) {
    const parsed = parseOutboxMessage(message.body);
    if (parsed) messages.push(parsed);
    else console.warn("dropping a malformed outbox message", message.id);
  }
  const statistics = new Statistics(env.STATS_DB);
  try {
    await statistics.record(messages, now);
    await dispatchOutbound(messages, await activeDestinations(env), {
      enqueue: (name, destination, deliveries) => outboundDestination(env, name).enqueue(destination, deliveries),
      forward: (name, destination, events) => outboundDestination(env, name).forward(destination, events),
    });
    batch.ackAll();
  } catch (error) {
    console.error("aggregating events failed; the batch will be retried", error);
    batch.retryAll({ delaySeconds: 10 });
    return;
  }
  if (now - lastPruned > PRUNE_EVERY_MS) {
    lastPruned = now;
    await statistics.prune(now).catch((error: unknown) => console.error("pruning dedupe keys failed", error));
  }
}

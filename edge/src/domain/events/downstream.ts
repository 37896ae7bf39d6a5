import type { CountedEvent } from "../caps/counts.ts";
import type { OutboxMessage } from "./messages.ts";
import type { Downstream } from "./ports.ts";

/**
 * Sends accepted events on: all messages to the statistics, and the events of globally capped
 * offers to their offers' counters as well. One path for a profile's outbox and for the events
 * stored nowhere (an anonymous visitor's events nothing reads back).
 */
export async function sendDownstream(downstream: Downstream, messages: readonly OutboxMessage[]): Promise<void> {
  const byOffer = new Map<string, CountedEvent[]>();
  for (const message of messages) {
    if (message.kind !== "event" || message.offerId === undefined || !message.global) continue;
    const list = byOffer.get(message.offerId) ?? [];
    list.push({ key: message.key, name: message.name });
    byOffer.set(message.offerId, list);
  }
  await Promise.all([downstream.send(messages), ...[...byOffer].map(([offerId, events]) => downstream.countGlobally(offerId, events))]);
}

import type { EventMessage, OutboxMessage } from "../events/messages.ts";
import { destinationName, type CatalogDestinations, type Destination } from "./destinations.ts";
import type { ForwardedEvent, NewDelivery } from "./ports.ts";

/** Where the queue consumer hands outbound work: each destination's object, by its name. */
export interface OutboundPort {
  /** `destination`: from the active catalog; `null` when the catalog no longer has it (the object keeps the one it knew). */
  enqueue(name: string, destination: Destination | null, deliveries: NewDelivery[]): Promise<unknown>;
  forward(name: string, destination: Destination, events: ForwardedEvent[]): Promise<unknown>;
}

/**
 * The outbound part of a queue batch: journeys' webhook calls, grouped by webhook, and the
 * accepted events that each forwarding destination takes (its `events` names, or all), one call
 * per destination. A redelivered batch is harmless: destinations keep each delivery id and each
 * event key once.
 */
export async function dispatchOutbound(messages: readonly OutboxMessage[], destinations: CatalogDestinations, port: OutboundPort): Promise<void> {
  const calls = new Map<string, NewDelivery[]>();
  for (const m of messages) {
    if (m.kind !== "webhook") continue;
    const list = calls.get(m.webhook) ?? [];
    list.push({ id: m.deliveryId, source: m.source, body: m.body, createdAt: m.timestamp });
    calls.set(m.webhook, list);
  }
  const work: Promise<unknown>[] = [];
  for (const [webhook, deliveries] of calls) {
    work.push(port.enqueue(destinationName("webhook", webhook), destinations.webhooks.get(webhook) ?? null, deliveries));
  }
  const events = messages.filter((m): m is EventMessage => m.kind === "event");
  for (const destination of destinations.forwarding) {
    const names = destination.events ? new Set(destination.events) : undefined;
    const taken = events.filter((e) => !names || names.has(e.name)).map(forwardedEvent);
    if (taken.length > 0) work.push(port.forward(destinationName("forwarding", destination.id), destination, taken));
  }
  await Promise.all(work);
}

/**
 * An accepted event as forwarding sends it: `{id, type, name, profileId | anonymousId, offerId?,
 * placement?, timestamp (ISO-8601), experimentId?, variantId?, properties?}`, keyed by its outbox
 * key (`<profileKey>|<event id>`: unique per accepted event).
 */
export function forwardedEvent(message: EventMessage): ForwardedEvent {
  const split = message.key.lastIndexOf("|");
  const profileKey = message.key.slice(0, split);
  const who = profileKey.startsWith("p:") ? { profileId: profileKey.slice(2) } : profileKey.startsWith("anon:") ? { anonymousId: profileKey.slice(5) } : {};
  return {
    key: message.key,
    event: {
      id: message.key.slice(split + 1),
      type: message.type,
      name: message.name,
      ...who,
      ...(message.offerId === undefined ? {} : { offerId: message.offerId }),
      ...(message.placement === undefined ? {} : { placement: message.placement }),
      timestamp: new Date(message.timestamp).toISOString(),
      ...(message.experimentId === undefined ? {} : { experimentId: message.experimentId, variantId: message.variantId }),
      ...(message.properties === undefined ? {} : { properties: message.properties }),
    },
  };
}

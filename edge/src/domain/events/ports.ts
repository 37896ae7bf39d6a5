import type { CountedEvent } from "../caps/counts.ts";
import type { OutboxMessage } from "./messages.ts";

/** Where accepted events and statistics go: the global cap counters and the statistics' queue. */
export interface Downstream {
  /** Counts events of a globally capped offer (by key: a repeat is harmless). */
  countGlobally(offerId: string, events: readonly CountedEvent[]): Promise<void>;
  /** Sends messages to the statistics (at-least-once; the consumer counts each key once). */
  send(messages: readonly OutboxMessage[]): Promise<void>;
}

import type { OutboxMessage } from "../events/messages.ts";
import type { LoadedCatalog } from "../catalogs/facts.ts";
export type { Downstream } from "../events/ports.ts";
import type { HistoryEntry, ProfileCapCounters, ProfileEvent } from "./types.ts";

/**
 * One profile's history, cap reservations and outbox (a Durable Object's SQLite at the edge).
 * Every method is synchronous: a caller that does not await in between makes one atomic step.
 */
export interface ProfileRecords {
  /** Forgets everything cached (after the object's storage was deleted). */
  reset(): void;
  /** Recent events plus live reservations (as displays), for decisions and journey rules. */
  historyForDecision(now: number): HistoryEntry[];
  /** Holds a display of `offerId` for `decisionId` until its display or suppress arrives. */
  reserve(decisionId: string, offerId: string, now: number): void;
  expireReservations(now: number): void;
  /** Records `event` unless its id was seen; an accepted event also enters the outbox. */
  append(event: ProfileEvent, profileKey: string, now: number): boolean;
  /** Drops history older than the limits allow and forgets old event ids. */
  trim(now: number): void;
  summary(now: number): { history: HistoryEntry[]; caps: ProfileCapCounters; pendingReservations: number };
  enqueue(message: OutboxMessage): void;
  /** The oldest outbox messages, at most `limit`, and the sequence number to remove them by. */
  outboxBatch(limit: number): { lastSeq: number; messages: OutboxMessage[] } | undefined;
  removeFromOutbox(lastSeq: number): void;
  outboxSize(): number;
  /** No history, reservation or outbox message left. */
  isEmpty(now: number): boolean;
  oldestHistoryTimestamp(): number | undefined;
}

/** Catalog versions, compiled once per isolate and version, with their facts. */
export interface CatalogLoader {
  load(version: string): Promise<LoadedCatalog | null>;
}

/** The profile's one wake-up call (a Durable Object's alarm) and its storage as a whole. */
export interface Scheduler {
  alarm(): Promise<number | null>;
  setAlarm(at: number): Promise<void>;
  /** Deletes everything the profile stored (its alarm included). */
  deleteAll(): Promise<void>;
}

import type { Clock, Storage } from "./ports.ts";
import { backoffMs } from "./util.ts";
import type { ClientEvent } from "./wire.ts";

/** One event as the queue keeps it: the wire's `ClientEvent`. */
export type QueuedEvent = ClientEvent;

export interface QueueOptions {
  /** Where the queue lives now (the platform's storage, or memory while consent is pending). */
  storage(): Storage;
  /** Whether sending is allowed now (consent "in"). */
  canSend(): boolean;
  /**
   * Posts a batch. `retry: false` means it is done with (taken, or refused for good and dropped);
   * `retry: true` keeps it for later, after `retryAfter` ms if the edge said so.
   */
  post(batch: QueuedEvent[]): Promise<{ retry: boolean; retryAfter?: number }>;
  /** Hands a batch to the platform for a page or app going away. */
  beacon(batch: QueuedEvent[]): void;
  clock: Clock;
  /** Milliseconds to gather events into one batch. */
  delay: number;
  onError(error: unknown): void;
}

export const QUEUE_KEY = "ew:q";
const MAX_QUEUED = 1000;
const BATCH = 100;
const BEACON_BATCH = 40;

/**
 * A persistent, batched event queue. Events are stored before they are sent and removed only once
 * the edge has taken them, so a reload or an offline period loses none; failures retry with
 * exponential backoff and jitter, honouring `Retry-After`. Tabs sharing a store may send the same
 * event twice; the edge counts each id once.
 *
 * @example const queue = createQueue(options); await queue.add(event); await queue.flush();
 */
export function createQueue(o: QueueOptions) {
  /** This tab's events not yet known to be delivered: what a beacon sends when the page goes away. */
  let mine: QueuedEvent[] = [];
  let timer: unknown;
  let due = Infinity;
  /** No delivery before this time (backoff or `Retry-After`), however many events arrive. */
  let holdUntil = 0;
  /** Whether the hold is the edge's `Retry-After`, which coming back online does not lift. */
  let serverHold = false;
  let attempt = 0;
  let running: Promise<void> | undefined;
  let again = false;

  function schedule(ms: number): void {
    const now = o.clock.now();
    const at = Math.max(now + ms, holdUntil);
    if (timer !== undefined && due <= at) return;
    o.clock.clearTimeout(timer);
    due = at;
    timer = o.clock.setTimeout(() => {
      timer = undefined;
      due = Infinity;
      void flush();
    }, at - now);
  }

  async function add(event: QueuedEvent): Promise<void> {
    // The same bound as the stored queue: a beacon never sends what the queue dropped.
    mine = [...mine, event].slice(-MAX_QUEUED);
    await o.storage().update<QueuedEvent[]>(QUEUE_KEY, (queue = []) => [...queue, event].slice(-MAX_QUEUED));
    schedule(o.delay);
  }

  /** Sends what is queued, one batch after another; resolves when this round is over. */
  function flush(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = send().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule(0);
      }
    });
    return running;
  }

  async function send(): Promise<void> {
    while (o.canSend()) {
      const queue = (await o.storage().get<QueuedEvent[]>(QUEUE_KEY)) ?? [];
      const batch = queue.slice(0, BATCH);
      if (batch.length === 0) return;
      let outcome: { retry: boolean; retryAfter?: number };
      try {
        outcome = await o.post(batch);
      } catch (error) {
        o.onError(error);
        outcome = { retry: true };
      }
      if (outcome.retry) {
        attempt++;
        serverHold = outcome.retryAfter !== undefined;
        holdUntil = o.clock.now() + (outcome.retryAfter ?? backoffMs(attempt, 1000, 300_000));
        schedule(0);
        return;
      }
      attempt = 0;
      holdUntil = 0;
      const sent = new Set(batch.map((e) => e.id));
      mine = mine.filter((e) => !sent.has(e.id));
      await o.storage().update<QueuedEvent[]>(QUEUE_KEY, (queue = []) => queue.filter((e) => !sent.has(e.id)));
    }
  }

  return {
    add,
    flush,
    /** The page or app is going away: hand this tab's pending events to the platform now. */
    beacon(): void {
      if (!o.canSend()) return;
      for (let i = 0; i < mine.length; i += BEACON_BATCH) o.beacon(mine.slice(i, i + BEACON_BATCH));
    },
    /** Back online or visible: retry now rather than at the end of the backoff. */
    resume(): void {
      if (serverHold) return;
      holdUntil = 0;
      if (timer !== undefined) schedule(0);
    },
    /** Drops every queued event (consent "out"). */
    async clear(): Promise<void> {
      mine = [];
      o.clock.clearTimeout(timer);
      timer = undefined;
      due = Infinity;
      await o.storage().del(QUEUE_KEY);
    },
    /** Moves events from `from` (memory while consent was pending) into the current storage. */
    async adopt(from: Storage): Promise<void> {
      const pending = (await from.get<QueuedEvent[]>(QUEUE_KEY)) ?? [];
      await from.del(QUEUE_KEY);
      if (pending.length) await o.storage().update<QueuedEvent[]>(QUEUE_KEY, (queue = []) => [...queue, ...pending].slice(-MAX_QUEUED));
      schedule(0);
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;

import type { Downstream } from "../domain/events/ports.ts";
import type { Env } from "../env.ts";
import { globalCapCounter } from "./stubs.ts";

/** A Queue batch holds at most 100 messages. */
const QUEUE_BATCH = 100;

/** The edge's downstream: each offer's GlobalCapCounter object and the events Queue. */
export function downstream(env: Env): Downstream {
  return {
    countGlobally: async (offerId, events) => void (await globalCapCounter(env, offerId).record(events)),
    send: async (messages) => {
      for (let i = 0; i < messages.length; i += QUEUE_BATCH) {
        await env.EVENTS_QUEUE.sendBatch(messages.slice(i, i + QUEUE_BATCH).map((body) => ({ body })));
      }
    },
  };
}

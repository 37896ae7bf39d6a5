/** Bytes of an unread body read (and dropped) before an early answer; a larger one is cancelled. */
export const DRAIN_LIMIT = 8 * 1024 * 1024;

/**
 * Reads what is left of a body and drops it, before an answer that will not use it. Cancelling it
 * instead leaves its bytes on a keep-alive connection, where `wrangler dev` took them for the next
 * request (a 501, or "worker restarted mid-request"). Past DRAIN_LIMIT it is cancelled after all: a
 * client sending that much after a refusal gets its connection closed, never a misread request.
 */
export async function drainReader(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > DRAIN_LIMIT) return void (await reader.cancel());
    }
  } catch {
    // The client went away: nothing left to drain.
  }
}

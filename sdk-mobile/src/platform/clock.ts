import type { Clock } from "@edgewise/sdk-core";

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** `Date.now` and the global timers, read when called (nothing is captured at import). */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (globalThis as unknown as Timers).setTimeout(fn, ms),
  clearTimeout: (handle) => (globalThis as unknown as Timers).clearTimeout(handle),
};

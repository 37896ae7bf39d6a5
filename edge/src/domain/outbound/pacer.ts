import { OUTBOUND_LIMITS as LIMITS } from "./limits.ts";

/**
 * A destination's `perSecond`, kept as the receiver sees it: call starts are spaced evenly,
 * LIMITS.pacingWindowMs / perSecond apart, never in bursts. Spacing rather than a window of
 * `perSecond` starts matters: a burst spreads out on its way (connections, queues), and its tail
 * meets the next burst at the receiver; evenly spaced calls leave any one second at the receiver
 * with at most ⌊1000 / spacing⌋ + 1 < perSecond calls, so a little network jitter cannot push it
 * over. Without `perSecond` every slot is free (LIMITS.maxInFlight still bounds the calls at once).
 * `quietUntil`: an object that just started does not know when its previous run last called, so
 * it waits one spacing first.
 *
 * @example const pacer = new Pacer(50, Date.now() + 21); if (pacer.nextSlot(now) <= now) pacer.take(now);
 */
export class Pacer {
  private last = Number.NEGATIVE_INFINITY;
  readonly spacingMs: number;

  constructor(
    private readonly perSecond: number | undefined,
    private readonly quietUntil = 0,
  ) {
    this.spacingMs = perSecond === undefined ? 0 : LIMITS.pacingWindowMs / perSecond;
  }

  /** The earliest time a call may start (≤ `now` when one may start now). */
  nextSlot(now: number): number {
    return Math.max(now, this.quietUntil, this.last + this.spacingMs);
  }

  /** Records a call that starts now. */
  take(now: number): void {
    if (this.perSecond !== undefined) this.last = now;
  }
}

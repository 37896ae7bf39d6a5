import type { ClientDecision } from "./wire.ts";

/**
 * What a device remembers of journey and campaign messages (decisions marked `orchestrated`): the
 * ones it displayed lately, so a second decision made before the edge heard of the display does
 * not show the same message again, and the ones pacing (or a veto) suppressed, which stay pending
 * at the edge and are shown first at the next opportunity, ahead of locally triggered messages.
 */
export interface Deliveries {
  shown: { offerId: string; at: number }[];
  held: { decision: ClientDecision; at: number }[];
}

/** How long a displayed message counts as delivered on this device, whatever later decisions say. */
export const DELIVERED_MS = 10 * 60_000;
/** How long a suppressed message is held for the next opportunity (the edge still has it pending). */
export const HELD_MS = 30 * 60_000;
const MAX_SHOWN = 50;
const MAX_HELD = 5;

export const noDeliveries = (): Deliveries => ({ shown: [], held: [] });

/** Whether this device displayed `offerId` within DELIVERED_MS. */
export function shownRecently(d: Deliveries, offerId: string, now: number): boolean {
  return d.shown.some((s) => s.offerId === offerId && now - s.at < DELIVERED_MS);
}

/** Records a display: the message is no longer held, and later decisions for it are ignored for a while. */
export function markShown(d: Deliveries, offerId: string, now: number): void {
  d.shown = [...d.shown.filter((s) => s.offerId !== offerId && now - s.at < DELIVERED_MS), { offerId, at: now }].slice(-MAX_SHOWN);
  d.held = d.held.filter((h) => h.decision.offerId !== offerId);
}

/** Keeps a suppressed message for the next opportunity (the newest decision for an offer wins). */
export function hold(d: Deliveries, decision: ClientDecision, now: number): void {
  d.held = [...d.held.filter((h) => h.decision.offerId !== decision.offerId), { decision, at: now }].slice(-MAX_HELD);
}

/** The oldest held message still worth showing, if any (expired ones are dropped). */
export function nextHeld(d: Deliveries, now: number, usable: (decision: ClientDecision) => boolean): ClientDecision | undefined {
  d.held = d.held.filter((h) => now - h.at < HELD_MS && usable(h.decision));
  return d.held[0]?.decision;
}

/** Drops held messages the edge no longer holds for the profile (a fresh sync's `pending`). */
export function keepPending(d: Deliveries, pending: readonly string[]): void {
  d.held = d.held.filter((h) => h.decision.offerId !== null && pending.includes(h.decision.offerId));
}

import { hold, markShown, nextHeld, shownRecently } from "../deliveries.ts";
import type { MessageDecision } from "../wire.ts";
import type { Caches } from "./caches.ts";
import type { CoreContext } from "./context.ts";
import type { Identity, Session } from "./identity.ts";
import type { Recorder } from "./recorder.ts";

const SESSION_GAP = 30 * 60_000;

export type Pacing = ReturnType<typeof createPacing>;

/**
 * Pacing: whether a message may show now (`minInterval`, `maxPerSession`, the `shouldShow` veto,
 * the presenter), what a shown or suppressed message records, and which journey or campaign
 * message held from an earlier suppression goes first.
 */
export function createPacing(ctx: CoreContext, identity: Identity, caches: Caches, recorder: Recorder) {
  const { options: o, clock } = ctx;

  /** The session, started anew after SESSION_GAP without activity or when the platform's session id changes. */
  function currentSession(now: number): Session {
    const state = identity.state();
    let session = state.session;
    const id = o.session?.();
    if (id === undefined ? now - session.last > SESSION_GAP : id !== session.id) session = state.session = { id, last: now, shown: 0, shownAt: -Infinity };
    session.last = now;
    return session;
  }

  /** Why pacing keeps any message from showing now (`session`, `interval`), or "". */
  function paced(session: Session, now: number): string {
    return session.shown >= (o.maxPerSession ?? 3) ? "session" : now - session.shownAt < (o.minInterval ?? 30_000) ? "interval" : "";
  }

  function show(decision: MessageDecision): boolean {
    const now = clock.now();
    const deliveries = identity.deliveries();
    // What the presenter gets: the decision with the deep-link schemes it may follow.
    const presented = { ...decision, deepLinkSchemes: caches.deepLinkSchemes() };
    const isOrchestrated = caches.orchestrated(decision);
    // Already displayed here (the edge has not heard yet, or is hearing now): not shown, not counted.
    if (isOrchestrated && shownRecently(deliveries, decision.offerId, now)) return false;
    const session = currentSession(now);
    const reason =
      paced(session, now) ||
      (o.shouldShow?.(decision) === false ? "veto" :
      o.presenter && !o.presenter.show(presented, (type, properties) => recorder.report(type, decision, properties)) ? "presenter" : "");
    if (reason) {
      recorder.report("suppress", decision, { reason });
      // Still pending at the edge (a suppress is no delivery): first in line next time.
      if (isOrchestrated) hold(deliveries, decision, now);
    } else {
      session.shown++;
      session.shownAt = now;
      if (o.presenter) recorder.report("display", decision);
      else {
        if (isOrchestrated) markShown(deliveries, decision.offerId, now);
        ctx.emitter.emit("message", presented);
      }
    }
    void identity.save();
    return !reason;
  }

  /** A journey or campaign message held from an earlier suppression, when pacing lets one show now. */
  function showHeld(): MessageDecision | undefined {
    const now = clock.now();
    const deliveries = identity.deliveries();
    const held = nextHeld(deliveries, now, (d) => caches.mine(d.placement) && !shownRecently(deliveries, d.offerId!, now));
    if (!held || paced(currentSession(now), now)) return undefined;
    return show(held as MessageDecision) ? (held as MessageDecision) : undefined;
  }

  return { show, showHeld };
}

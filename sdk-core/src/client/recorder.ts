import { markShown } from "../deliveries.ts";
import { memoryStorage } from "../memory.ts";
import { createQueue, type QueuedEvent } from "../queue.ts";
import { retryAfterMs, uuid } from "../util.ts";
import type { ClientDecision, EventType } from "../wire.ts";
import type { Caches } from "./caches.ts";
import type { CoreContext } from "./context.ts";
import type { Identity } from "./identity.ts";

export type Recorder = ReturnType<typeof createRecorder>;

/**
 * The recorder: every event the client sends, stamped with who and when, remembered for local
 * decisions and handed to the persisted queue (in memory while consent is pending).
 */
export function createRecorder(ctx: CoreContext, identity: Identity, caches: Caches) {
  const { options: o, clock } = ctx;
  /** Where events wait while consent is pending: nothing may be stored. */
  const memory = memoryStorage();

  const queue = createQueue({
    storage: () => (identity.consent() === "in" ? o.storage : memory),
    canSend: () => identity.consent() === "in",
    clock,
    delay: o.batchDelay ?? 1000,
    onError: ctx.fail("events not sent"),
    async post(events) {
      const res = await ctx.request("POST", "/v1/events", { events });
      const status = res.status;
      const retry = status === 408 || status === 429 || status >= 500;
      if (status > 299 && !retry) ctx.log(`events refused: ${status}`);
      return { retry, retryAfter: retryAfterMs(res.headers.get("retry-after"), clock.now()) };
    },
    beacon(events) {
      o.transport.send(`${ctx.base}/v1/events?clientKey=${encodeURIComponent(o.clientKey)}`, JSON.stringify({ events }));
    },
  });

  function record(type: EventType, fields: Partial<QueuedEvent>): void {
    // Nothing is recorded while previewing: QA traffic is never counted.
    if (identity.consent() === "out" || ctx.previewToken()) return;
    const { profileId, signature, anonymousId } = identity.state();
    const event: QueuedEvent = { id: uuid(), type, anonymousId, timestamp: clock.now(), ...fields };
    if (profileId) {
      event.profileId = profileId;
      if (signature) event.profileSignature = signature;
    }
    identity.remember({ name: type === "track" ? event.name! : type, offerId: event.offerId, timestamp: event.timestamp, who: profileId ?? anonymousId });
    ctx.emitter.emit("event", event);
    queue.add(event).catch(ctx.fail("event not queued"));
  }

  /** An offer event for a decision (or an offer id); another channel's placements are not reported. */
  function report(type: EventType, decisionOrOfferId: ClientDecision | string, properties?: Record<string, unknown>): void {
    const { offerId, placement, token, experimentId, variantId, holdout }: Partial<ClientDecision> = typeof decisionOrOfferId === "string" ? { offerId: decisionOrOfferId } : decisionOrOfferId;
    if (placement && !caches.mine(placement)) return ctx.log(`not reporting ${type}: ${placement} is another channel's placement`);
    if (type === "display" && offerId && typeof decisionOrOfferId !== "string" && caches.orchestrated(decisionOrOfferId)) markShown(identity.deliveries(), offerId, clock.now());
    // The display of an experiment's decision is the profile's exposure: it names the experiment and
    // variant (with the edge's token, the edge checks them against the token's).
    const exposure = type === "display" && { experimentId, variantId, holdout };
    // JSON drops what is undefined (and null offer ids of variants that show nothing).
    if (offerId || token || experimentId) record(type, JSON.parse(JSON.stringify({ offerId: offerId || undefined, placement, token, properties, ...exposure })));
  }

  return { queue, memory, record, report };
}

import { shownRecently } from "../deliveries.ts";
import type { ClientDecision, DecideRequest, DecideResponse } from "../wire.ts";
import type { Caches, Local } from "./caches.ts";
import type { CoreContext } from "./context.ts";
import type { Identity } from "./identity.ts";
import type { DecideOptions } from "./options.ts";

/** Placements per `POST /v1/decide` (the edge refuses more). */
const MAX_PLACEMENTS = 20;

export const none = (placement: string): ClientDecision => ({ placement, offerId: null, fallback: false });

export type Decider = ReturnType<typeof createDecider>;

/**
 * The local/edge/hybrid decider: on the device from the cached ruleset and profile (`local`), by
 * `POST /v1/decide` (`edge`), or locally first and then the edge's answer (`hybrid`).
 */
export function createDecider(ctx: CoreContext, identity: Identity, caches: Caches) {
  const { options: o, clock } = ctx;

  /** The platform's evaluation context with its channel, under what the caller adds. */
  const platformContext = (extra?: Record<string, unknown>): Record<string, unknown> => ({ ...o.context?.(), ...(o.channel ? { channel: o.channel } : {}), ...extra });

  function decideLocally({ engine, catalog }: Local, placements: readonly string[], context: Record<string, unknown>, event?: DecideOptions["event"], explain?: boolean, withPending = true): ClientDecision[] {
    const profile = identity.known();
    const now = clock.now();
    // Journey and campaign offers the last sync listed (not those this device showed since): they
    // stay pending at the edge until a display of theirs arrives, whoever decided.
    const pending = withPending ? profile?.pending?.filter((id) => !shownRecently(identity.deliveries(), id, now)) : undefined;
    const input = engine.profileInput(catalog, { id: identity.who(), attributes: profile?.attributes, audiences: profile?.audiences, pending, context, event, history: identity.history(), now });
    return engine.decide(catalog, { ...input, placements, globalCounts: profile?.globalCounts, explain }).decisions;
  }

  /** `POST /v1/decide`, in requests of at most MAX_PLACEMENTS placements (the edge's limit), in parallel. */
  async function decideAtEdge(placements: readonly string[], context: Record<string, unknown>, event?: DecideOptions["event"], explain?: boolean): Promise<ClientDecision[]> {
    const { profileId, signature: profileSignature, anonymousId } = identity.state();
    const batches: string[][] = [];
    for (let i = 0; i < placements.length; i += MAX_PLACEMENTS) batches.push(placements.slice(i, i + MAX_PLACEMENTS));
    const bodies = await Promise.all(
      batches.map(async (batch) => {
        const preview = ctx.previewToken();
        const body: DecideRequest = { profileId, profileSignature, anonymousId, placements: batch, context, event, explain: explain || !!preview, preview } as DecideRequest;
        const res = await ctx.request("POST", "/v1/decide", body);
        if (res.status !== 200) throw new Error(`decide: ${res.status}`);
        return (await res.json()) as DecideResponse;
      }),
    );
    const decisions = bodies.flatMap((body) => body.decisions);
    const profile = identity.known();
    if (profile && bodies[0]?.audiences) profile.audiences = bodies[0].audiences;
    // The preview's state first: an overlay then knows the decisions that follow were made under it.
    if (bodies[0]?.preview) ctx.emitter.emit("preview", bodies[0].preview);
    ctx.emitter.emit("decisions", { decisions, source: "edge" });
    return decisions;
  }

  async function decidePlacements(asked: readonly string[], options: DecideOptions = {}): Promise<ClientDecision[]> {
    if (identity.consent() === "out") return asked.map(none);
    // Another channel's placements are not this client's: answered empty, never asked for.
    const placements = asked.filter(caches.mine);
    if (placements.length < asked.length) {
      ctx.log(`not deciding placements of another channel: ${asked.filter((id) => !caches.mine(id)).join(", ")}`);
      const answered = placements.length ? await decidePlacements(placements, options) : [];
      // In the order asked: each placement's decisions (several with a ranking limit), or an empty one.
      return asked.flatMap((id) => {
        const own = answered.filter((d) => d.placement === id);
        return own.length ? own : [none(id)];
      });
    }
    const context = platformContext(options.context);
    const { mode } = ctx;
    const local = async (): Promise<ClientDecision[] | undefined> => {
      // Right after `identify`, until its profile is loaded, only the edge knows who this is.
      if (!caches.hasRuleset() || (identity.state().profileId && !identity.known())) return undefined;
      const compiled = await caches.local();
      if (!compiled) return undefined;
      const decisions = decideLocally(compiled, placements, context, options.event, options.explain);
      ctx.emitter.emit("decisions", { decisions, source: "local" });
      return decisions;
    };
    const fallback = async () => {
      await caches.rulesetLoaded();
      if (mode === "local" && identity.state().profileId && !identity.known()) await caches.profileLoaded();
      return (await local()) ?? placements.map(none);
    };
    if (mode === "local") return fallback();
    const fromEdge = decideAtEdge(placements, context, options.event, options.explain);
    const quick = mode === "hybrid" ? await local() : undefined;
    if (quick) {
      fromEdge.then((decisions) => options.onUpdate?.(decisions), ctx.fail("edge decide failed"));
      return quick;
    }
    return fromEdge.catch((error) => {
      ctx.fail("edge decide failed")(error);
      return fallback();
    });
  }

  return { decide: decidePlacements, decideLocally, platformContext };
}

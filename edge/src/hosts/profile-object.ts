import { DurableObject } from "cloudflare:workers";
import { conditionReads, decide, offerCondition, withRealtimeAudiences, type CompiledCatalog, type Decision } from "@edgewise/decision-engine";
import type { Env } from "../env.ts";
import type { EventMessage } from "../domain/events/messages.ts";
import { loadCatalogOrNull } from "../adapters/kv/catalog-store.ts";
import { journeySources } from "../adapters/profile-facts.ts";
import { journeysOf } from "../domain/journeys/definitions.ts";
import { JourneyRuntime } from "../domain/journeys/runtime.ts";
import { JourneyStore } from "../adapters/sqlite/journey-records.ts";
import type { CountedEvent } from "../domain/caps/counts.ts";
import { PROFILE_LIMITS } from "../domain/profiles/limits.ts";
import { ProfileStore } from "../adapters/sqlite/profile-records.ts";
import { globalCapCounter } from "../adapters/stubs.ts";
import type {
  IngestOutcome,
  ProfileDecideRequest,
  ProfileDecideResult,
  ProfileDecision,
  ProfileEvent,
  ProfileSync,
  ProfileSyncRequest,
} from "../domain/profiles/types.ts";

/**
 * One profile's state and decisions, keyed by profile key (`p:<profileId>` or `anon:<anonymousId>`).
 *
 * Decisions run inside the object, so decisions for one profile are serialised: each one sees the
 * cap reservations of the ones before it. Accepted events go to an outbox in the same atomic step as
 * the history, then are flushed to the global cap counters and the events queue (retried by alarm).
 */
export class ProfileObject extends DurableObject<Env> {
  private readonly store: ProfileStore;
  /** Journeys and campaigns of this profile (journeys/runtime.ts). */
  private readonly journeyStore: JourneyStore;
  private readonly journeys: JourneyRuntime;
  private flushing: Promise<void> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ProfileStore(ctx.storage.sql);
    this.journeyStore = new JourneyStore(ctx.storage.sql);
    this.journeys = new JourneyRuntime(this.journeyStore, journeySources(env), (message) => this.store.enqueue(message));
  }

  /**
   * Decides for this profile. Each decision of an offer with a profile display cap holds a
   * reservation (counted as a display) until its `display` or `suppress` arrives; a journey or
   * campaign message it shows stays pending until its `display`, leased to this decision meanwhile.
   * With `request.simulate` it is a dry run with the simulation's overrides: nothing is stored.
   */
  async decide(request: ProfileDecideRequest): Promise<ProfileDecideResult> {
    const catalog = request.catalogVersion === null ? null : await loadCatalogOrNull(this.env.CATALOGS, request.catalogVersion);
    // From here on nothing awaits: this decision and its reservations form one atomic step.
    const simulate = request.simulate;
    const now = simulate?.now ?? Date.now();
    if (!simulate) this.store.expireReservations(now);
    if (!catalog) {
      const decisions = request.placements.map((placement) => ({ placement, offerId: null, fallback: false, decisionId: crypto.randomUUID() }));
      return { decisions, decidedAt: now };
    }
    const history = simulate?.history ?? this.store.historyForDecision(now);
    // Snapshot audiences plus the catalog's real-time audiences that hold now.
    const audiences = simulate?.audiences ?? withRealtimeAudiences(catalog.compiled, request.audiences, { ...request, now, history });
    // Journey messages and campaign offers pending for this profile are delivered first.
    const pending = this.journeys.pendingFor(journeysOf(catalog.compiled), request.profileKey, audiences, now);
    const input = {
      placements: request.placements,
      profile: simulate?.profile ? request.profile : this.journeys.profileWith(request.profile),
      pending: [...pending.keys()],
      audiences,
      context: request.context,
      ...(request.event ? { event: request.event } : {}),
      now,
      history,
      globalCounts: request.globalCounts,
      explain: request.explain,
    };
    const { decisions } = decide(catalog.compiled, input);
    if (simulate) {
      const simulated = decisions.map((decision) => ({ ...withReads(catalog.compiled, decision, input), decisionId: "" }));
      return { decisions: simulated, decidedAt: now, audiences, pending: input.pending };
    }
    let reserved = false;
    const result: ProfileDecision[] = decisions.map((decision) => {
      const decisionId = crypto.randomUUID();
      if (decision.offerId !== null && catalog.reservedOffers.has(decision.offerId)) {
        this.store.reserve(decisionId, decision.offerId, now);
        reserved = true;
      }
      return { ...decision, decisionId };
    });
    if (pending.size > 0) this.journeys.lease(pending, result, now);
    // A reservation or lease is stored: the housekeeping alarm deletes it (and the object) if nothing follows.
    if (reserved || result.some((decision) => decision.orchestrated)) await this.ensureHousekeepingAlarm(now);
    return { decisions: result, decidedAt: now, audiences };
  }

  /** Records each event not seen before (by id) and flushes the accepted ones downstream. */
  async ingest(profileKey: string, events: readonly ProfileEvent[]): Promise<IngestOutcome[]> {
    const journeys = await this.journeys.prepare(profileKey, events);
    // From here on nothing awaits until the step is complete: history, journey transitions and
    // their statistics are written together, before the caller is answered.
    const now = Date.now();
    const outcomes = events.map((event): IngestOutcome => (this.store.append(event, profileKey, now) ? "accepted" : "duplicate"));
    if (journeys) {
      const accepted = events.filter((_, i) => outcomes[i] === "accepted");
      this.journeys.onOfferEvents(journeys.set, accepted, now);
      this.journeys.onEvents(journeys, accepted, () => this.store.historyForDecision(now), now);
    }
    this.store.trim(now);
    if (outcomes.includes("accepted")) {
      await this.ensureHousekeepingAlarm(now);
      await this.wakeForJourneys();
      await this.flush();
    }
    return outcomes;
  }

  /**
   * What a device needs to decide locally (`GET /v1/profile/:id`): history and cap counters, the
   * attributes with those journey steps set, the audiences that hold now (snapshot plus real-time)
   * and the offers journeys and campaigns hold for the profile. A device that shows one reports a
   * `display` event, which delivers it (see `ingest`).
   */
  async sync(request: ProfileSyncRequest): Promise<ProfileSync> {
    const catalog = request.catalogVersion === null ? null : await loadCatalogOrNull(this.env.CATALOGS, request.catalogVersion);
    const now = Date.now();
    const { id: _id, ...attributes } = this.journeys.profileWith(request.profile);
    const sync = { ...this.store.summary(now), attributes, audiences: request.audiences, pending: [] as string[] };
    if (!catalog) return sync;
    const history = this.store.historyForDecision(now);
    sync.audiences = withRealtimeAudiences(catalog.compiled, request.audiences, { profile: request.profile, now, history });
    sync.pending = [...this.journeys.pendingFor(journeysOf(catalog.compiled), request.profileKey, sync.audiences, now).keys()];
    return sync;
  }

  /** Retries a failed flush, trims, and deletes the object's storage once nothing is left. */
  override async alarm(): Promise<void> {
    // Journey waits and timeouts that are due (one atomic step once prepared), then housekeeping.
    const journeys = await this.journeys.prepare(undefined, null);
    if (journeys) {
      const at = Date.now();
      this.journeys.runDue(journeys, () => this.store.historyForDecision(at), at);
    }
    this.journeyStore.trim(Date.now());
    await this.flush();
    const now = Date.now();
    this.store.trim(now);
    if (this.store.outboxSize() > 0) return; // flush() scheduled its retry
    if (this.store.isEmpty(now) && this.journeyStore.isEmpty()) {
      await this.ctx.storage.deleteAll();
      this.store.reset();
      this.journeyStore.reset();
      return;
    }
    const oldest = this.store.oldestHistoryTimestamp() ?? now;
    const housekeeping = Math.max(now + 60_000, oldest + PROFILE_LIMITS.historyAgeMs + 60_000);
    await this.ctx.storage.setAlarm(Math.min(housekeeping, this.journeys.nextDue() ?? Infinity));
  }

  /** Moves the alarm forward to the next journey wait or timeout, if that comes first. */
  private async wakeForJourneys(): Promise<void> {
    const due = this.journeys.nextDue();
    if (due === undefined) return;
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > due) await this.ctx.storage.setAlarm(due);
  }

  /** Sends the outbox downstream; on failure leaves it in place and schedules a retry. */
  private flush(): Promise<void> {
    this.flushing ??= this.drainOutbox()
      .catch(async (error: unknown) => {
        console.error("profile outbox flush failed; retrying by alarm", error);
        await this.ctx.storage.setAlarm(Date.now() + PROFILE_LIMITS.outboxRetryMs);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async drainOutbox(): Promise<void> {
    for (let batch = this.store.outboxBatch(PROFILE_LIMITS.outboxBatch); batch; batch = this.store.outboxBatch(PROFILE_LIMITS.outboxBatch)) {
      await Promise.all([this.recordGlobalCounts(batch.messages), this.env.EVENTS_QUEUE.sendBatch(batch.messages.map((body) => ({ body })))]);
      this.store.removeFromOutbox(batch.lastSeq);
    }
  }

  private async recordGlobalCounts(messages: readonly EventMessage[]): Promise<void> {
    const byOffer = new Map<string, CountedEvent[]>();
    for (const message of messages) {
      if (message.offerId === undefined || message.global === false) continue;
      const list = byOffer.get(message.offerId) ?? [];
      list.push({ key: message.key, name: message.name });
      byOffer.set(message.offerId, list);
    }
    await Promise.all(
      [...byOffer].map(([offerId, events]) => globalCapCounter(this.env, offerId).record(events)),
    );
  }

  private async ensureHousekeepingAlarm(now: number): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) {
      await this.ctx.storage.setAlarm(now + PROFILE_LIMITS.historyAgeMs + 60_000);
    }
  }
}

/** A simulated decision, its failed eligibility conditions with the values they read. */
function withReads(catalog: CompiledCatalog, decision: Decision, input: Parameters<typeof conditionReads>[1]): Decision {
  const candidates = decision.explanation?.candidates;
  if (!candidates?.some((candidate) => candidate.condition)) return decision;
  const explained = candidates.map((candidate) =>
    candidate.condition ? { ...candidate, reads: conditionReads(offerCondition(catalog, candidate.offerId, candidate.condition), input) } : candidate,
  );
  return { ...decision, explanation: { ...decision.explanation, candidates: explained } };
}

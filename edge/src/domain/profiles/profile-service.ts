import { conditionReads, decide, offerCondition, profileInput, type CompiledCatalog, type Decision } from "@edgewise/decision-engine";
import { sendDownstream } from "../events/downstream.ts";
import { journeysOf } from "../journeys/definitions.ts";
import type { JourneyRecords, JourneySources } from "../journeys/ports.ts";
import { JourneyRuntime } from "../journeys/runtime.ts";
import { PROFILE_LIMITS } from "./limits.ts";
import type { CatalogLoader, Downstream, ProfileRecords, Scheduler } from "./ports.ts";
import type {
  IngestOutcome,
  ProfileDecideRequest,
  ProfileDecideResult,
  ProfileDecision,
  ProfileEvent,
  ProfileSync,
  ProfileSyncRequest,
} from "./types.ts";

/** What a profile's service works with; the edge's Durable Object host wires each to its storage. */
export interface ProfilePorts {
  records: ProfileRecords;
  journeyRecords: JourneyRecords;
  journeySources: JourneySources;
  catalogs: CatalogLoader;
  downstream: Downstream;
  scheduler: Scheduler;
  /** Epoch ms (tests pass a fixed clock). */
  now?: () => number;
  /** Decision ids. */
  newId?: () => string;
}

/**
 * One profile's decisions, events, journeys and housekeeping (`p:<profileId>` or `anon:<id>`).
 *
 * Its owner serialises calls per profile (at the edge: one Durable Object per profile key), so each
 * decision sees the cap reservations of the ones before it. Accepted events enter the outbox in the
 * same atomic step as the history, then are flushed to the global cap counters and the statistics,
 * retried by the scheduler's alarm on failure.
 */
export class ProfileService {
  private readonly records: ProfileRecords;
  private readonly journeyRecords: JourneyRecords;
  private readonly journeys: JourneyRuntime;
  private readonly catalogs: CatalogLoader;
  private readonly downstream: Downstream;
  private readonly scheduler: Scheduler;
  private readonly now: () => number;
  private readonly newId: () => string;
  private flushing: Promise<void> | undefined;

  constructor(ports: ProfilePorts) {
    this.records = ports.records;
    this.journeyRecords = ports.journeyRecords;
    this.catalogs = ports.catalogs;
    this.downstream = ports.downstream;
    this.scheduler = ports.scheduler;
    this.now = ports.now ?? Date.now;
    this.newId = ports.newId ?? (() => crypto.randomUUID());
    this.journeys = new JourneyRuntime(ports.journeyRecords, ports.journeySources, (message) => this.records.enqueue(message));
  }

  /**
   * Decides for this profile. Each decision of an offer with a profile display cap holds a
   * reservation (counted as a display) until its `display` or `suppress` arrives; a journey or
   * campaign message it shows stays pending until its `display`, leased to this decision meanwhile.
   * With `request.simulate` it is a dry run with the simulation's overrides: nothing is stored.
   */
  async decide(request: ProfileDecideRequest): Promise<ProfileDecideResult> {
    const catalog = request.catalogVersion === null ? null : await this.catalogs.load(request.catalogVersion);
    // From here on nothing awaits: this decision and its reservations form one atomic step.
    const simulate = request.simulate;
    // A previewed offer that has not started yet is decided at its start (its schedule would hide it).
    const previewStart = Math.max(0, ...(simulate?.offers ?? []).map((id) => catalog?.compiled.offers.get(id)?.start ?? 0));
    const now = Math.max(simulate?.now ?? this.now(), previewStart > this.now() ? previewStart : 0);
    if (!simulate) this.records.expireReservations(now);
    if (!catalog) {
      const decisions = request.placements.map((placement) => ({ placement, offerId: null, fallback: false, decisionId: this.newId() }));
      return { decisions, decidedAt: now };
    }
    const audiencesAsOverridden = simulate?.audiences;
    const parts = {
      id: String(request.profile["id"]),
      attributes: request.profile,
      // A simulation's `profile` override is the profile as is; otherwise journeys' `set` attributes apply.
      journeyAttributes: simulate?.profile ? undefined : this.journeyRecords.attributes(),
      audiences: request.audiences,
      // A preview forgets the history, so that no cap hides the previewed offer.
      history: simulate?.offers ? [] : (simulate?.history ?? this.records.historyForDecision(now)),
      context: request.context,
      event: request.event,
      now,
    };
    const base = profileInput(catalog.compiled, parts);
    if (audiencesAsOverridden) base.audiences = audiencesAsOverridden;
    // Journey messages and campaign offers pending for this profile are delivered first.
    const pending = this.journeys.pendingFor(journeysOf(catalog.compiled), request.profileKey, base.audiences, now);
    const input = {
      ...base,
      // Previewed offers first: a pending offer is shown whatever its eligibility.
      pending: [...(simulate?.offers ?? []), ...pending.keys()],
      placements: request.placements,
      globalCounts: request.globalCounts,
      explain: request.explain,
      ...(simulate?.variants ? { variants: simulate.variants } : {}),
    };
    const { decisions } = decide(catalog.compiled, input);
    if (simulate) {
      const simulated = decisions.map((decision) => ({ ...withReads(catalog.compiled, decision, input), decisionId: "" }));
      return { decisions: simulated, decidedAt: now, audiences: [...input.audiences], pending: input.pending };
    }
    let reserved = false;
    const result: ProfileDecision[] = decisions.map((decision) => {
      const decisionId = this.newId();
      if (decision.offerId !== null && catalog.facts.reservedOffers.has(decision.offerId)) {
        this.records.reserve(decisionId, decision.offerId, now);
        reserved = true;
      }
      return { ...decision, decisionId };
    });
    if (pending.size > 0) this.journeys.lease(pending, result, now);
    // A reservation or lease is stored: the housekeeping alarm deletes it (and the profile) if nothing follows.
    if (reserved || result.some((decision) => decision.orchestrated)) await this.ensureHousekeepingAlarm(now);
    return { decisions: result, decidedAt: now, audiences: [...input.audiences] };
  }

  /**
   * Records each event not seen before (by id) and flushes the accepted ones downstream. Journeys
   * run on `catalogVersion` (the one intake checked the events against; `null`: none is published;
   * omitted: the active one).
   */
  async ingest(profileKey: string, events: readonly ProfileEvent[], catalogVersion?: string | null): Promise<IngestOutcome[]> {
    const catalog = catalogVersion === undefined ? undefined : catalogVersion === null ? null : ((await this.catalogs.load(catalogVersion))?.compiled ?? null);
    const journeys = await this.journeys.prepare(profileKey, events, catalog);
    // From here on nothing awaits until the step is complete: history, journey transitions and
    // their statistics are written together, before the caller is answered.
    const now = this.now();
    const outcomes = events.map((event): IngestOutcome => (this.records.append(event, profileKey, now) ? "accepted" : "duplicate"));
    if (journeys) {
      const accepted = events.filter((_, i) => outcomes[i] === "accepted");
      this.journeys.onOfferEvents(journeys.set, accepted, now);
      this.journeys.onEvents(journeys, accepted, () => this.records.historyForDecision(now), now);
    }
    this.records.trim(now);
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
    const catalog = request.catalogVersion === null ? null : await this.catalogs.load(request.catalogVersion);
    const now = this.now();
    const journeyAttributes = this.journeyRecords.attributes();
    const { id: _id, ...attributes } = { ...request.profile, ...journeyAttributes };
    const sync = { ...this.records.summary(now), attributes, audiences: request.audiences, pending: [] as string[] };
    if (!catalog) return sync;
    const history = this.records.historyForDecision(now);
    const input = profileInput(catalog.compiled, { id: String(request.profile["id"]), attributes: request.profile, journeyAttributes, audiences: request.audiences, history, now });
    sync.audiences = [...input.audiences];
    sync.pending = [...this.journeys.pendingFor(journeysOf(catalog.compiled), request.profileKey, sync.audiences, now).keys()];
    return sync;
  }

  /** Due journey steps, a retry of a failed flush, trimming; deletes everything once nothing is left. */
  async wake(): Promise<void> {
    // Journey waits and timeouts that are due (one atomic step once prepared), then housekeeping.
    const journeys = await this.journeys.prepare(undefined, null);
    if (journeys) {
      const at = this.now();
      this.journeys.runDue(journeys, () => this.records.historyForDecision(at), at);
    }
    this.journeyRecords.trim(this.now());
    await this.flush();
    const now = this.now();
    this.records.trim(now);
    if (this.records.outboxSize() > 0) return; // flush() scheduled its retry
    if (this.records.isEmpty(now) && this.journeyRecords.isEmpty()) {
      await this.scheduler.deleteAll();
      this.records.reset();
      this.journeyRecords.reset();
      return;
    }
    const oldest = this.records.oldestHistoryTimestamp() ?? now;
    const housekeeping = Math.max(now + 60_000, oldest + PROFILE_LIMITS.historyAgeMs + 60_000);
    await this.scheduler.setAlarm(Math.min(housekeeping, this.journeys.nextDue() ?? Infinity));
  }

  /** Moves the alarm forward to the next journey wait or timeout, if that comes first. */
  private async wakeForJourneys(): Promise<void> {
    const due = this.journeys.nextDue();
    if (due === undefined) return;
    const current = await this.scheduler.alarm();
    if (current === null || current > due) await this.scheduler.setAlarm(due);
  }

  /** Sends the outbox downstream; on failure leaves it in place and schedules a retry. */
  private flush(): Promise<void> {
    this.flushing ??= this.drainOutbox()
      .catch(async (error: unknown) => {
        console.error("profile outbox flush failed; retrying by alarm", error);
        await this.scheduler.setAlarm(this.now() + PROFILE_LIMITS.outboxRetryMs);
      })
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async drainOutbox(): Promise<void> {
    for (let batch = this.records.outboxBatch(PROFILE_LIMITS.outboxBatch); batch; batch = this.records.outboxBatch(PROFILE_LIMITS.outboxBatch)) {
      await sendDownstream(this.downstream, batch.messages);
      this.records.removeFromOutbox(batch.lastSeq);
    }
  }

  private async ensureHousekeepingAlarm(now: number): Promise<void> {
    if ((await this.scheduler.alarm()) === null) await this.scheduler.setAlarm(now + PROFILE_LIMITS.historyAgeMs + 60_000);
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

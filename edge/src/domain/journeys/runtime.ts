import { addDuration, parseDuration, profileInput, type CompiledCatalog } from "@edgewise/decision-engine";
import type { HistoryEntry } from "../profiles/types.ts";
import { isOfferEvent } from "../events/kinds.ts";
import type { JourneyStatsMessage, StatDelta, WebhookMessage } from "../events/messages.ts";
import { renderActionBody } from "../outbound/action-body.ts";
import {
  branchPointer,
  compiledVersion,
  journeysOf,
  nextPointer,
  stepAt,
  stepLabel,
  type Journey,
  type JourneySet,
  type Pointer,
} from "./definitions.ts";
import { JOURNEY_RUNTIME_LIMITS as LIMITS } from "./limits.ts";
import type { Instance, JourneyRecords, JourneySources, Pending, ProfileFacts } from "./ports.ts";

/** An accepted event as journeys see it. */
export interface JourneyEvent {
  type: string;
  name: string;
  offerId?: string;
  properties?: Record<string, unknown>;
}

/** What the asynchronous part of a run loaded; the synchronous part needs nothing else. */
export interface Prepared {
  /** The active catalog (its real-time audiences hold in journey rules too). */
  catalog: CompiledCatalog | null;
  set: JourneySet;
  facts: ProfileFacts | undefined;
}

type RuleData = {
  profile: Record<string, unknown>;
  audiences: string[];
  context: Record<string, unknown>;
  event: { name: string; properties: Record<string, unknown> } | null;
  now: number;
  history: readonly HistoryEntry[];
  journey: { id: string; timedOut: boolean };
};

const ATTRIBUTED: Record<string, string> = { display: "displayed", interact: "interacted", dismiss: "dismissed" };
const EMPTY_SET: JourneySet = { byId: new Map(), paused: new Set(), byTrigger: new Map(), names: new Set(), campaigns: [] };

/**
 * The journeys of one profile: a state machine per journey the profile is in, inside the profile's
 * Durable Object. Every transition happens synchronously with its storage writes and the statistics
 * it emits (into the object's outbox), so it is persisted before the request or alarm that caused
 * it is acknowledged, and a restart neither loses nor repeats a step. Waits and `wait_for` timeouts
 * are Durable Object alarms (`nextDue`).
 */
export class JourneyRuntime {
  private profileKey: string | undefined;
  private tokens: number = LIMITS.eventBurst;
  private refilledAt = 0;
  private recentEntries: number[] = [];
  private buffered: StatDelta[] = [];
  private bufferedAt = 0;
  /** Events that skipped journeys because of the storm limit (since the object started). */
  throttled = 0;

  constructor(
    private readonly store: JourneyRecords,
    private readonly sources: JourneySources,
    private readonly enqueue: (message: JourneyStatsMessage | WebhookMessage) => void,
  ) {}

  /**
   * The asynchronous part of handling `events` (or, without events, of an alarm): the active
   * journeys and, only when a rule may need them, the profile's facts. `null` when there is
   * nothing for journeys to do. `catalog`: the compiled catalog to run on (omitted: the active one).
   */
  async prepare(
    profileKey: string | undefined,
    events: readonly { name: string; type: string; offerId?: string }[] | null,
    catalog?: CompiledCatalog | null,
  ): Promise<Prepared | null> {
    if (profileKey !== undefined) this.profileKey = profileKey;
    if (catalog === undefined) catalog = await this.sources.activeCatalog();
    const set = catalog ? journeysOf(catalog) : EMPTY_SET;
    const instances = this.store.instances();
    // Stored pending messages keep the runtime needed: their `display` delivers them whatever the catalog holds now.
    if (set.byId.size === 0 && set.campaigns.length === 0 && instances.size === 0 && this.store.pending().length === 0) return null;
    let needsFacts = events === null ? instances.size > 0 : false;
    if (events) {
      const relevant = events.some((e) => set.names.has(e.name) || this.awaits(e.name));
      needsFacts = relevant && ([...set.byId.values()].some((j) => j.hasRules) || instances.size > 0);
    }
    const key = this.key();
    return { catalog, set, facts: needsFacts && key !== undefined ? await this.sources.profileFacts(key) : undefined };
  }

  /** Feeds accepted events to the profile's journeys (synchronous: one atomic step). */
  onEvents(prepared: Prepared, events: readonly JourneyEvent[], history: () => readonly HistoryEntry[], now: number): void {
    const { set } = prepared;
    let data: RuleData | undefined;
    const ruleData = (event: JourneyEvent | null): RuleData => {
      data ??= this.baseData(prepared, history(), now);
      data.event = event ? { name: event.name, properties: event.properties ?? {} } : null;
      return data;
    };
    for (const event of events) {
      if (event.offerId !== undefined && ATTRIBUTED[event.type]) this.attributeEvent(event.offerId, ATTRIBUTED[event.type]!, now);
      const instances = this.store.instances();
      if (!set.names.has(event.name) && !this.awaits(event.name)) continue;
      if (!this.takeToken(now)) {
        this.throttled++;
        if (this.throttled === 1 || this.throttled % 1000 === 0) console.warn(`journey event storm on ${this.key()}: ${this.throttled} events skipped`);
        continue;
      }
      for (const instance of [...instances.values()]) {
        const journey = this.journeyOf(instance);
        if (!journey) continue;
        const d = ruleData(event);
        if (journey.exit?.event === event.name && this.passes(journey.exit.when, d, journey.id, false)) {
          this.exit(journey, instance, now);
          continue;
        }
        if (set.paused.has(journey.id) || instance.waitEvent !== event.name) continue;
        if (instance.waitOffer !== null && instance.waitOffer !== event.offerId) continue;
        if (this.passes(journey.rules.get(stepLabel(instance.pointer)), d, journey.id, false)) this.resume(journey, instance, false, d, now);
      }
      for (const journey of set.byTrigger.get(event.name) ?? []) {
        if (!this.mayEnter(journey, set, now) || !this.passes(journey.trigger.when, ruleData(event), journey.id, false)) continue;
        if (this.withinLimits(journey, now)) this.enter(journey, ruleData(event), now);
      }
    }
    if (data) data.event = null;
    this.runDue(prepared, history, now, data);
  }

  /** Runs every instance whose wait or timeout is due (an alarm, or the profile's next event). */
  runDue(prepared: Prepared, history: () => readonly HistoryEntry[], now: number, data?: RuleData): void {
    for (const instance of [...this.store.instances().values()]) {
      if (instance.dueAt > now) continue;
      const journey = this.journeyOf(instance);
      if (!journey) continue;
      if (prepared.set.paused.has(journey.id)) {
        this.store.saveInstance({ ...instance, dueAt: now + LIMITS.pausedRecheckMs });
        continue;
      }
      data ??= this.baseData(prepared, history(), now);
      data.event = null;
      this.resume(journey, instance, instance.waitEvent !== null, data, now);
    }
    this.store.expirePending(now);
    this.commit();
  }

  /**
   * The offers pending for this profile now: undelivered journey messages (not of paused
   * journeys), then open campaigns whose audience the profile is in and that it has not received
   * (unless the offer's caps govern repeats). Keyed by offer id. Offers leased to a decision that
   * has not answered yet are left out unless `leased` (see `lease`).
   */
  pendingFor(set: JourneySet, profileKey: string, audiences: readonly string[], now: number, leased = false): Map<string, Pending> {
    this.profileKey = profileKey;
    const pending = new Map<string, Pending>();
    const leases = leased ? undefined : this.store.leases(now);
    for (const item of this.store.pending()) {
      if (item.expiresAt <= now || (item.source === "journey" && set.paused.has(item.ref)) || pending.has(item.offerId)) continue;
      pending.set(item.offerId, item);
    }
    for (const campaign of set.campaigns) {
      if (campaign.offer === undefined || campaign.paused || now < campaign.start || now >= campaign.end || !audiences.includes(campaign.audience)) continue;
      if (pending.has(campaign.offer) || (!campaign.capped && this.store.campaignDeliveries(campaign.id) > 0)) continue;
      pending.set(campaign.offer, { offerId: campaign.offer, source: "campaign", ref: campaign.id, version: "", step: "", createdAt: now, expiresAt: campaign.end });
    }
    for (const offerId of leases?.keys() ?? []) pending.delete(offerId);
    return pending;
  }

  /**
   * Hands pending offers to the decisions that show them: each stays pending (only its `display`
   * delivers it) but is not offered to another decision until that decision's `display` or
   * `suppress` arrives, or JOURNEY_RUNTIME_LIMITS.pendingLeaseMs passes.
   */
  lease(pending: ReadonlyMap<string, Pending>, decisions: readonly { offerId: string | null; decisionId: string }[], now: number): void {
    for (const { offerId, decisionId } of decisions) {
      if (offerId !== null && pending.has(offerId)) this.store.lease(offerId, decisionId, now + LIMITS.pendingLeaseMs);
    }
  }

  /**
   * What offer events do to pending messages (DESIGN.md, "Channels and message delivery"): a
   * `display` delivers the offer (from an edge decision or a device's own, decided from a sync:
   * the sync checked campaign audiences, so they are taken as met here); a `suppress` ends the
   * lease (its decision's, or without a token, in hybrid mode, the offer's), so the message is
   * offered again at the next opportunity.
   */
  onOfferEvents(set: JourneySet, events: readonly { type: string; offerId?: string; decisionId?: string }[], now: number): void {
    const shown = events.flatMap((e) => (e.type === "display" && e.offerId !== undefined ? [e.offerId] : []));
    for (const e of events) if (e.type === "suppress" && e.offerId !== undefined) this.store.endLease(e.offerId, e.decisionId);
    const key = this.key();
    if (shown.length === 0 || key === undefined) return;
    this.delivered(this.pendingFor(set, key, set.campaigns.map((c) => c.audience), now, true), shown, now);
  }

  /** Records that these pending offers were delivered (displayed). True if anything was emitted. */
  delivered(pending: ReadonlyMap<string, Pending>, offerIds: readonly (string | null)[], now: number): boolean {
    let emitted = false;
    for (const offerId of new Set(offerIds)) {
      const item = offerId === null ? undefined : pending.get(offerId);
      if (!item) continue;
      this.store.endLease(item.offerId);
      if (item.source === "journey") {
        this.store.removePending("journey", item.ref, item.offerId);
        this.emit("journey", item.ref, item.version, item.step, "delivered", now);
      } else {
        const first = this.store.campaignDeliveries(item.ref) === 0;
        this.store.recordCampaignDelivery(item.ref, now);
        this.emit("campaign", item.ref, "", "", first ? "reached" : "delivered", now);
      }
      this.store.attribute(item.offerId, { source: item.source, ref: item.ref, version: item.version, step: item.step }, now + LIMITS.attributionMs);
      emitted = true;
    }
    this.commit();
    return emitted;
  }

  nextDue(): number | undefined {
    return this.store.nextDue();
  }

  // ---- transitions ----------------------------------------------------------------------------

  private mayEnter(journey: Journey, set: JourneySet, now: number): boolean {
    if (set.paused.has(journey.id)) return false;
    const instances = this.store.instances();
    if (instances.has(journey.id)) return false;
    const last = this.store.lastEntry(journey.id);
    if (last !== undefined) {
      if (journey.reentry === "never") return false;
      if (journey.reentry !== "always" && now < addDuration(last, journey.reentry)) return false;
    }
    return true;
  }

  private withinLimits(journey: Journey, now: number): boolean {
    if (this.store.instances().size >= LIMITS.activePerProfile) return this.limited(journey, "active journeys", now);
    this.recentEntries = this.recentEntries.filter((at) => at > now - 60_000);
    if (this.recentEntries.length >= LIMITS.entriesPerMinute) return this.limited(journey, "entries per minute", now);
    return true;
  }

  private limited(journey: Journey, what: string, now: number): false {
    this.emit("journey", journey.id, journey.version, "trigger", "limited", now);
    console.warn(`journey ${journey.id}: ${this.key()} is at its limit of ${what}`);
    return false;
  }

  private enter(journey: Journey, data: RuleData, now: number): void {
    const key = this.key();
    if (key !== undefined && this.store.meta("profileKey") === undefined) this.store.setMeta("profileKey", key);
    this.recentEntries.push(now);
    this.store.recordEntry(journey.id, now);
    this.store.saveDefinition(journey.id, journey.version, journey.definition);
    this.emit("journey", journey.id, journey.version, "trigger", "entered", now);
    const instance: Instance = {
      journeyId: journey.id, version: journey.version, pointer: [0], dueAt: 0,
      waitEvent: null, waitOffer: null, enteredAt: now, lastOffer: null,
    };
    data.journey = { id: journey.id, timedOut: false };
    this.run(journey, instance, [0], data, now);
  }

  /** Leaves the instance's wait (timer, timeout or awaited event) and runs on from the next step. */
  private resume(journey: Journey, instance: Instance, timedOut: boolean, data: RuleData, now: number): void {
    const label = stepLabel(instance.pointer);
    this.emit("journey", journey.id, journey.version, label, "waiting", now, -1);
    const step = stepAt(journey.source.steps, instance.pointer);
    if (timedOut) {
      this.emit("journey", journey.id, journey.version, label, "timed_out", now);
      if (step && "wait_for" in step && step.wait_for.on_timeout === "exit") {
        this.finish(journey, instance, label, "exited", now);
        return;
      }
    }
    data.journey = { id: journey.id, timedOut };
    this.run(journey, instance, nextPointer(journey.source.steps, instance.pointer), data, now);
  }

  /** Runs steps from `pointer` until a wait (saved) or the end (completed). */
  private run(journey: Journey, instance: Instance, pointer: Pointer | null, data: RuleData, now: number): void {
    const steps = journey.source.steps;
    let label = stepLabel(instance.pointer);
    for (let n = 0; pointer !== null && n < LIMITS.transitionsPerRun; n++) {
      const step = stepAt(steps, pointer)!;
      label = stepLabel(pointer);
      this.emit("journey", journey.id, journey.version, label, "entered", now);
      if ("wait" in step || "wait_for" in step) {
        const waitFor = "wait_for" in step ? step.wait_for : undefined;
        const duration = parseDuration(waitFor ? waitFor.timeout : (step as { wait: string }).wait)!;
        const next: Instance = {
          ...instance,
          pointer,
          dueAt: addDuration(now, duration),
          waitEvent: waitFor?.event ?? null,
          waitOffer: waitFor ? (waitFor.offer ?? (isOfferEvent(waitFor.event) ? instance.lastOffer : null)) : null,
        };
        this.store.saveInstance(next);
        this.emit("journey", journey.id, journey.version, label, "waiting", now, 1);
        return;
      }
      if ("if" in step) {
        const ok = this.passes(journey.rules.get(label), data, journey.id, false);
        pointer = branchPointer(steps, pointer, ok ? "then" : "else");
        continue;
      }
      if ("message" in step) {
        this.store.addPending({
          offerId: step.message, source: "journey", ref: journey.id, version: journey.version, step: label,
          createdAt: now, expiresAt: now + LIMITS.pendingMs,
        });
        instance = { ...instance, lastOffer: step.message };
      } else if ("action" in step) {
        this.callWebhook(journey, label, step.action, data, now);
      } else if ("set" in step) {
        this.store.setAttributes(step.set);
        data.profile = { ...data.profile, ...step.set };
      } else if ("end" in step) {
        break;
      }
      pointer = nextPointer(steps, pointer);
    }
    this.finish(journey, instance, label, "completed", now);
  }

  /**
   * An `action` step: its body rendered over the step's evaluation context and put in the outbox
   * as one webhook call, with its delivery id fixed now (the same on every retry downstream). A
   * body over the size limit is not sent and counts as the step's `failed`.
   */
  private callWebhook(journey: Journey, label: string, action: { webhook: string; body: unknown }, data: RuleData, now: number): void {
    const body = renderActionBody(action, { ...data, journey: { ...data.journey, id: journey.id } });
    if (body === undefined) {
      console.error(`journey ${journey.id} step ${label}: the webhook body is over the size limit; not sent`);
      this.emit("journey", journey.id, journey.version, label, "failed", now);
      return;
    }
    const deliveryId = crypto.randomUUID();
    this.enqueue({ kind: "webhook", key: `${this.key() ?? "?"}|webhook|${deliveryId}`, timestamp: now, deliveryId, webhook: action.webhook, body, source: `journey:${journey.id}@${label}` });
  }

  /** Ends the instance, e.g. on its exit event (its undelivered messages are withdrawn). */
  private exit(journey: Journey, instance: Instance, now: number): void {
    const label = stepLabel(instance.pointer);
    this.emit("journey", journey.id, journey.version, label, "waiting", now, -1);
    this.finish(journey, instance, label, "exited", now);
  }

  private finish(journey: Journey, instance: Instance, label: string, outcome: "completed" | "exited", now: number): void {
    if (this.store.instances().has(journey.id)) this.store.deleteInstance(journey.id);
    if (outcome === "exited") this.store.removePending("journey", journey.id);
    this.emit("journey", journey.id, journey.version, label, outcome, now);
    void instance;
  }

  private attributeEvent(offerId: string, metric: string, now: number): void {
    const attribution = this.store.attribution(offerId, now);
    if (attribution) this.emit(attribution.source, attribution.ref, attribution.version, attribution.step, metric, now);
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Whether an instance waits for, or exits on, this event name. */
  private awaits(name: string): boolean {
    for (const instance of this.store.instances().values()) {
      if (instance.waitEvent === name || this.journeyOf(instance)?.exit?.event === name) return true;
    }
    return false;
  }

  private journeyOf(instance: Instance): Journey | undefined {
    const definition = this.store.definition(instance.journeyId, instance.version);
    if (definition === undefined) {
      console.error(`journey ${instance.journeyId}@${instance.version}: definition missing; instance dropped`);
      this.store.deleteInstance(instance.journeyId);
      return undefined;
    }
    return compiledVersion(instance.journeyId, instance.version, definition);
  }

  private passes(rule: ((data: unknown) => unknown) | undefined, data: RuleData, journeyId: string, fallback: boolean): boolean {
    if (!rule) return true;
    try {
      const value = rule({ ...data, journey: { ...data.journey, id: journeyId } });
      return Array.isArray(value) ? value.length > 0 : !!value;
    } catch {
      return fallback;
    }
  }

  /** What journey rules read besides the event: the profile's one evaluation context (engine `profileInput`). */
  private baseData(prepared: Prepared, history: readonly HistoryEntry[], now: number): RuleData {
    const { facts } = prepared;
    const id = facts?.profile["id"] ?? this.key()?.replace(/^[a-z]+:/, "");
    const input = profileInput(prepared.catalog, {
      id: String(id),
      attributes: facts?.profile,
      journeyAttributes: this.store.attributes(),
      audiences: facts?.audiences,
      history,
      now,
    });
    return { ...input, audiences: [...input.audiences], context: input.context ?? {}, event: null, journey: { id: "", timedOut: false } };
  }

  private takeToken(now: number): boolean {
    this.tokens = Math.min(LIMITS.eventBurst, this.tokens + ((now - this.refilledAt) / 60_000) * LIMITS.eventsPerMinute);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens--;
    return true;
  }

  private key(): string | undefined {
    this.profileKey ??= this.store.meta("profileKey");
    return this.profileKey;
  }

  private emit(kind: StatDelta["kind"], id: string, version: string, step: string, metric: string, now: number, delta = 1): void {
    this.buffered.push({ kind, id, version, step, metric, delta });
    this.bufferedAt = now;
  }

  /** Puts what the current step emitted into the outbox as one message (same atomic step). */
  private commit(): void {
    if (this.buffered.length === 0) return;
    this.enqueue({ kind: "journey-stats", key: `${this.key() ?? "?"}|stat|${crypto.randomUUID()}`, timestamp: this.bufferedAt, stats: this.buffered });
    this.buffered = [];
  }
}

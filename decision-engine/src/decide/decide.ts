import type { HistoryEvent } from "../rules/types.ts";
import type { CompiledCap, CompiledCatalog, CompiledOffer, CompiledPlacement } from "./compiled.ts";
import { periodStart } from "./schedule.ts";

/** What `decide` needs to know about one request. Every part is optional. */
export interface DecideInput {
  /** Placement ids to decide for, in the order the answers should come back. */
  placements?: readonly string[];
  profile?: Readonly<Record<string, unknown>>;
  audiences?: readonly string[];
  context?: Readonly<Record<string, unknown>>;
  /** Only when a trigger is being evaluated, e.g. `{name: "cart.add", properties: {sku: "A1"}}`. */
  event?: { readonly name: string; readonly properties?: Readonly<Record<string, unknown>> };
  /** Epoch ms; defaults to the current time. */
  now?: number;
  /** This profile's recent events, for profile caps and the `history` operator. */
  history?: readonly HistoryEvent[];
  /** Per offer, per event (lifetime) or `event/period` (current period): counts across all profiles. */
  globalCounts?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Offers a journey step or campaign has made pending for this profile: delivered before others. */
  pending?: readonly string[];
  explain?: boolean;
}

/** Why a candidate won or lost: a closed set. */
export type Outcome = "selected" | "schedule" | "trigger" | "ineligible" | "capped" | "outranked" | "journey";

export interface CandidateExplanation {
  offerId: string;
  outcome: Outcome;
  /** A short human explanation, e.g. `eligibility.and[1] is false` or `display 3/3 per day`. */
  detail?: string;
  /** Under the `score` strategy, the candidate's score. */
  score?: number;
}

export interface Explanation {
  /** Every offer placed here, best-ranked first, with what happened to it. */
  candidates: CandidateExplanation[];
  /** Set when the placement is not in the catalog. */
  unknownPlacement?: true;
}

export interface Decision {
  placement: string;
  offerId: string | null;
  /** True when nothing qualified and the placement's fallback offer is shown. */
  fallback: boolean;
  content?: unknown;
  message?: unknown;
  explanation?: Explanation;
}

export interface DecideResult {
  decisions: Decision[];
}

const EMPTY_RECORD: Readonly<Record<string, unknown>> = Object.freeze({});
const EMPTY_LIST: readonly never[] = Object.freeze([]);

/**
 * Decides which offers each placement shows: offers in the placement → in schedule → trigger
 * matched → eligible → not capped → ranked → top N → else the fallback → else none. Pure: no I/O,
 * and it never throws for a compiled catalog, whatever the input.
 *
 * @example
 * const { decisions } = decide(catalog, { placements: ["home-hero"], profile: { id: "u-1" }, audiences: ["vip"] });
 * decisions[0].offerId; // "vip-spring", or the fallback, or null
 */
export function decide(catalog: CompiledCatalog, input: DecideInput = {}): DecideResult {
  const run = new DecisionRun(catalog, isObject(input) ? input : {});
  const decisions: Decision[] = [];
  const seen = new Set<string>();
  for (const placementId of Array.isArray(input.placements) ? input.placements : EMPTY_LIST) {
    if (typeof placementId !== "string" || seen.has(placementId)) continue;
    seen.add(placementId);
    const placement = catalog.placements.get(placementId);
    if (placement) run.decidePlacement(placement, decisions);
    else decisions.push(unknownPlacement(placementId, run.explain));
  }
  return { decisions };
}

function unknownPlacement(placement: string, explain: boolean): Decision {
  const decision: Decision = { placement, offerId: null, fallback: false };
  if (explain) decision.explanation = { candidates: [], unknownPlacement: true };
  return decision;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The state of one `decide` call: its evaluation context and what it has already computed. */
class DecisionRun {
  readonly explain: boolean;
  readonly #now: number;
  readonly #data: Record<string, unknown>;
  readonly #event: { name: string } | undefined;
  readonly #history: readonly HistoryEvent[];
  readonly #globalCounts: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly #pending: ReadonlySet<string>;
  /** Per shared condition: 0 not yet evaluated, 1 true, 2 false, 3 failed. */
  readonly #conditionResults: Int8Array;
  #historyByOffer: Map<string, HistoryEvent[]> | undefined;

  readonly #catalog: CompiledCatalog;

  constructor(catalog: CompiledCatalog, input: DecideInput) {
    this.#catalog = catalog;
    this.explain = input.explain === true;
    this.#now = typeof input.now === "number" && Number.isFinite(input.now) ? input.now : Date.now();
    this.#history = Array.isArray(input.history) ? input.history : EMPTY_LIST;
    this.#globalCounts = isObject(input.globalCounts) ? input.globalCounts : EMPTY_RECORD as never;
    this.#pending = new Set(Array.isArray(input.pending) ? input.pending : EMPTY_LIST);
    const event = isObject(input.event) && typeof input.event.name === "string" ? input.event : undefined;
    this.#event = event;
    this.#data = {
      profile: isObject(input.profile) ? input.profile : EMPTY_RECORD,
      audiences: Array.isArray(input.audiences) ? input.audiences : EMPTY_LIST,
      context: isObject(input.context) ? input.context : EMPTY_RECORD,
      event: event ?? null,
      now: this.#now,
      history: this.#history,
    };
    this.#conditionResults = new Int8Array(catalog.conditions.length);
  }

  decidePlacement(placement: CompiledPlacement, out: Decision[]): void {
    const explanations: CandidateExplanation[] | undefined = this.explain ? [] : undefined;
    const passed =
      placement.strategy === "score"
        ? this.#rankByScore(placement, explanations)
        : this.#rankByPriority(placement, explanations);
    const before = out.length;
    for (const offer of passed) out.push(this.#render(placement, offer, false));
    if (out.length === before) {
      const fallback = placement.fallback;
      out.push(fallback ? this.#render(placement, fallback, true) : { placement: placement.id, offerId: null, fallback: false });
    }
    if (explanations) out[before]!.explanation = { candidates: explanations };
  }

  /** Candidates are pre-sorted by priority: the first `limit` that pass win; no need to look further. */
  #rankByPriority(placement: CompiledPlacement, explanations: CandidateExplanation[] | undefined): CompiledOffer[] {
    const winners: CompiledOffer[] = [];
    for (const offer of this.#candidatesOf(placement)) {
      if (winners.length === placement.limit) {
        if (!explanations) break;
        explanations.push(this.#explainOutranked(offer));
        continue;
      }
      const loss = this.#check(offer);
      if (loss === undefined) winners.push(offer);
      explanations?.push(loss ?? { offerId: offer.id, outcome: "selected" });
    }
    return winners;
  }

  #rankByScore(placement: CompiledPlacement, explanations: CandidateExplanation[] | undefined): CompiledOffer[] {
    const scored: { offer: CompiledOffer; score: number; pending: boolean }[] = [];
    for (const offer of this.#candidatesOf(placement)) {
      const loss = this.#check(offer);
      if (loss) explanations?.push(loss);
      else scored.push({ offer, score: this.#score(placement, offer), pending: this.#pending.has(offer.id) });
    }
    scored.sort(
      (a, b) =>
        Number(b.pending) - Number(a.pending) ||
        b.score - a.score ||
        b.offer.priority - a.offer.priority ||
        (a.offer.id < b.offer.id ? -1 : 1),
    );
    scored.forEach(({ offer, score }, rank) => {
      explanations?.push({ offerId: offer.id, outcome: rank < placement.limit ? "selected" : "outranked", score });
    });
    return scored.slice(0, placement.limit).map((s) => s.offer);
  }

  #score(placement: CompiledPlacement, offer: CompiledOffer): number {
    try {
      const value = placement.score!({ ...this.#data, offer: offer.source });
      return typeof value === "number" && !Number.isNaN(value) ? value : -Infinity;
    } catch {
      return -Infinity;
    }
  }

  /** Pending journey and campaign offers first, then the rest, each group in priority order. */
  #candidatesOf(placement: CompiledPlacement): readonly CompiledOffer[] {
    if (this.#pending.size === 0) return placement.offers;
    const pending = placement.offers.filter((o) => this.#pending.has(o.id));
    return pending.length === 0 ? placement.offers : [...pending, ...placement.offers.filter((o) => !this.#pending.has(o.id))];
  }

  /** Why an offer cannot be shown, or `undefined` when it can. */
  #check(offer: CompiledOffer): CandidateExplanation | undefined {
    const pending = this.#pending.has(offer.id);
    if (offer.orchestrated && !pending) {
      return this.#loss(offer, "journey", "delivered only by a journey or campaign");
    }
    if (this.#now < offer.start) return this.#loss(offer, "schedule", `starts at ${new Date(offer.start).toISOString()}`);
    if (this.#now >= offer.end) return this.#loss(offer, "schedule", `ended at ${new Date(offer.end).toISOString()}`);
    if (offer.trigger && !this.#triggerMatches(offer.trigger)) {
      return this.#loss(offer, "trigger", `waits for event "${offer.trigger.event}"`);
    }
    if (!pending) {
      const failed = this.#firstFailedCondition(offer);
      if (failed >= 0) return this.explain ? this.#ineligible(offer, failed) : LOST;
    }
    const cap = this.#reachedCap(offer);
    if (cap) return this.#loss(offer, "capped", `${cap.event} ${cap.limit}/${cap.limit} per ${cap.period === "lifetime" ? "lifetime" : cap.period} (${cap.scope})`);
    return undefined;
  }

  #loss(offer: CompiledOffer, outcome: Outcome, detail: string): CandidateExplanation {
    return this.explain ? { offerId: offer.id, outcome, detail } : LOST;
  }

  #ineligible(offer: CompiledOffer, failed: number): CandidateExplanation {
    const where = offer.conditions.length > 1 ? `eligibility.and[${failed}]` : "eligibility";
    const state = this.#conditionResults[offer.conditions[failed]!];
    return { offerId: offer.id, outcome: "ineligible", detail: state === 3 ? `${where} failed with an error` : `${where} is false` };
  }

  #explainOutranked(offer: CompiledOffer): CandidateExplanation {
    const loss = this.#check(offer);
    return loss ?? { offerId: offer.id, outcome: "outranked", detail: "a higher-ranked offer filled the placement" };
  }

  #triggerMatches(trigger: NonNullable<CompiledOffer["trigger"]>): boolean {
    if (!this.#event || this.#event.name !== trigger.event) return false;
    if (!trigger.when) return true;
    try {
      return truthy(trigger.when(this.#data));
    } catch {
      return false;
    }
  }

  /** Index (within the offer) of the first condition that is not truthy, or -1 if all hold. */
  #firstFailedCondition(offer: CompiledOffer): number {
    const indexes = offer.conditions;
    const results = this.#conditionResults;
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k]!;
      let state = results[i]!;
      if (state === 0) {
        state = this.#evaluateCondition(i);
        results[i] = state;
      }
      if (state !== 1) return k;
    }
    return -1;
  }

  #evaluateCondition(i: number): number {
    try {
      return truthy(this.#catalog.conditions[i]!(this.#data)) ? 1 : 2;
    } catch {
      return 3;
    }
  }

  #reachedCap(offer: CompiledOffer): CompiledCap | undefined {
    for (const cap of offer.profileCaps) {
      if (this.#profileCount(offer.id, cap) >= cap.limit) return cap;
    }
    for (const cap of offer.globalCaps) {
      const count = this.#globalCounts[offer.id]?.[cap.countKey];
      if ((typeof count === "number" ? count : 0) >= cap.limit) return cap;
    }
    return undefined;
  }

  #profileCount(offerId: string, cap: CompiledCap): number {
    const events = this.#eventsOf(offerId);
    const since = periodStart(cap.period, this.#now);
    let count = 0;
    for (const event of events) {
      if (event.name === cap.event && event.timestamp >= since) count++;
    }
    return count;
  }

  #eventsOf(offerId: string): readonly HistoryEvent[] {
    if (!this.#historyByOffer) {
      this.#historyByOffer = new Map();
      for (const event of this.#history) {
        if (!isObject(event) || typeof event.offerId !== "string" || typeof event.timestamp !== "number") continue;
        const list = this.#historyByOffer.get(event.offerId);
        if (list) list.push(event);
        else this.#historyByOffer.set(event.offerId, [event]);
      }
    }
    return this.#historyByOffer.get(offerId) ?? EMPTY_LIST;
  }

  #render(placement: CompiledPlacement, offer: CompiledOffer, fallback: boolean): Decision {
    const decision: Decision = { placement: placement.id, offerId: offer.id, fallback };
    try {
      if (placement.format === "message") {
        if (offer.renderMessage) decision.message = offer.renderMessage(this.#data, offer.source.message?.layout === "html");
      } else if (offer.renderContent) {
        decision.content = offer.renderContent(this.#data, placement.format === "html");
      }
    } catch {
      // Templates do not throw on data; this only guards the "decide never throws" promise.
    }
    return decision;
  }
}

/** A shared marker for "lost" when no explanation is wanted, so the hot path allocates nothing. */
const LOST: CandidateExplanation = Object.freeze({ offerId: "", outcome: "ineligible" }) as CandidateExplanation;

/** JSON Logic truthiness: empty arrays are false, so are 0, "", null and NaN. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return Boolean(value);
}

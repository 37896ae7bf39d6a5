import type { HistoryEvent } from "../rules/types.ts";
import type { CompiledCap, CompiledCatalog, CompiledExperiment, CompiledOffer, CompiledPlacement, CompiledVariant } from "./compiled.ts";
import { variantAt } from "./experiments.ts";
import { bucketOf, bucketUnit } from "../rules/extensions/bucket.ts";
import { servesChannel } from "./channels.ts";
import { isRecord } from "./paths.ts";
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
  /**
   * Offers a journey step or campaign has made pending for this profile: delivered before others,
   * on the placements of the asking channel (`context.channel`: `web` or `app`) only — a placement's
   * channel is its surface's scheme (`web://`, `mobileapp://`); one without a surface serves all.
   */
  pending?: readonly string[];
  /** Forced experiment variants, `{experimentId: variantId}` (QA and simulation): assignment skipped. */
  variants?: Readonly<Record<string, string>>;
  explain?: boolean;
}

/** Why a candidate won or lost: a closed set. */
export type Outcome = "selected" | "schedule" | "trigger" | "ineligible" | "capped" | "outranked" | "journey" | "experiment" | "holdout";

export interface CandidateExplanation {
  offerId: string;
  outcome: Outcome;
  /** A short human explanation, e.g. `eligibility.and[1] is false` or `display 3/3 per day`. */
  detail?: string;
  /** For `ineligible`: the condition that failed, relative to the offer (`eligibility.and[1]`). */
  condition?: string;
  /** Under the `score` strategy, the candidate's score. */
  score?: number;
}

export interface Explanation {
  /** Every offer placed here, best-ranked first, with what happened to it. */
  candidates: CandidateExplanation[];
  /** Set when the placement is not in the catalog. */
  unknownPlacement?: true;
  /** `experiment hero-test, variant spring`, or `holdout`: what decided instead of the ranking. */
  assignment?: string;
}

export interface Decision {
  placement: string;
  offerId: string | null;
  /** True when nothing qualified and the placement's fallback offer is shown. */
  fallback: boolean;
  /** Set when a journey or campaign made the offer pending: it leaves `pending` only by its `display`. */
  orchestrated?: true;
  content?: unknown;
  message?: unknown;
  /** The experiment deciding this placement for the profile, and its variant (the offer may be null). */
  experimentId?: string;
  variantId?: string;
  /** The profile is in the catalog's holdout: only the fallback is shown. */
  holdout?: true;
  explanation?: Explanation;
}

export interface DecideResult {
  decisions: Decision[];
}

const NONE: readonly never[] = [];
const HELD_OUT = "held out: the catalog's holdout sees fallbacks only";
const OUTRANKED = "a higher-ranked offer filled the placement";
/** Placements whose content is set as text or handed to the app: inserts stay raw. Every other format escapes them. */
const RAW_FORMATS: readonly string[] = ["json", "text"];

/** The data every rule of a decision sees (DESIGN.md, "the evaluation context"). */
export interface EvaluationContext {
  readonly profile: Readonly<Record<string, unknown>>;
  readonly audiences: readonly string[];
  readonly context: Readonly<Record<string, unknown>>;
  readonly event: NonNullable<DecideInput["event"]> | null;
  readonly now: number;
  readonly history: readonly HistoryEvent[];
}

/**
 * The evaluation context of a decision, built from its parts; malformed parts become empty ones.
 *
 * @example evaluationContext({ profile: { id: "u-1" }, audiences: ["vip"] }, Date.now()).audiences // ["vip"]
 */
export function evaluationContext(input: DecideInput, now: number): EvaluationContext {
  const { event, history } = isRecord(input) ? input : ({} as DecideInput);
  return {
    profile: record(input.profile),
    audiences: Array.isArray(input.audiences) ? input.audiences : NONE,
    context: record(input.context),
    event: isRecord(event) && typeof event["name"] === "string" ? (event as EvaluationContext["event"]) : null,
    now,
    history: Array.isArray(history) ? history : NONE,
  };
}

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
  const { placements, globalCounts, pending, variants: forced } = isRecord(input) ? input : ({} as DecideInput);
  const explain = input.explain === true;
  const now = Number.isFinite(input.now) ? input.now! : Date.now();
  const counts = (isRecord(globalCounts) ? globalCounts : {}) as NonNullable<DecideInput["globalCounts"]>;
  const pendingIds = new Set(Array.isArray(pending) ? pending : NONE);
  const data = evaluationContext(input, now);
  const trigger = data.event;
  /** Who experiments and the holdout assign: the profile's id (the anonymous id when not identified). */
  const unit = bucketUnit(data.profile["id"]);
  const held = catalog.holdout > 0 && unit !== null && bucketOf("holdout", unit) < catalog.holdout;
  /** Per shared condition: 0 not yet evaluated, 1 true, 2 false, 3 failed. */
  const results = new Int8Array(catalog.conditions.length);
  let byOffer: Map<unknown, HistoryEvent[]> | undefined;

  const failedCondition = (offer: CompiledOffer): number => {
    const ids = offer.conditions;
    for (let k = 0; k < ids.length; k++) {
      const i = ids[k]!;
      if (!results[i]) {
        try {
          results[i] = truthy(catalog.conditions[i]!(data)) ? 1 : 2;
        } catch {
          results[i] = 3;
        }
      }
      if (results[i] !== 1) return k;
    }
    return -1;
  };

  const profileCount = (offer: CompiledOffer, cap: CompiledCap): number => {
    if (!byOffer) {
      byOffer = new Map();
      for (const e of data.history) {
        if (isRecord(e) && typeof e.timestamp === "number") byOffer.get(e.offerId)?.push(e) ?? byOffer.set(e.offerId, [e]);
      }
    }
    const since = periodStart(cap.period, now);
    let count = 0;
    for (const e of byOffer.get(offer.id) ?? NONE) if (e.name === cap.event && e.timestamp >= since) count++;
    return count;
  };

  /** Whether the shared condition `index` holds (an experiment's audience). */
  const holds = (index: number): boolean => {
    if (!results[index]) results[index] = attempt(() => (truthy(catalog.conditions[index]!(data)) ? 1 : 2), 3);
    return results[index] === 1;
  };

  /** The experiment running on `placement` now that takes this profile, with its variant. */
  const assigned = (placement: CompiledPlacement): { experiment: CompiledExperiment; variant: CompiledVariant } | undefined => {
    const experiment = placement.experiments.find((e) => now >= e.start && now < e.end);
    if (!experiment || unit === null || (experiment.audience >= 0 && !holds(experiment.audience))) return undefined;
    const wanted = isRecord(forced) ? forced[experiment.id] : undefined;
    const variant = experiment.variants.find((v) => v.id === wanted) ?? variantAt(experiment, bucketOf(experiment.id, unit));
    return { experiment, variant };
  };

  const reachedCap = (offer: CompiledOffer): CompiledCap | undefined =>
    offer.caps.find((cap) => (cap.scope === "global" ? Number(counts[offer.id]?.[cap.countKey]) || 0 : profileCount(offer, cap)) >= cap.limit);

  /** Whether pending offers are delivered on the placement being decided (its channel asked). */
  let pendingHere = false;
  const isPending = (offer: CompiledOffer): boolean => pendingHere && pendingIds.has(offer.id);

  /** Why an offer cannot be shown now, or `undefined` when it can. Allocates nothing. */
  const check = (offer: CompiledOffer): Outcome | undefined => {
    const pendingNow = isPending(offer);
    if (offer.orchestrated && !pendingNow) return "journey";
    if (now < offer.start || now >= offer.end) return "schedule";
    const t = offer.trigger;
    if (t && !(trigger?.name === t.event && (!t.when || attempt(() => truthy(t.when!(data)), false)))) return "trigger";
    if (!pendingNow && failedCondition(offer) >= 0) return "ineligible";
    return offer.caps.length && reachedCap(offer) ? "capped" : undefined;
  };

  /** The human detail of a loss, worked out again only when explaining (results are cached). */
  const detailOf = (offer: CompiledOffer, outcome: Outcome): string => {
    if (outcome === "journey") return "delivered only by a journey or campaign";
    if (outcome === "schedule") {
      return now < offer.start ? `starts at ${new Date(offer.start).toISOString()}` : `ended at ${new Date(offer.end).toISOString()}`;
    }
    if (outcome === "trigger") return `waits for event "${offer.trigger!.event}"`;
    if (outcome === "ineligible") {
      const failed = failedCondition(offer);
      return `${conditionPath(offer, failed)} ${results[offer.conditions[failed]!] === 3 ? "failed with an error" : "is false"}`;
    }
    const cap = reachedCap(offer)!;
    return `${cap.event} ${cap.limit}/${cap.limit} per ${cap.period} (${cap.scope})`;
  };

  const render = (placement: CompiledPlacement, offer: CompiledOffer, fallback: boolean): Decision => {
    const decision: Decision = { placement: placement.id, offerId: offer.id, fallback };
    if (!fallback && isPending(offer)) decision.orchestrated = true;
    attempt(() => {
      if (placement.format === "message") {
        if (offer.renderMessage) decision.message = offer.renderMessage(data, offer.source.message?.layout === "html");
      } else if (offer.renderContent) decision.content = offer.renderContent(data, !RAW_FORMATS.includes(placement.format));
    }, undefined);
    return decision;
  };

  /** The decision of a placement that an experiment takes: its variant's offer, else the fallback, else none. */
  const experimentDecision = (placement: CompiledPlacement, experiment: CompiledExperiment, variant: CompiledVariant, note: (offer: CompiledOffer, outcome: Outcome, score?: number, detail?: string) => void, explained: CandidateExplanation[]): Decision => {
    const label = `experiment ${experiment.id}, variant ${variant.id}`;
    const offer = variant.offer;
    const loss = offer ? check(offer) : undefined;
    for (const other of placement.offers) if (other !== offer) note(other, "experiment", undefined, `not the offer of ${label}`);
    if (offer) note(offer, loss ?? "selected", undefined, loss ? undefined : label);
    const decision: Decision = offer && !loss ? render(placement, offer, false)
      : offer && placement.fallback ? render(placement, placement.fallback, true)
      : { placement: placement.id, offerId: null, fallback: false };
    decision.experimentId = experiment.id;
    decision.variantId = variant.id;
    if (explain) decision.explanation = { candidates: explained, assignment: label };
    return decision;
  };

  const decisions: Decision[] = [];
  const seen = new Set<unknown>();
  for (const id of Array.isArray(placements) ? placements : NONE) {
    if (typeof id !== "string" || seen.has(id)) continue;
    seen.add(id);
    const placement = catalog.placements.get(id);
    if (!placement) {
      decisions.push(explain ? { placement: id, offerId: null, fallback: false, explanation: { candidates: [], unknownPlacement: true } } : { placement: id, offerId: null, fallback: false });
      continue;
    }
    const explained: CandidateExplanation[] = [];
    const note = (offer: CompiledOffer, outcome: Outcome, score?: number, detail?: string): void => {
      if (!explain) return;
      const entry: CandidateExplanation = { offerId: offer.id, outcome };
      if (detail !== undefined) entry.detail = detail;
      else if (outcome === "outranked" && score === undefined) entry.detail = OUTRANKED;
      else if (outcome !== "selected" && outcome !== "outranked") entry.detail = detailOf(offer, outcome);
      if (outcome === "ineligible") entry.condition = conditionPath(offer, failedCondition(offer));
      if (score !== undefined) entry.score = score;
      explained.push(entry);
    };
    if (held) {
      // The holdout sees fallbacks only: no offer, no journey or campaign message.
      pendingHere = false;
      for (const offer of placement.offers) note(offer, "holdout", undefined, HELD_OUT);
      const decision = placement.fallback ? render(placement, placement.fallback, true) : { placement: id, offerId: null, fallback: false };
      decision.holdout = true;
      if (explain) decision.explanation = { candidates: explained, assignment: "holdout" };
      decisions.push(decision);
      continue;
    }
    pendingHere = pendingIds.size > 0 && servesChannel(placement.channel, data.context["channel"]);
    // A running experiment decides the placement (a pending journey or campaign message still comes first).
    const assignment = placement.experiments.length > 0 ? assigned(placement) : undefined;
    if (assignment && !(pendingHere && placement.offers.some((o) => isPending(o) && !check(o)))) {
      decisions.push(experimentDecision(placement, assignment.experiment, assignment.variant, note, explained));
      continue;
    }
    // Pending journey and campaign offers first, then the rest; each group is already in rank order.
    const candidates = pendingHere ? [...placement.offers].sort((a, b) => +isPending(b) - +isPending(a)) : placement.offers;
    let winners: CompiledOffer[] = [];
    if (placement.score) {
      const scored: [CompiledOffer, number][] = [];
      for (const offer of candidates) {
        const loss = check(offer);
        if (loss) note(offer, loss);
        else {
          const score = attempt(() => placement.score!({ ...data, offer: offer.source }), null);
          scored.push([offer, typeof score === "number" && score === score ? score : -Infinity]);
        }
      }
      // A stable sort keeps pending first and priority order among equal scores.
      scored.sort((a, b) => +isPending(b[0]) - +isPending(a[0]) || b[1] - a[1]);
      scored.forEach(([offer, score], rank) => note(offer, rank < placement.limit ? "selected" : "outranked", score));
      winners = scored.slice(0, placement.limit).map(([offer]) => offer);
    } else {
      for (const offer of candidates) {
        // Candidates are in rank order: once the placement is full, only an explanation needs more.
        if (winners.length === placement.limit && !explain) break;
        const loss = check(offer);
        if (loss) note(offer, loss);
        else if (winners.length === placement.limit) note(offer, "outranked");
        else winners.push(offer), note(offer, "selected");
      }
    }
    const first = decisions.length;
    for (const offer of winners) decisions.push(render(placement, offer, false));
    if (!winners.length) {
      decisions.push(placement.fallback ? render(placement, placement.fallback, true) : { placement: id, offerId: null, fallback: false });
    }
    if (explain) decisions[first]!.explanation = { candidates: explained };
  }
  return { decisions };
}

/** Where an offer's `index`th eligibility condition sits: `eligibility`, or `eligibility.and[i]`. */
const conditionPath = (offer: CompiledOffer, index: number): string => (offer.conditions.length > 1 ? `eligibility.and[${index}]` : "eligibility");

const record = (value: unknown): Readonly<Record<string, unknown>> => (isRecord(value) ? value : {});

/** Runs `fn`, giving `fallback` if it throws: rules and templates never make a decision fail. */
function attempt<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** JSON Logic truthiness: empty arrays are false, so are 0, "", null and NaN. */
const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : !!value);

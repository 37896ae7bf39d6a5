import { parseInstant } from "../time/instant.ts";
import type { CompiledExperiment, CompiledOffer, CompiledPlacement, CompiledVariant } from "./compiled.ts";
import { at, each, isName, isRecord, type Add } from "./paths.ts";
import type { Validation } from "./validation.ts";

/** Buckets per profile (`bucketOf` gives 0–9999). */
export const BUCKETS = 10_000;
/** The largest holdout, in percent. */
export const MAX_HOLDOUT_PERCENT = 50;

/**
 * Compiles `experiments` into their placements (`placement.experiments`, by start) and returns the
 * holdout's bucket bound. What compiling needs is reported to `add` (times it cannot read, variants
 * that are not a list, weights that are not positive); `check` validates the rest (references,
 * ids, overlaps, the control).
 */
export function compileExperiments(
  json: Record<string, unknown>,
  placements: ReadonlyMap<string, CompiledPlacement>,
  offers: ReadonlyMap<string, CompiledOffer>,
  add: Add,
  check: Validation | undefined,
  condition: (rule: unknown, path: string) => number,
): number {
  const running: { experiment: CompiledExperiment; placement: string; path: string }[] = [];
  each(json["experiments"] ?? [], "$.experiments", add, (experiment, path) => {
    check?.experiment(experiment, path, placements, offers);
    const start = instant(experiment["start"], at(path, "start"), add, -Infinity);
    const end = experiment["end"] === undefined ? Infinity : instant(experiment["end"], at(path, "end"), add, Infinity);
    if (start >= end) add(at(path, "end"), "must be after start");
    const audience = experiment["audience"] === undefined ? -1 : condition(experiment["audience"], at(path, "audience"));
    const weighted: { id: string; offer: CompiledOffer | null; weight: number }[] = [];
    each(experiment["variants"], at(path, "variants"), add, (variant, variantPath) => {
      const { id, offer, weight } = variant;
      if (typeof weight !== "number" || !(weight > 0) || !Number.isFinite(weight)) add(at(variantPath, "weight"), "must be a positive number");
      else if (isName(id)) weighted.push({ id, offer: offer === null ? null : (offers.get(offer as string) ?? null), weight });
    });
    const total = weighted.reduce((sum, variant) => sum + variant.weight, 0);
    let sum = 0;
    const variants: CompiledVariant[] = weighted.map(({ id, offer, weight }) => ({ id, offer, upTo: Math.round(((sum += weight) / total) * BUCKETS) }));
    const placement = experiment["placement"];
    if (isName(placement) && placements.has(placement) && isName(experiment["id"]) && variants.length > 0) {
      running.push({ experiment: { id: experiment["id"], start, end, audience, variants }, placement, path });
    }
  });
  // At most one experiment per placement at any time: the later of two that overlap is refused.
  running.sort((a, b) => a.experiment.start - b.experiment.start);
  for (const { experiment, placement, path } of running) {
    const list = placements.get(placement)!.experiments as CompiledExperiment[];
    const overlapping = list.find((other) => other.end > experiment.start);
    if (overlapping) check?.overlap(path, overlapping.id, placement);
    else list.push(experiment);
  }
  const holdout = json["holdout"];
  if (holdout === undefined) return 0;
  check?.holdout(holdout, "$.holdout");
  const percent = isRecord(holdout) ? holdout["percent"] : undefined;
  if (typeof percent !== "number" || !(percent >= 0 && percent <= MAX_HOLDOUT_PERCENT)) {
    add("$.holdout.percent", `must be a number from 0 to ${MAX_HOLDOUT_PERCENT}`);
    return 0;
  }
  return Math.round((percent / 100) * BUCKETS);
}

function instant(value: unknown, path: string, add: Add, open: number): number {
  const ms = parseInstant(value);
  if (ms === null) add(path, "must be an ISO-8601 date-time with a zone, e.g. 2026-03-01T00:00:00Z");
  return ms ?? open;
}

/** The variant whose buckets hold `bucket` (0–9999). */
export function variantAt(experiment: CompiledExperiment, bucket: number): CompiledVariant {
  return experiment.variants.find((variant) => bucket < variant.upTo) ?? experiment.variants[experiment.variants.length - 1]!;
}


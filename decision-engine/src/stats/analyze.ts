/**
 * `analyzeExperiment`: every variant against the control with an anytime-valid confidence interval
 * (./confidence-sequence.ts), and the sample-ratio check of the exposures against the weights
 * (./srm.ts).
 */
import { checkAlpha, checkArm, checkPositive } from "./check.ts";
import { DEFAULT_ALPHA, DEFAULT_TAU, differenceInterval } from "./confidence-sequence.ts";
import { sampleRatioMismatch } from "./srm.ts";

/** One variant's assignment weight and counts. */
export interface VariantCounts {
  readonly id: string;
  /** Assignment weight, any positive scale (50/50, 0.2/0.8, …). */
  readonly weight: number;
  readonly exposures: number;
  readonly conversions: number;
}

/** Input of {@link analyzeExperiment}. */
export interface ExperimentInput {
  /** At least 2 variants, ids unique. */
  readonly variants: readonly VariantCounts[];
  /** The control's id. Default: the first variant. */
  readonly control?: string;
  /** Significance level per comparison, in (0, 1). Default 0.05. */
  readonly alpha?: number;
  /** Mixing scale τ > 0 of the confidence sequence. Default 0.01. */
  readonly tau?: number;
  /**
   * `"none"` (default): each variant-vs-control comparison at level `alpha`. `"bonferroni"`: each at
   * `alpha / (k − 1)`, so that the chance of ANY false discovery among the k − 1 comparisons stays ≤ alpha.
   */
  readonly correction?: "none" | "bonferroni";
}

/** One variant in the result of {@link analyzeExperiment}. */
export interface VariantResult {
  readonly id: string;
  readonly exposures: number;
  readonly conversions: number;
  /** conversions / exposures; 0 when there are no exposures (then `lift` and `interval` are null). */
  readonly rate: number;
  /** rate − rate_control; null for the control, and when either arm has no exposures. */
  readonly lift: number | null;
  /** The anytime-valid (1 − α) confidence interval of `lift`; null when `lift` is. */
  readonly interval: [lo: number, hi: number] | null;
  /** Whether `interval` excludes 0. */
  readonly significant: boolean;
}

/** The result of {@link analyzeExperiment}. */
export interface ExperimentResult {
  /** In input order. */
  readonly variants: VariantResult[];
  /** The chi-square test of the exposures against the weights: `mismatch` when pValue < 0.001. */
  readonly srm: { readonly pValue: number; readonly mismatch: boolean };
}

/**
 * Analyze an A/B(/n) test at any moment: each variant's conversion rate, its lift over the control
 * with an always-valid confidence interval (safe to look at after every exposure), and the sample
 * ratio mismatch check. Throws a `TypeError` on malformed input.
 *
 * @example
 * analyzeExperiment({
 *   variants: [
 *     { id: "control", weight: 50, exposures: 10000, conversions: 1000 },
 *     { id: "spring", weight: 50, exposures: 10050, conversions: 1180 },
 *   ],
 *   control: "control",
 *   alpha: 0.05,
 * });
 * // { variants: [
 * //     { id: "control", exposures: 10000, conversions: 1000, rate: 0.1, lift: null, interval: null, significant: false },
 * //     { id: "spring", exposures: 10050, conversions: 1180, rate: 0.11741…, lift: 0.01741…, interval: [0.00398…, 0.03083…], significant: true }],
 * //   srm: { pValue: 0.72…, mismatch: false } }
 */
export const analyzeExperiment = (input: ExperimentInput): ExperimentResult => {
  if (typeof input != "object" || input === null) throw new TypeError("analyzeExperiment needs an object { variants, control?, alpha?, tau? }");
  const { variants } = input;
  if (!Array.isArray(variants) || variants.length < 2) {
    throw new TypeError(`variants must be an array of at least 2 variants (got ${Array.isArray(variants) ? variants.length : typeof variants})`);
  }
  const ids = new Set<string>();
  variants.forEach((variant: VariantCounts, i) => {
    if (typeof variant != "object" || variant === null) throw new TypeError(`variants[${i}] must be an object { id, weight, exposures, conversions }`);
    if (typeof variant.id != "string" || variant.id === "") throw new TypeError(`variants[${i}].id must be a non-empty string`);
    if (ids.has(variant.id)) throw new TypeError(`variants[${i}].id "${variant.id}" is a duplicate`);
    ids.add(variant.id);
    checkPositive(variant.weight, `variants[${i}].weight`);
    checkArm(variant, `variants[${i}]`);
  });
  const controlId = input.control ?? variants[0]!.id;
  const control = variants.find((variant) => variant.id === controlId);
  if (!control) throw new TypeError(`control "${String(controlId)}" is not a variant id (ids: ${[...ids].join(", ")})`);
  const alpha = checkAlpha(input.alpha ?? DEFAULT_ALPHA);
  const tau = checkPositive(input.tau ?? DEFAULT_TAU, "tau");
  const correction = input.correction ?? "none";
  if (correction !== "none" && correction !== "bonferroni") throw new TypeError(`correction must be "none" or "bonferroni" (got ${String(correction)})`);
  const perComparison = correction === "bonferroni" ? alpha / (variants.length - 1) : alpha;

  const results = variants.map(({ id, exposures, conversions }, i): VariantResult => {
    const rate = exposures === 0 ? 0 : conversions / exposures;
    const comparison = variants[i] === control ? null : differenceInterval({ exposures, conversions }, control, { alpha: perComparison, tau });
    return { id, exposures, conversions, rate, lift: comparison?.lift ?? null, interval: comparison?.interval ?? null, significant: comparison?.significant ?? false };
  });
  const { pValue, mismatch } = sampleRatioMismatch(
    variants.map((variant) => variant.exposures),
    variants.map((variant) => variant.weight),
  );
  return { variants: results, srm: { pValue, mismatch } };
};

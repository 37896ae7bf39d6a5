/**
 * `@edgewise/decision-engine/stats`: experiment statistics — anytime-valid confidence intervals for
 * the lift of each variant over the control (the normal-mixture SPRT of Johari et al., 2022) and the
 * sample-ratio-mismatch check. Pure and dependency-free; kept out of the main entry, so that no SDK
 * or worker that only decides carries it.
 *
 * @example
 * import { analyzeExperiment } from "@edgewise/decision-engine/stats";
 * analyzeExperiment({ variants: [{ id: "control", weight: 50, exposures: 10000, conversions: 1000 },
 *                                { id: "spring", weight: 50, exposures: 10050, conversions: 1180 }] });
 * // { variants: [{ id: "control", …, lift: null }, { id: "spring", …, lift: 0.0174…, interval: [0.0039…, 0.0308…], significant: true }],
 * //   srm: { pValue: 0.72…, mismatch: false } }
 */
export { analyzeExperiment, type ExperimentInput, type ExperimentResult, type VariantCounts, type VariantResult } from "./analyze.ts";
export {
  DEFAULT_ALPHA,
  DEFAULT_TAU,
  differenceInterval,
  normalMixtureRadius,
  type Arm,
  type DifferenceInterval,
  type IntervalOptions,
} from "./confidence-sequence.ts";
export { SRM_THRESHOLD, sampleRatioMismatch, type SrmResult } from "./srm.ts";
export { chiSquareSurvival, lnGamma, regularizedGammaQ } from "./chi-square.ts";

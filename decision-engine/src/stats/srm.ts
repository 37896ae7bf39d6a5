/**
 * Sample ratio mismatch (SRM): are the exposures split as the weights say? A chi-square
 * goodness-of-fit test of the exposure counts against the weights (normalised to sum 1), with
 * k − 1 degrees of freedom; a p-value below {@link SRM_THRESHOLD} flags a broken assignment or
 * logging, and then no comparison of the experiment should be trusted (Fabijan et al., "Diagnosing
 * Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019, for the usual causes).
 */
import { checkCount, checkPositive } from "./check.ts";
import { chiSquareSurvival } from "./chi-square.ts";

/** The p-value below which exposures and weights mismatch: 0.001, a common SRM alarm level. */
export const SRM_THRESHOLD = 0.001;

/** The result of {@link sampleRatioMismatch}. */
export interface SrmResult {
  /** Σ (observed − expected)² / expected over the arms. */
  readonly chiSquare: number;
  /** P(χ²(k − 1) ≥ chiSquare); 1 with no exposures. */
  readonly pValue: number;
  /** `pValue < SRM_THRESHOLD`. */
  readonly mismatch: boolean;
}

/**
 * Chi-square goodness-of-fit of `exposures` against `weights` (same length, at least 2; weights
 * positive, any scale). With no exposures at all there is nothing to test: p-value 1, no mismatch.
 *
 * @example
 * sampleRatioMismatch([10000, 10500], [50, 50]); // { chiSquare: 12.195…, pValue: 0.00048, mismatch: true }
 * sampleRatioMismatch([10000, 10100], [50, 50]); // { chiSquare: 0.4975…, pValue: 0.48, mismatch: false }
 */
export const sampleRatioMismatch = (exposures: readonly number[], weights: readonly number[]): SrmResult => {
  if (exposures.length < 2 || exposures.length !== weights.length) {
    throw new TypeError(`sampleRatioMismatch needs at least 2 arms and one weight per arm (got ${exposures.length} counts, ${weights.length} weights)`);
  }
  let total = 0;
  let weightSum = 0;
  exposures.forEach((count, i) => (total += checkCount(count, `exposures[${i}]`)));
  weights.forEach((weight, i) => (weightSum += checkPositive(weight, `weights[${i}]`)));
  if (total === 0) return { chiSquare: 0, pValue: 1, mismatch: false };
  let chiSquare = 0;
  exposures.forEach((observed, i) => {
    const expected = (total * weights[i]!) / weightSum;
    chiSquare += (observed - expected) ** 2 / expected;
  });
  const pValue = chiSquareSurvival(chiSquare, exposures.length - 1);
  return { chiSquare, pValue, mismatch: pValue < SRM_THRESHOLD };
};

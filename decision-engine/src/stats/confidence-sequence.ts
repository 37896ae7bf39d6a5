/**
 * Anytime-valid confidence sequences for the difference of two conversion rates.
 *
 * The normal-mixture sequential probability ratio test (mSPRT) and its always-valid confidence
 * interval of Johari, Koomen, Pekelis and Walsh, "Always Valid Inference: Continuous Monitoring of
 * A/B Tests", Operations Research 70(3), 2022 (arXiv:1512.04922), the method behind Optimizely's
 * Stats Engine. It is the normal-mixture boundary of Robbins (1970), "Statistical methods related to
 * the law of the iterated logarithm", and of Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform,
 * nonparametric, nonasymptotic confidence sequences", Annals of Statistics 49(2), 2021.
 *
 * With Δ̂ the observed difference, V its variance and a N(0, τ²) mixture over the true difference,
 * the mixture likelihood ratio against "no difference" is
 *   Λ = √(V / (V + τ²)) · exp( τ² Δ̂² / (2 V (V + τ²)) ),
 * and by Ville's inequality the probability that Λ EVER reaches 1/α is at most α. Inverting
 * Λ < 1/α for every hypothesised difference gives the (1 − α) confidence sequence
 *   Δ̂ ± √( V (V + τ²) / τ² · ( 2 ln(1/α) + ln((V + τ²) / V) ) ),
 * which may be looked at after every exposure. V is estimated from the counts (so the guarantee is
 * asymptotic, as in Johari et al.):
 *   V = max( p̂_v (1 − p̂_v) / n_v + p̂_c (1 − p̂_c) / n_c,   p̄ (1 − p̄) (1/n_v + 1/n_c) ),
 * the plug-in (unpooled) variance, floored by the pooled variance with p̄ = (x_v + x_c) / (n_v + n_c).
 * The floor matters only with low rates and unequal arms: there the plug-in alone underestimates the
 * variance whenever the small arm happens to convert little, and an A/A test at 1 % conversion on a
 * 10/90 split was "significant" in 11.8 % of the simulated experiments instead of ≤ 5 %
 * (test/stats-simulation.test.ts). With equal arms the pooled variance exceeds the plug-in only by
 * Δ̂²/(2n), so the interval is practically the plug-in one. When p̄ is 0 or 1 (no conversions at
 * all, or only conversions) it is replaced, in the variance only, by the continuity-corrected
 * (x + 0.5) / (n + 1), so V > 0 and the interval never collapses onto a point.
 */
import { checkAlpha, checkArm, checkPositive } from "./check.ts";

/** The default mixing scale τ: a prior standard deviation of 1 percentage point for the difference. */
export const DEFAULT_TAU = 0.01;
/** The default significance level α. */
export const DEFAULT_ALPHA = 0.05;

/** One arm's counts. */
export interface Arm {
  readonly exposures: number;
  readonly conversions: number;
}

/** Options of {@link differenceInterval}. */
export interface IntervalOptions {
  /** Significance level in (0, 1): the chance that the sequence ever excludes the true difference is at most α. Default 0.05. */
  readonly alpha?: number;
  /** Mixing scale τ > 0 on the difference of rates (the prior's standard deviation): the test is tuned to detect differences of about τ soonest. Default 0.01. */
  readonly tau?: number;
}

/** The result of {@link differenceInterval}. */
export interface DifferenceInterval {
  /** rate_variant − rate_control. */
  readonly lift: number;
  /** The (1 − α) anytime-valid confidence interval of `lift`, clipped to [−1, 1]. */
  readonly interval: [lo: number, hi: number];
  /** Whether `interval` excludes 0. */
  readonly significant: boolean;
}

/**
 * The half-width of the normal-mixture confidence sequence for an estimate with variance `variance`:
 * √( V (V + τ²) / τ² · ( 2 ln(1/α) + ln((V + τ²) / V) ) ).
 *
 * @example
 * normalMixtureRadius(9e-6, 0.05, 0.01); // ≈ 0.00912 (10 % vs 10 % at 20,000 exposures per arm)
 */
export const normalMixtureRadius = (variance: number, alpha: number, tau: number): number => {
  const tau2 = tau * tau;
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((variance + tau2) / variance)));
};

/**
 * The variance of rate_v − rate_c estimated from the counts (both arms exposed): the plug-in
 * variance, floored by the pooled one; see the module's comment. Both arms must have exposures.
 */
const differenceVariance = (variant: Arm, control: Arm): number => {
  const { exposures: nv, conversions: xv } = variant;
  const { exposures: nc, conversions: xc } = control;
  const pv = xv / nv;
  const pc = xc / nc;
  const n = nv + nc;
  const x = xv + xc;
  const pooled = x === 0 || x === n ? (x + 0.5) / (n + 1) : x / n;
  return Math.max((pv * (1 - pv)) / nv + (pc * (1 - pc)) / nc, pooled * (1 - pooled) * (1 / nv + 1 / nc));
};

/**
 * The anytime-valid confidence interval of rate_variant − rate_control; `null` when either arm has no
 * exposures. Cheap enough to call after every exposure.
 *
 * @example
 * differenceInterval({ exposures: 10050, conversions: 1180 }, { exposures: 10000, conversions: 1000 });
 * // { lift: 0.01741…, interval: [0.00398…, 0.03083…], significant: true }
 */
export const differenceInterval = (variant: Arm, control: Arm, options: IntervalOptions = {}): DifferenceInterval | null => {
  checkArm(variant, "variant");
  checkArm(control, "control");
  const alpha = checkAlpha(options.alpha ?? DEFAULT_ALPHA);
  const tau = checkPositive(options.tau ?? DEFAULT_TAU, "tau");
  if (variant.exposures === 0 || control.exposures === 0) return null;
  const lift = variant.conversions / variant.exposures - control.conversions / control.exposures;
  const radius = normalMixtureRadius(differenceVariance(variant, control), alpha, tau);
  const lo = Math.max(-1, lift - radius);
  const hi = Math.min(1, lift + radius);
  return { lift, interval: [lo, hi], significant: lo > 0 || hi < 0 };
};

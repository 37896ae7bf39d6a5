/**
 * The chi-square distribution's survival function, P(X ≥ x) for X ~ χ²(df), as the regularized upper
 * incomplete gamma function Q(df/2, x/2): its power series for x < a + 1, a continued fraction
 * (modified Lentz) otherwise, and ln Γ by the Lanczos approximation (g = 7, 9 terms). The textbook
 * method of Numerical Recipes (Press et al., 3rd ed., §6.1–6.2); within about 1e-13 of the closed
 * forms in the tests, far beyond what a p-value needs.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const EPSILON = 1e-15;
const TINY = 1e-300;
const MAX_ITERATIONS = 10_000;

/**
 * ln Γ(z) for z ≥ 0.5 (Lanczos, g = 7).
 *
 * @example
 * lnGamma(5);   // ln 24 ≈ 3.1780538
 * lnGamma(0.5); // ln √π ≈ 0.5723649
 */
export const lnGamma = (z: number): number => {
  const y = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
};

/** e^(−x) x^a / Γ(a), the common factor of the series and the continued fraction. */
const prefactor = (a: number, x: number): number => Math.exp(-x + a * Math.log(x) - lnGamma(a));

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function, for a ≥ 0.5, x ≥ 0.
 *
 * @example
 * regularizedGammaQ(1, 2); // e^−2 ≈ 0.1353353
 */
export const regularizedGammaQ = (a: number, x: number): number => {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  if (x < a + 1) {
    // P(a, x) = e^−x x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)); Q = 1 − P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return Math.max(0, 1 - sum * prefactor(a, x));
  }
  // Q(a, x) = e^−x x^a / Γ(a) · 1/(x+1−a− 1·(1−a)/(x+3−a− 2·(2−a)/(x+5−a− …))), by modified Lentz.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.min(1, prefactor(a, x) * h);
};

/**
 * P(X ≥ x) for X ~ χ²(df): the p-value of a chi-square statistic `x` with `df` degrees of freedom.
 *
 * @example
 * chiSquareSurvival(3.841, 1);  // ≈ 0.0500
 * chiSquareSurvival(5.991, 2);  // ≈ 0.0500
 * chiSquareSurvival(11.07, 5);  // ≈ 0.0500
 */
export const chiSquareSurvival = (x: number, df: number): number => {
  if (typeof df != "number" || !Number.isInteger(df) || df < 1) {
    throw new TypeError(`df must be a positive integer (got ${String(df)})`);
  }
  if (typeof x != "number" || Number.isNaN(x) || x < 0) {
    throw new TypeError(`x must be a number ≥ 0 (got ${String(x)})`);
  }
  return regularizedGammaQ(df / 2, x / 2);
};

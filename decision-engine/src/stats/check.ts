/** Input checks shared by the statistics functions: each throws a `TypeError` naming the value. */

/** A count of exposures or conversions: a non-negative safe integer. */
export const checkCount = (value: unknown, name: string): number => {
  if (typeof value != "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative integer (got ${String(value)})`);
  }
  return value;
};

/** One arm: `conversions` ≤ `exposures`, both counts. */
export const checkArm = (arm: { exposures: unknown; conversions: unknown }, name: string): void => {
  const exposures = checkCount(arm.exposures, `${name}.exposures`);
  const conversions = checkCount(arm.conversions, `${name}.conversions`);
  if (conversions > exposures) {
    throw new TypeError(`${name}.conversions (${conversions}) must not exceed ${name}.exposures (${exposures})`);
  }
};

/** A significance level strictly between 0 and 1. */
export const checkAlpha = (alpha: unknown, name = "alpha"): number => {
  if (typeof alpha != "number" || !(alpha > 0 && alpha < 1)) {
    throw new TypeError(`${name} must be a number strictly between 0 and 1 (got ${String(alpha)})`);
  }
  return alpha;
};

/** A finite number greater than 0 (a weight, the mixing scale τ). */
export const checkPositive = (value: unknown, name: string): number => {
  if (typeof value != "number" || !Number.isFinite(value) || value <= 0) {
    throw new TypeError(`${name} must be a finite number greater than 0 (got ${String(value)})`);
  }
  return value;
};

// Simulation proofs of `@edgewise/decision-engine/stats`: the anytime-valid interval keeps its false
// positive rate under continuous peeking (where a fixed-horizon z-test does not), and still has
// power. Seeded, so the printed figures are reproducible:
//   cd decision-engine && npx vitest run test/stats-simulation.test.ts
import { describe, expect, it } from "vitest";
import { differenceInterval, normalMixtureRadius } from "../src/stats/index.ts";

/** mulberry32: a small 32-bit seeded PRNG, uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Conversions among `n` exposures at rate `p`: n Bernoulli draws. */
function conversions(random: () => number, n: number, p: number): number {
  let count = 0;
  for (let i = 0; i < n; i++) if (random() < p) count++;
  return count;
}

/** The naive fixed-horizon test: pooled two-proportion z-test, |z| > 1.96. */
function naiveSignificant(xv: number, xc: number, n: number): boolean {
  const pooled = (xv + xc) / (2 * n);
  const se = Math.sqrt(pooled * (1 - pooled) * (2 / n));
  return se > 0 && Math.abs((xv - xc) / n / se) > 1.96;
}

const BLOCK = 200; // exposures per arm between looks
const LOOKS = 100; // up to 20,000 exposures per arm
const percent = (share: number) => `${(100 * share).toFixed(1)} %`;

describe("anytime validity and power (simulated, seeded)", () => {
  it("A/A, 10 % vs 10 %, 2,000 experiments peeked at every 200 exposures per arm: ever significant ≤ 5 %", () => {
    const random = mulberry32(20260315);
    const EXPERIMENTS = 2000;
    let everSignificant = 0;
    let everNaive = 0;
    let naiveAtEnd = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      let xv = 0;
      let xc = 0;
      let significant = false;
      let naive = false;
      for (let look = 1; look <= LOOKS; look++) {
        const n = look * BLOCK;
        xv += conversions(random, BLOCK, 0.1);
        xc += conversions(random, BLOCK, 0.1);
        if (!significant && differenceInterval({ exposures: n, conversions: xv }, { exposures: n, conversions: xc })!.significant) significant = true;
        if (!naive && naiveSignificant(xv, xc, n)) naive = true;
        if (look === LOOKS && naiveSignificant(xv, xc, n)) naiveAtEnd++;
      }
      if (significant) everSignificant++;
      if (naive) everNaive++;
    }
    const share = everSignificant / EXPERIMENTS;
    const naiveShare = everNaive / EXPERIMENTS;
    console.log(
      `A/A validity (${EXPERIMENTS} experiments, ${LOOKS} looks): ever significant ${percent(share)} (${everSignificant}) with the anytime-valid interval, ` +
        `${percent(naiveShare)} (${everNaive}) with a naive z-test peeked at the same looks; the z-test at the final look only: ${percent(naiveAtEnd / EXPERIMENTS)}`,
    );
    expect(share).toBeLessThanOrEqual(0.05);
    expect(naiveShare).toBeGreaterThan(0.2); // the simulation does catch peeking
  });

  it("10 % vs 12 %, 1,000 experiments, 20,000 exposures per arm: ≥ 90 % significant by the end", () => {
    const random = mulberry32(7);
    const EXPERIMENTS = 1000;
    const TRUE_LIFT = 0.02;
    const firstSignificant: number[] = [];
    let significantAtEnd = 0;
    let missedTruth = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      let xv = 0;
      let xc = 0;
      let first = Infinity;
      let missed = false;
      for (let look = 1; look <= LOOKS; look++) {
        const n = look * BLOCK;
        xv += conversions(random, BLOCK, 0.12);
        xc += conversions(random, BLOCK, 0.1);
        const { interval, significant } = differenceInterval({ exposures: n, conversions: xv }, { exposures: n, conversions: xc })!;
        if (significant && first === Infinity) first = n;
        if (interval[0] > TRUE_LIFT || interval[1] < TRUE_LIFT) missed = true;
        if (look === LOOKS && significant) significantAtEnd++;
      }
      firstSignificant.push(first);
      if (missed) missedTruth++;
    }
    const ever = firstSignificant.filter(Number.isFinite).length / EXPERIMENTS;
    const sorted = [...firstSignificant].sort((a, b) => a - b);
    const median = (sorted[EXPERIMENTS / 2 - 1]! + sorted[EXPERIMENTS / 2]!) / 2;
    console.log(
      `Power, 10 % vs 12 % (${EXPERIMENTS} experiments): significant by 20,000 per arm ${percent(ever)}, at the final look ${percent(significantAtEnd / EXPERIMENTS)}; ` +
        `median exposures per arm to first significance ${median}; the true lift (+2 pts) ever outside the interval in ${percent(missedTruth / EXPERIMENTS)}`,
    );
    expect(ever).toBeGreaterThanOrEqual(0.9);
    expect(significantAtEnd / EXPERIMENTS).toBeGreaterThanOrEqual(0.9);
    expect(missedTruth / EXPERIMENTS).toBeLessThanOrEqual(0.05); // time-uniform coverage away from 0 too
  });

  it("A/A at 1 % conversion on a 10/90 split, 2,000 experiments: still ≤ 5 % (where the plug-in variance alone is not)", () => {
    const random = mulberry32(1090);
    const EXPERIMENTS = 2000;
    const SMALL = 25; // per look: 25 exposures in the 10 % arm, 225 in the 90 % arm; 100 looks
    const LARGE = 225;
    let everSignificant = 0;
    let everPlugIn = 0;
    for (let e = 0; e < EXPERIMENTS; e++) {
      let xv = 0;
      let xc = 0;
      let significant = false;
      let plugIn = false;
      for (let look = 1; look <= LOOKS && !(significant && plugIn); look++) {
        const nv = look * SMALL;
        const nc = look * LARGE;
        xv += conversions(random, SMALL, 0.01);
        xc += conversions(random, LARGE, 0.01);
        if (!significant && differenceInterval({ exposures: nv, conversions: xv }, { exposures: nc, conversions: xc })!.significant) significant = true;
        // The same boundary with the plug-in variance only (a 0 % arm continuity-corrected to (x + 0.5) / (n + 1)).
        const pv = xv === 0 ? 0.5 / (nv + 1) : xv / nv;
        const pc = xc === 0 ? 0.5 / (nc + 1) : xc / nc;
        const radius = normalMixtureRadius((pv * (1 - pv)) / nv + (pc * (1 - pc)) / nc, 0.05, 0.01);
        if (!plugIn && Math.abs(xv / nv - xc / nc) > radius) plugIn = true;
      }
      if (significant) everSignificant++;
      if (plugIn) everPlugIn++;
    }
    const share = everSignificant / EXPERIMENTS;
    console.log(
      `A/A validity at 1 % on a 10/90 split (${EXPERIMENTS} experiments, ${LOOKS} looks up to 2,500 vs 22,500): ever significant ${percent(share)} (${everSignificant}); ` +
        `with the plug-in variance alone ${percent(everPlugIn / EXPERIMENTS)} (${everPlugIn})`,
    );
    expect(share).toBeLessThanOrEqual(0.05);
    expect(everPlugIn / EXPERIMENTS).toBeGreaterThan(0.05); // why the variance has a pooled floor
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  analyzeExperiment,
  chiSquareSurvival,
  differenceInterval,
  lnGamma,
  normalMixtureRadius,
  regularizedGammaQ,
  sampleRatioMismatch,
  type ExperimentInput,
  type VariantCounts,
} from "../src/stats/index.ts";

const EXAMPLE: ExperimentInput = {
  variants: [
    { id: "control", weight: 50, exposures: 10000, conversions: 1000 },
    { id: "spring", weight: 50, exposures: 10050, conversions: 1180 },
  ],
  control: "control",
  alpha: 0.05,
};

/** The half-width written out by hand from the formulas, for the example. */
function exampleRadius(alpha = 0.05, tau = 0.01): number {
  const pv = 1180 / 10050;
  const pc = 0.1;
  const pooled = 2180 / 20050;
  const plugIn = (pv * (1 - pv)) / 10050 + (pc * (1 - pc)) / 10000;
  const v = Math.max(plugIn, pooled * (1 - pooled) * (1 / 10050 + 1 / 10000));
  expect(v / plugIn).toBeLessThan(1.002); // near-equal arms: the pooled floor barely moves it
  return Math.sqrt(((v * (v + tau ** 2)) / tau ** 2) * (2 * Math.log(1 / alpha) + Math.log((v + tau ** 2) / v)));
}

describe("analyzeExperiment: the contract", () => {
  it("the design's example: shape and numbers", () => {
    const result = analyzeExperiment(EXAMPLE);
    expect(Object.keys(result).sort()).toEqual(["srm", "variants"]);
    expect(Object.keys(result.srm).sort()).toEqual(["mismatch", "pValue"]);
    const [control, spring] = result.variants;
    expect(control).toEqual({ id: "control", exposures: 10000, conversions: 1000, rate: 0.1, lift: null, interval: null, significant: false });
    expect(Object.keys(spring!).sort()).toEqual(["conversions", "exposures", "id", "interval", "lift", "rate", "significant"]);
    expect(spring!.rate).toBeCloseTo(0.1174129, 6);
    expect(spring!.lift).toBeCloseTo(0.0174129, 6);
    const [lo, hi] = spring!.interval!;
    expect(lo).toBeLessThan(spring!.lift!);
    expect(hi).toBeGreaterThan(spring!.lift!);
    expect((lo + hi) / 2).toBeCloseTo(spring!.lift!, 12);
    expect((hi - lo) / 2).toBeCloseTo(exampleRadius(), 12);
    expect(lo).toBeCloseTo(0.0039884, 6);
    expect(hi).toBeCloseTo(0.0308375, 6);
    expect(spring!.significant).toBe(true);
    expect(result.srm.pValue).toBeCloseTo(0.724, 3);
    expect(result.srm.mismatch).toBe(false);
  });

  it("the always-valid interval is wider than the fixed-horizon 95 % interval (the price of peeking)", () => {
    const spring = analyzeExperiment(EXAMPLE).variants[1]!;
    const pv = 1180 / 10050;
    const fixed = 1.96 * Math.sqrt((pv * (1 - pv)) / 10050 + 0.09 / 10000);
    const half = (spring.interval![1] - spring.interval![0]) / 2;
    expect(half).toBeGreaterThan(fixed);
    expect(half).toBeLessThan(2 * fixed);
  });

  it("defaults: control is the first variant, alpha 0.05, tau 0.01", () => {
    const { control: _control, alpha: _alpha, ...bare } = EXAMPLE;
    expect(analyzeExperiment(bare)).toEqual(analyzeExperiment(EXAMPLE));
    expect(analyzeExperiment({ ...EXAMPLE, tau: 0.01 })).toEqual(analyzeExperiment(EXAMPLE));
  });

  it("the control may be any variant; the lift is then measured from it", () => {
    const result = analyzeExperiment({ ...EXAMPLE, control: "spring" });
    expect(result.variants[1]!.lift).toBeNull();
    expect(result.variants[0]!.lift).toBeCloseTo(-0.0174129, 6);
    expect(result.variants[0]!.interval![1]).toBeLessThan(0);
    expect(result.variants[0]!.significant).toBe(true);
  });

  it("a smaller alpha widens the interval; tau moves it", () => {
    const width = (input: Partial<ExperimentInput>) => {
      const [lo, hi] = analyzeExperiment({ ...EXAMPLE, ...input }).variants[1]!.interval!;
      return hi - lo;
    };
    expect(width({ alpha: 0.01 })).toBeGreaterThan(width({ alpha: 0.05 }));
    expect(width({ alpha: 0.2 })).toBeLessThan(width({ alpha: 0.05 }));
    expect(width({ alpha: 0.01 }) / 2).toBeCloseTo(exampleRadius(0.01), 12);
    expect(width({ tau: 0.05 }) / 2).toBeCloseTo(exampleRadius(0.05, 0.05), 12);
    expect(width({ tau: 0.05 })).not.toBeCloseTo(width({ tau: 0.01 }), 6);
  });

  it("several variants: each against the control at alpha, or at alpha / (k − 1) with Bonferroni", () => {
    const variants: VariantCounts[] = [
      { id: "a", weight: 1, exposures: 5000, conversions: 500 },
      { id: "b", weight: 1, exposures: 5000, conversions: 560 },
      { id: "c", weight: 1, exposures: 5000, conversions: 430 },
    ];
    const plain = analyzeExperiment({ variants });
    const bonferroni = analyzeExperiment({ variants, correction: "bonferroni" });
    expect(plain.variants[0]!.lift).toBeNull();
    expect(plain.variants[1]!.lift).toBeCloseTo(0.012, 12);
    expect(plain.variants[2]!.lift).toBeCloseTo(-0.014, 12);
    expect(bonferroni.variants.map((v) => v.lift)).toEqual(plain.variants.map((v) => v.lift));
    const halfWidth = (v: { interval: [number, number] | null }) => (v.interval![1] - v.interval![0]) / 2;
    expect(halfWidth(bonferroni.variants[1]!)).toBeGreaterThan(halfWidth(plain.variants[1]!));
    expect(analyzeExperiment({ variants, alpha: 0.025 }).variants[2]).toEqual(bonferroni.variants[2]);
  });

  it("zero exposures: rate 0, no lift, no interval, not significant; SRM p-value 1 when nothing was exposed", () => {
    const none = analyzeExperiment({
      variants: [
        { id: "control", weight: 50, exposures: 0, conversions: 0 },
        { id: "b", weight: 50, exposures: 0, conversions: 0 },
      ],
    });
    expect(none.variants[1]).toEqual({ id: "b", exposures: 0, conversions: 0, rate: 0, lift: null, interval: null, significant: false });
    expect(none.srm).toEqual({ pValue: 1, mismatch: false });

    const variantEmpty = analyzeExperiment({ variants: [{ id: "control", weight: 1, exposures: 100, conversions: 10 }, { id: "b", weight: 1, exposures: 0, conversions: 0 }] });
    expect(variantEmpty.variants[1]).toMatchObject({ rate: 0, lift: null, interval: null, significant: false });
    expect(variantEmpty.srm.mismatch).toBe(true); // 100 vs 0 on 50/50 weights

    const controlEmpty = analyzeExperiment({ variants: [{ id: "control", weight: 1, exposures: 0, conversions: 0 }, { id: "b", weight: 1, exposures: 100, conversions: 10 }] });
    expect(controlEmpty.variants[1]).toMatchObject({ rate: 0.1, lift: null, interval: null, significant: false });
  });

  it("rates of 0 or 1 never give a degenerate interval (pooled variance, continuity guard)", () => {
    for (const [x, n] of [[0, 1], [0, 100], [100, 100], [0, 100000]] as const) {
      const result = differenceInterval({ exposures: n, conversions: x }, { exposures: n, conversions: x })!;
      expect(result.lift).toBe(0);
      expect(result.interval[0]).toBeLessThan(0);
      expect(result.interval[1]).toBeGreaterThan(0);
      expect(result.significant).toBe(false);
    }
    // One arm at 0 %: the pooled floor keeps the variance honest.
    const zeroControl = differenceInterval({ exposures: 10000, conversions: 100 }, { exposures: 10000, conversions: 0 })!;
    expect(zeroControl.significant).toBe(true);
    expect(zeroControl.interval[0]).toBeLessThan(0.01);
    // A single exposure per arm: the interval is clipped to the possible differences, [−1, 1].
    expect(differenceInterval({ exposures: 1, conversions: 1 }, { exposures: 1, conversions: 0 })).toEqual({ lift: 1, interval: [-1, 1], significant: false });
  });

  it("the interval shrinks as exposures grow (a fixed 10 % vs 11 % split)", () => {
    const widths = [1000, 10000, 100000, 1000000].map((n) => {
      const { interval } = differenceInterval({ exposures: n, conversions: Math.round(n * 0.11) }, { exposures: n, conversions: Math.round(n * 0.1) })!;
      return interval[1] - interval[0];
    });
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
    expect(widths[3]).toBeLessThan(0.006);
  });

  it("low rates on unequal arms: the pooled floor keeps a lucky small arm from looking significant", () => {
    // 0 of 350 vs 16 of 1,400: Fisher's exact test (two-sided) gives p ≈ 0.054, not significant even
    // at a single look; the plug-in variance alone would call it significant.
    const result = differenceInterval({ exposures: 350, conversions: 0 }, { exposures: 1400, conversions: 16 })!;
    expect(result.lift).toBeCloseTo(-16 / 1400, 12);
    expect(result.significant).toBe(false);
    const plugIn = ((16 / 1400) * (1 - 16 / 1400)) / 1400; // + 0 for 0 of 350
    expect(Math.abs(result.lift)).toBeGreaterThan(normalMixtureRadius(plugIn, 0.05, 0.01));
    const pooled = 16 / 1750;
    expect((result.interval[1] - result.interval[0]) / 2).toBeCloseTo(normalMixtureRadius(pooled * (1 - pooled) * (1 / 350 + 1 / 1400), 0.05, 0.01), 12);
  });

  it("normalMixtureRadius is the Johari et al. boundary", () => {
    const v = 9e-6;
    const tau = 0.01;
    expect(normalMixtureRadius(v, 0.05, tau)).toBeCloseTo(Math.sqrt(((v * (v + tau * tau)) / (tau * tau)) * (2 * Math.log(20) + Math.log((v + tau * tau) / v))), 15);
    expect(normalMixtureRadius(v, 0.05, tau)).toBeCloseTo(0.009124, 6);
  });
});

describe("analyzeExperiment: input errors", () => {
  const base = EXAMPLE.variants;
  const cases: [string, unknown, RegExp][] = [
    ["not an object", null, /needs an object/],
    ["fewer than 2 variants", { variants: [base[0]] }, /at least 2 variants \(got 1\)/],
    ["variants not an array", { variants: "ab" }, /at least 2 variants/],
    ["a non-integer count", { variants: [base[0], { ...base[1], exposures: 10.5 }] }, /variants\[1\]\.exposures must be a non-negative integer \(got 10\.5\)/],
    ["a negative count", { variants: [{ ...base[0], conversions: -1 }, base[1]] }, /variants\[0\]\.conversions must be a non-negative integer/],
    ["a count as a string", { variants: [{ ...base[0], exposures: "10000" }, base[1]] }, /variants\[0\]\.exposures must be a non-negative integer/],
    ["NaN", { variants: [{ ...base[0], exposures: NaN }, base[1]] }, /variants\[0\]\.exposures/],
    ["conversions > exposures", { variants: [base[0], { ...base[1], conversions: 20000 }] }, /variants\[1\]\.conversions \(20000\) must not exceed variants\[1\]\.exposures \(10050\)/],
    ["an unknown control", { ...EXAMPLE, control: "spirng" }, /control "spirng" is not a variant id \(ids: control, spring\)/],
    ["alpha 0", { ...EXAMPLE, alpha: 0 }, /alpha must be a number strictly between 0 and 1 \(got 0\)/],
    ["alpha 1", { ...EXAMPLE, alpha: 1 }, /alpha must be a number strictly between 0 and 1/],
    ["alpha 5 (a percentage)", { ...EXAMPLE, alpha: 5 }, /alpha must be a number strictly between 0 and 1/],
    ["alpha NaN", { ...EXAMPLE, alpha: NaN }, /alpha must be/],
    ["a zero weight", { variants: [base[0], { ...base[1], weight: 0 }] }, /variants\[1\]\.weight must be a finite number greater than 0 \(got 0\)/],
    ["a negative weight", { variants: [{ ...base[0], weight: -50 }, base[1]] }, /variants\[0\]\.weight must be a finite number greater than 0/],
    ["a missing weight", { variants: [{ id: "a", exposures: 1, conversions: 0 }, base[1]] }, /variants\[0\]\.weight must be/],
    ["tau 0", { ...EXAMPLE, tau: 0 }, /tau must be a finite number greater than 0/],
    ["a duplicate id", { variants: [base[0], { ...base[1], id: "control" }] }, /variants\[1\]\.id "control" is a duplicate/],
    ["an empty id", { variants: [base[0], { ...base[1], id: "" }] }, /variants\[1\]\.id must be a non-empty string/],
    ["an unknown correction", { ...EXAMPLE, correction: "holm" }, /correction must be "none" or "bonferroni"/],
  ];
  it.each(cases)("%s → TypeError", (_name, input, message) => {
    expect(() => analyzeExperiment(input as ExperimentInput)).toThrow(TypeError);
    expect(() => analyzeExperiment(input as ExperimentInput)).toThrow(message);
  });

  it("differenceInterval checks its arms and options too", () => {
    expect(() => differenceInterval({ exposures: 5, conversions: 6 }, { exposures: 5, conversions: 1 })).toThrow(/variant\.conversions \(6\) must not exceed/);
    expect(() => differenceInterval({ exposures: 5, conversions: 1 }, { exposures: 5, conversions: 1 }, { alpha: 1.5 })).toThrow(TypeError);
    expect(() => differenceInterval({ exposures: 5, conversions: 1 }, { exposures: 5, conversions: 1 }, { tau: -1 })).toThrow(/tau/);
  });
});

describe("sample ratio mismatch", () => {
  it("10,000 vs 10,500 on 50/50 is a mismatch; 10,000 vs 10,100 is not", () => {
    const bad = sampleRatioMismatch([10000, 10500], [50, 50]);
    const fine = sampleRatioMismatch([10000, 10100], [50, 50]);
    console.log(`SRM p-values: 10,000 vs 10,500 → ${bad.pValue.toPrecision(3)} (χ² = ${bad.chiSquare.toFixed(3)}); 10,000 vs 10,100 → ${fine.pValue.toPrecision(3)} (χ² = ${fine.chiSquare.toFixed(3)})`);
    expect(bad.chiSquare).toBeCloseTo(12.1951, 4);
    expect(bad.pValue).toBeCloseTo(0.000479, 6);
    expect(bad.mismatch).toBe(true);
    expect(fine.chiSquare).toBeCloseTo(0.4975, 4);
    expect(fine.pValue).toBeCloseTo(0.4806, 4);
    expect(fine.mismatch).toBe(false);
    const viaAnalyze = analyzeExperiment({ variants: [{ id: "a", weight: 50, exposures: 10000, conversions: 0 }, { id: "b", weight: 50, exposures: 10500, conversions: 0 }] });
    expect(viaAnalyze.srm).toEqual({ pValue: bad.pValue, mismatch: true });
  });

  it("three arms on 50/25/25 weights (any scale): df = 2", () => {
    const fine = sampleRatioMismatch([10000, 5000, 5050], [50, 25, 25]);
    expect(fine.pValue).toBeCloseTo(Math.exp(-fine.chiSquare / 2), 12); // χ²(2) survival is e^(−x/2)
    expect(fine.mismatch).toBe(false);
    const bad = sampleRatioMismatch([10000, 5000, 5400], [0.5, 0.25, 0.25]);
    // expected 10,200, 5,100, 5,100: χ² = 200²/10200 + 100²/5100 + 300²/5100
    expect(bad.chiSquare).toBeCloseTo(200 ** 2 / 10200 + 100 ** 2 / 5100 + 300 ** 2 / 5100, 10);
    expect(bad.pValue).toBeCloseTo(7.8e-6, 6);
    expect(bad.mismatch).toBe(true);
    expect(sampleRatioMismatch([10000, 5000, 5400], [50, 25, 25])).toEqual(bad);
    expect(sampleRatioMismatch([0, 0, 0], [1, 2, 3])).toEqual({ chiSquare: 0, pValue: 1, mismatch: false });
  });

  it("exact splits give p-value 1; a wildly wrong one underflows towards 0", () => {
    expect(sampleRatioMismatch([2000, 3000, 5000], [20, 30, 50]).pValue).toBe(1);
    expect(sampleRatioMismatch([1000000, 0], [1, 1]).pValue).toBe(0);
  });

  it("rejects malformed arguments", () => {
    expect(() => sampleRatioMismatch([1], [1])).toThrow(TypeError);
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(/one weight per arm/);
    expect(() => sampleRatioMismatch([1, -2], [1, 1])).toThrow(/exposures\[1\]/);
    expect(() => sampleRatioMismatch([1, 2], [1, Infinity])).toThrow(/weights\[1\]/);
  });
});

describe("chi-square survival function", () => {
  it("the 5 % critical values of the tables give 0.05 to 3 decimals", () => {
    const critical: [number, number][] = [[3.841, 1], [5.991, 2], [7.815, 3], [9.488, 4], [11.07, 5], [18.307, 10], [43.773, 30]];
    for (const [x, df] of critical) expect(chiSquareSurvival(x, df)).toBeCloseTo(0.05, 3);
    expect(chiSquareSurvival(6.635, 1)).toBeCloseTo(0.01, 4);
    expect(chiSquareSurvival(10.828, 1)).toBeCloseTo(0.001, 5);
    expect(chiSquareSurvival(13.816, 2)).toBeCloseTo(0.001, 5);
  });

  it("matches the closed forms to ~1e-13", () => {
    for (const x of [0.001, 0.1, 1, 2.5, 7, 20, 60]) {
      expect(chiSquareSurvival(x, 2)).toBeCloseTo(Math.exp(-x / 2), 13); // df 2: e^(−x/2)
      expect(chiSquareSurvival(x, 4)).toBeCloseTo(Math.exp(-x / 2) * (1 + x / 2), 13); // df 4
    }
    expect(chiSquareSurvival(1, 1)).toBeCloseTo(0.31731050786291415, 13); // erfc(1/√2)
    expect(chiSquareSurvival(10, 10)).toBeCloseTo(0.44049328506521257, 13);
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 14);
  });

  it("ln Γ by Lanczos", () => {
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(101)).toBeCloseTo(363.73937555556347, 10); // ln 100!
  });

  it("rejects a bad df or x", () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(TypeError);
    expect(() => chiSquareSurvival(1, 1.5)).toThrow(/df must be a positive integer/);
    expect(() => chiSquareSurvival(-1, 1)).toThrow(/x must be a number ≥ 0/);
    expect(() => chiSquareSurvival(NaN, 1)).toThrow(TypeError);
  });
});

describe("the ./stats subpath", () => {
  it("is exported like ./schema (source, types, default)", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(pkg.exports["./stats"]).toEqual({ "@edgewise/source": "./src/stats/index.ts", types: "./dist/stats/index.d.ts", default: "./dist/stats/index.js" });
    expect(Object.keys(pkg.exports["./stats"])).toEqual(Object.keys(pkg.exports["./schema"]));
  });

  it("is not reachable from the main entry (no SDK bundle grows)", () => {
    const main = readFileSync(new URL("../src/index.ts", import.meta.url), "utf8");
    expect(main).not.toMatch(/stats/);
  });
});

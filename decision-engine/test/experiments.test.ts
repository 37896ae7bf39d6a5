import { describe, expect, it } from "vitest";
import { clientRuleset, compileCatalog, compileDeviceRuleset, decide, type CatalogProblem } from "../src/index.ts";

const NOW = Date.UTC(2026, 11, 3, 12);
const base = () => ({
  placements: [{ id: "home-hero", format: "json" }, { id: "footer", format: "text" }],
  offers: [
    { id: "default-hero", placements: ["home-hero"], priority: 1, content: { t: "welcome" } },
    { id: "spring", placements: ["home-hero"], content: { t: "spring" } },
    { id: "winter", placements: ["home-hero"], content: { t: "winter" } },
    { id: "footer-note", placements: ["footer"], content: { t: "note" } },
  ],
  fallbacks: { "home-hero": "default-hero" },
});
const experiment = (extra: Record<string, unknown> = {}) => ({
  id: "hero-test",
  placement: "home-hero",
  variants: [{ id: "control", offer: "default-hero", weight: 50 }, { id: "spring", offer: "spring", weight: 50 }],
  start: "2026-12-01T00:00:00Z",
  ...extra,
});

function problems(catalog: unknown): CatalogProblem[] {
  try {
    compileCatalog(catalog);
    return [];
  } catch (error) {
    return (error as { errors: CatalogProblem[] }).errors;
  }
}

describe("catalog experiments and holdout: validation with paths", () => {
  it("accepts a valid experiment and holdout", () => {
    expect(problems({ ...base(), experiments: [experiment({ control: "spring", audience: { audience: "vip" }, metric: { event: "purchase" }, attributionWindow: "P14D", end: "2027-01-01T00:00:00Z" })], holdout: { percent: 5 } })).toEqual([]);
  });

  it("names each problem at its path", () => {
    const found = problems({
      ...base(),
      experiments: [
        experiment({ placement: "nowhere", extra: 1 }),
        experiment({
          id: "two",
          variants: [{ id: "a", offer: "footer-note", weight: 0 }, { id: "a", offer: "ghost", weight: 1 }],
          control: "zzz",
          start: "2026-12-10T00:00:00Z",
          end: "2026-12-05T00:00:00Z",
          attributionWindow: "seven days",
          metric: {},
        }),
        experiment({ id: "three", variants: [{ id: "only", offer: null, weight: 1 }] }),
        experiment({ id: "holdout", placement: "footer", variants: [{ id: "a", offer: "footer-note", weight: 1 }, { id: "b", offer: null, weight: 1 }] }),
      ],
      holdout: { percent: 80 },
    });
    const at = (path: string) => found.filter((p) => p.path === path).map((p) => p.message);
    expect(at("$.experiments[0].placement")).toEqual(['unknown placement "nowhere"']);
    expect(at("$.experiments[0].extra")[0]).toMatch(/unknown field/);
    expect(at("$.experiments[1].variants[0].offer")).toEqual(['offer "footer-note" is not in placement "home-hero"']);
    expect(at("$.experiments[1].variants[0].weight")).toEqual(["must be a positive number"]);
    expect(at("$.experiments[1].variants[1].id")).toEqual(['duplicate variant id "a"']);
    expect(at("$.experiments[1].variants[1].offer")[0]).toMatch(/^unknown offer "ghost"/);
    expect(at("$.experiments[1].control")).toEqual(['unknown variant "zzz"']);
    expect(at("$.experiments[1].end")).toEqual(["must be after start"]);
    expect(at("$.experiments[1].attributionWindow")).toEqual(["must be an ISO-8601 duration, e.g. P7D"]);
    expect(at("$.experiments[1].metric.event")).toEqual(["must be an event name, e.g. conversion"]);
    expect(at("$.experiments[2].variants")).toEqual(["an experiment needs at least two variants"]);
    expect(at("$.holdout.percent")).toEqual(["must be a number from 0 to 50"]);
    expect(at("$.experiments[3].id")).toEqual(['"holdout" is the holdout\'s report: another id, please']);
  });

  it("allows one running experiment per placement at a time", () => {
    const overlapping = problems({ ...base(), experiments: [experiment({ end: "2026-12-20T00:00:00Z" }), experiment({ id: "later", start: "2026-12-10T00:00:00Z" })] });
    expect(overlapping).toEqual([{ path: "$.experiments[1].start", message: 'experiment "hero-test" runs on placement "home-hero" at the same time (one experiment per placement at a time)' }]);
    // One after the other is fine; so is another placement at the same time.
    expect(problems({ ...base(), experiments: [experiment({ end: "2026-12-10T00:00:00Z" }), experiment({ id: "later", start: "2026-12-10T00:00:00Z" })] })).toEqual([]);
    expect(problems({ ...base(), experiments: [experiment(), experiment({ id: "f", placement: "footer", variants: [{ id: "a", offer: "footer-note", weight: 1 }, { id: "b", offer: null, weight: 1 }] })] })).toEqual([]);
  });

  it("refuses an experiment on an offer that a journey delivers", () => {
    const catalog = {
      ...base(),
      journeys: [{ id: "j", trigger: { event: "cart_add" }, steps: [{ message: "spring" }] }],
      experiments: [experiment()],
    };
    expect(problems(catalog)).toEqual([{ path: "$.experiments[0].variants[1].offer", message: 'offer "spring" is delivered by a journey or campaign' }]);
  });
});

describe("assignment", () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `profile-${i}`);

  it("splits profiles by the weights (normalised), sticky for each profile", () => {
    const catalog = compileCatalog({ ...base(), experiments: [experiment({ variants: [{ id: "control", offer: "default-hero", weight: 1 }, { id: "spring", offer: "spring", weight: 1 }, { id: "winter", offer: "winter", weight: 2 }] })] });
    const counts: Record<string, number> = { control: 0, spring: 0, winter: 0 };
    for (const id of ids) {
      const [first] = decide(catalog, { now: NOW, profile: { id }, placements: ["home-hero"] }).decisions;
      counts[first!.variantId!]!++;
      expect(first!.offerId).toBe(first!.variantId === "control" ? "default-hero" : first!.variantId);
    }
    expect(Math.abs(counts["control"]! / ids.length - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(counts["spring"]! / ids.length - 0.25)).toBeLessThan(0.02);
    expect(Math.abs(counts["winter"]! / ids.length - 0.5)).toBeLessThan(0.02);
    const again = decide(catalog, { now: NOW + 86_400_000, profile: { id: "profile-7" }, placements: ["home-hero"] }).decisions[0];
    expect(again!.variantId).toBe(decide(catalog, { now: NOW, profile: { id: "profile-7" }, placements: ["home-hero"] }).decisions[0]!.variantId);
  });

  it("assigns nobody without an id, after its end, or outside its audience", () => {
    const catalog = compileCatalog({ ...base(), experiments: [experiment({ end: "2026-12-31T00:00:00Z", audience: { audience: "vip" } })] });
    const one = (input: Record<string, unknown>) => decide(catalog, { now: NOW, placements: ["home-hero"], audiences: ["vip"], ...input }).decisions[0]!;
    expect(one({ profile: {} }).experimentId).toBeUndefined();
    expect(one({ profile: { id: "x" }, now: Date.UTC(2027, 0, 2) }).experimentId).toBeUndefined();
    expect(one({ profile: { id: "x" }, audiences: [] })).toEqual({ placement: "home-hero", offerId: "default-hero", fallback: false, content: { t: "welcome" } });
    expect(one({ profile: { id: 42 } }).experimentId).toBe("hero-test");
  });

  it("shows the fallback when the variant's offer cannot be shown now (still in the experiment)", () => {
    const catalog = base();
    catalog.offers[1] = { ...catalog.offers[1]!, caps: [{ event: "display", limit: 1, period: "day" }] } as never;
    const compiled = compileCatalog({ ...catalog, experiments: [experiment()] });
    const input = { now: NOW, placements: ["home-hero"], profile: { id: "u-100" }, variants: { "hero-test": "spring" }, history: [{ name: "display", offerId: "spring", timestamp: NOW - 1000 }] };
    expect(decide(compiled, input).decisions[0]).toMatchObject({ offerId: "default-hero", fallback: true, experimentId: "hero-test", variantId: "spring" });
  });

  it("holds out its share of profiles (bucket of \"holdout\") from every offer but fallbacks and from pending messages", () => {
    const catalog = compileCatalog({ ...base(), holdout: { percent: 5 } });
    let held = 0;
    for (const id of ids) {
      const [first] = decide(catalog, { now: NOW, profile: { id }, placements: ["home-hero"], pending: ["spring"] }).decisions;
      if (first!.holdout) {
        held++;
        expect(first).toMatchObject({ offerId: "default-hero", fallback: true });
      } else expect(first!.offerId).toBe("spring");
    }
    expect(Math.abs(held / ids.length - 0.05)).toBeLessThan(0.01);
  });

  it("decides the same on a device from the client ruleset, for every profile", () => {
    const json = { ...base(), experiments: [experiment({ name: "Hero test", metric: { event: "purchase" }, audience: { "!=": [{ var: "context.page" }, "/checkout"] } })], holdout: { percent: 10 } };
    const edge = compileCatalog(json);
    const ruleset = clientRuleset(edge);
    expect(ruleset.experiments?.[0]).not.toHaveProperty("name");
    expect(ruleset.experiments?.[0]).not.toHaveProperty("metric");
    const device = compileDeviceRuleset(JSON.parse(JSON.stringify(ruleset)));
    for (const id of ids.slice(0, 2_000)) {
      const input = { now: NOW, profile: { id }, placements: ["home-hero", "footer"], context: { page: "/" } };
      expect(decide(device, input)).toEqual(decide(edge, input));
    }
  });
});

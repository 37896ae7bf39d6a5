import { describe, expect, it } from "vitest";
import { compileCatalog, conditionReads, decide, offerCondition } from "../src/index.ts";

const NOW = Date.UTC(2026, 2, 15, 12);

describe("conditionReads: what a failed condition read", () => {
  it("names each var path with its value, once, and null for what is missing", () => {
    const rule = { and: [{ ">=": [{ var: "profile.ltv" }, 100] }, { "==": [{ var: ["context.geo.country", "?"] }, "BR"] }, { "<": [{ var: "profile.ltv" }, 5000] }, { var: "profile.missing" }] };
    expect(conditionReads(rule, { profile: { ltv: 40 }, context: { geo: { country: "PT" } }, now: NOW })).toEqual([
      { path: "profile.ltv", value: 40 },
      { path: "context.geo.country", value: "PT" },
      { path: "profile.missing", value: null },
    ]);
  });

  it("reads audiences for the audience operator and counts for history queries", () => {
    const rule = { or: [{ audience: "vip" }, { ">=": [{ history: { name: "cart.add", within: "P1D" } }, 2] }] };
    const history = [{ name: "cart.add", timestamp: NOW - 1000 }, { name: "cart.add", timestamp: NOW - 3 * 86_400_000 }];
    expect(conditionReads(rule, { audiences: ["new"], history, now: NOW })).toEqual([
      { path: "audiences", value: ["new"] },
      { path: 'history {"name":"cart.add","within":"P1D"}', value: 1 },
    ]);
  });

  it("finds the failed condition of an explained decision", () => {
    const catalog = compileCatalog({
      placements: [{ id: "hero", format: "html" }],
      offers: [{ id: "vip", placements: ["hero"], eligibility: { and: [{ audience: "vip" }, { ">=": [{ var: "profile.ltv" }, 100] }] }, content: { html: "x" } }],
    });
    const input = { placements: ["hero"], profile: { id: "u", ltv: 40 }, audiences: ["vip"], now: NOW, explain: true };
    const [candidate] = decide(catalog, input).decisions[0]!.explanation!.candidates;
    expect(candidate).toMatchObject({ offerId: "vip", outcome: "ineligible", condition: "eligibility.and[1]", detail: "eligibility.and[1] is false" });
    const rule = offerCondition(catalog, "vip", candidate!.condition!);
    expect(conditionReads(rule, input)).toEqual([{ path: "profile.ltv", value: 40 }]);
    expect(offerCondition(catalog, "vip", "eligibility")).toEqual(catalog.offers.get("vip")!.source.eligibility);
    expect(offerCondition(catalog, "nope", "eligibility")).toBeUndefined();
  });

  it("never throws on hostile rules (prototype keys, deep nesting)", () => {
    let deep: unknown = { var: "a" };
    for (let i = 0; i < 200; i++) deep = { not: [deep] };
    expect(() => conditionReads(deep, {})).not.toThrow();
    expect(conditionReads({ __proto__: { var: "x" }, constructor: 1, toString: [{ var: "profile.id" }] } as unknown, { profile: { id: "u" } })).toEqual([{ path: "profile.id", value: "u" }]);
  });
});

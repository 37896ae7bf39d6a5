import { describe, expect, it } from "vitest";
import { CatalogError, clientRuleset, compileCatalog, withRealtimeAudiences } from "../src/index.ts";

const base = { placements: [{ id: "p", format: "json" }], offers: [{ id: "o", placements: ["p"], content: {} }] };

function problems(json: unknown): readonly { path: string; message: string }[] {
  try {
    compileCatalog(json);
  } catch (error) {
    if (error instanceof CatalogError) return error.errors;
    throw error;
  }
  return [];
}

describe("catalog real-time audiences", () => {
  it("compiles each audience rule and exposes it", () => {
    const rule = { ">=": [{ history: { name: "cart.add", within: "PT24H" } }, 1] };
    const catalog = compileCatalog({ ...base, audiences: [{ id: "cart", name: "Cart", rule }] });
    expect(catalog.audiences.map((a) => a.id)).toEqual(["cart"]);
    const now = 1_764_403_200_000;
    expect(catalog.audiences[0]!.rule({ now, history: [{ name: "cart.add", timestamp: now - 1000 }] })).toBe(true);
    expect(catalog.audiences[0]!.rule({ now, history: [] })).toBe(false);
    expect(compileCatalog(base).audiences).toEqual([]);
  });

  it("reports bad audiences with their paths", () => {
    expect(
      problems({
        ...base,
        audiences: [
          { id: "a", rule: true },
          { id: "a", rule: { nope: [] } },
          { rule: true },
          { id: "b" },
          { id: "c", rule: { history: { name: "x", within: "soon" } } },
        ],
      }).map((p) => p.path),
    ).toEqual(expect.arrayContaining(["$.audiences[1].id", "$.audiences[2].id", "$.audiences[3].rule"]));
    const paths = problems({ ...base, audiences: [{ id: "x", rule: { nope: [] } }] }).map((p) => p.path);
    expect(paths[0]).toMatch(/^\$\.audiences\[0\]\.rule/);
    expect(problems({ ...base, audiences: {} })).toEqual([{ path: "$.audiences", message: "must be an array" }]);
  });
});

describe("withRealtimeAudiences", () => {
  const now = 1_764_403_200_000;
  const catalog = compileCatalog({
    ...base,
    audiences: [
      { id: "cart", rule: { ">=": [{ history: { name: "cart.add", within: "PT24H" } }, 1] } },
      { id: "big", rule: { ">": [{ var: "profile.ltv" }, 100] } },
      { id: "vip-de", rule: { and: [{ audience: "vip" }, { "==": [{ var: "context.country" }, "DE"] }] } },
      { id: "broken", rule: { throw: "nope" } },
    ],
  });

  it("adds the audiences whose rule holds now to the snapshot's, once each", () => {
    const input = { profile: { ltv: 500 }, context: { country: "DE" }, now, history: [{ name: "cart.add", timestamp: now - 60_000 }] };
    expect(withRealtimeAudiences(catalog, ["vip", "big"], input)).toEqual(["vip", "big", "cart", "vip-de"]);
  });

  it("leaves out audiences whose rule is false or fails, and copes without a context", () => {
    const stale = [{ name: "cart.add", timestamp: now - 25 * 3_600_000 }];
    expect(withRealtimeAudiences(catalog, [], { profile: { ltv: 5 }, now, history: stale })).toEqual([]);
    expect(withRealtimeAudiences(compileCatalog(base), ["vip"], { profile: {}, now, history: [] })).toEqual(["vip"]);
  });

  it("travel in the client ruleset, so devices merge them the same way", () => {
    const device = compileCatalog(clientRuleset(catalog));
    const input = { profile: { ltv: 500 }, now, history: [] };
    expect(withRealtimeAudiences(device, [], input)).toEqual(withRealtimeAudiences(catalog, [], input));
    expect(device.audiences.map((a) => a.id)).toEqual(["cart", "big", "vip-de", "broken"]);
  });
});

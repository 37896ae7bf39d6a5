import { describe, expect, it } from "vitest";
import { CatalogError, compileCatalog } from "../src/index.ts";

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

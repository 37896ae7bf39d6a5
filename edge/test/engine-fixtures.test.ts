import { compileCatalog, decide } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import fixtures from "../../decision-engine/test/fixtures/decisions.json" with { type: "json" };

// The engine's language-neutral decision cases, run here inside workerd: same input, same decision.
describe("decision fixtures inside workerd", () => {
  it("has cases", () => {
    expect(fixtures.cases.length).toBeGreaterThan(0);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(decide(compileCatalog(c.catalog), c.input as never)).toEqual(c.expected);
  });
});

import { compileCatalog, decide } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import fixtures from "../../decision-engine/test/fixtures/decisions.json" with { type: "json" };

// The engine's language-neutral decision cases, run here inside workerd: same input, same decision.
describe("decision fixtures inside workerd", () => {
  // Cases that ran here, by name: every case of the file must run, not just be in it.
  const ran = new Set<string>();

  // `count` in decisions.json is the one number to change when a case is added or removed.
  it("has exactly `count` cases", () => {
    expect(fixtures.cases.length).toBe(fixtures.count);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    ran.add(c.name);
    expect(decide(compileCatalog(c.catalog), c.input as never)).toEqual(c.expected);
  });

  it("ran every case", () => {
    expect(ran.size).toBe(fixtures.count);
  });
});

import { describe, expect, it } from "vitest";
import { compileCatalog, decide } from "../src/index.ts";
import fixtures from "./fixtures/decisions.json" with { type: "json" };

describe("decision fixtures (shared with workerd and Chromium)", () => {
  it("has at least 40 cases", () => {
    expect(fixtures.cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const catalog = compileCatalog(c.catalog);
    expect(decide(catalog, c.input as never)).toEqual(c.expected);
  });
});

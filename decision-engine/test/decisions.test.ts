import { describe, expect, it } from "vitest";
import { compileCatalog, decide } from "../src/index.ts";
import fixtures from "./fixtures/decisions.json" with { type: "json" };

describe("decision fixtures (shared with workerd and Chromium)", () => {
  // Cases that ran here, by name: every case of the file must run, not just be in it.
  const ran = new Set<string>();

  // `count` in decisions.json is the one number to change when a case is added or removed.
  it("has exactly `count` cases, each with a unique name", () => {
    expect(fixtures.cases.length).toBe(fixtures.count);
    expect(new Set(fixtures.cases.map((c) => c.name)).size).toBe(fixtures.count);
  });

  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    ran.add(c.name);
    const catalog = compileCatalog(c.catalog);
    expect(decide(catalog, c.input as never)).toEqual(c.expected);
  });

  it("ran every case", () => {
    expect(ran.size).toBe(fixtures.count);
  });
});

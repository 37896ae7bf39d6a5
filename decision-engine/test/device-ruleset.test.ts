import { describe, expect, it } from "vitest";
import { CatalogError, clientRuleset, compileCatalog, compileDeviceRuleset, compileRuleset, decide, isSafeUrl, type CompiledCatalog } from "../src/index.ts";
import fixtures from "./fixtures/decisions.json" with { type: "json" };

/** The client ruleset of a catalog, as a device receives it from `GET /v1/ruleset`. */
const rulesetOf = (catalog: unknown): unknown => JSON.parse(JSON.stringify(clientRuleset(compileCatalog(catalog))));

/** What decide reads from a compiled catalog, closures aside. */
const shape = (catalog: CompiledCatalog) => ({
  placements: [...catalog.placements.values()].map((p) => [p.id, p.format, p.offers.map((o) => o.id), p.limit, p.fallback?.id, !!p.score]),
  offers: [...catalog.offers.values()].map((o) => [o.id, o.priority, o.start, o.end, o.conditions, o.caps, o.trigger?.event, o.orchestrated]),
  conditions: catalog.conditions.length,
  audiences: catalog.audiences.map((a) => a.id),
});

describe("compileDeviceRuleset: the same decisions as compileCatalog (decision fixtures)", () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const device = compileDeviceRuleset(rulesetOf(c.catalog));
    expect(decide(device, c.input as never)).toEqual(c.expected);
    const explained = { ...(c.input as object), explain: true };
    expect(decide(device, explained)).toEqual(decide(compileCatalog(c.catalog), explained));
    expect(shape(device)).toEqual(shape(compileRuleset(rulesetOf(c.catalog))));
  });
});

const base = () => ({
  placements: [
    { id: "hero", format: "html" },
    { id: "msgs", format: "message" },
  ],
  offers: [{ id: "a", placements: ["hero"], content: { html: "<b>A</b>" } } as Record<string, unknown>],
});
const withOffer = (fields: Record<string, unknown>) => {
  const ruleset = base();
  Object.assign(ruleset.offers[0]!, fields);
  return ruleset;
};

describe("compileDeviceRuleset: a malformed ruleset", () => {
  it.each([
    ["null", null],
    ["an array", []],
    ["placements that are not a list", { placements: "hero", offers: [] }],
    ["a placement that is not an object", { placements: [null], offers: [] }],
    ["offers that are not a list", { ...base(), offers: { a: {} } }],
    ["a rule with an unknown operator", withOffer({ eligibility: { and: [true, { frobnicate: 1 }] } })],
    ["an unterminated template", withOffer({ content: { html: "<b>{{ profile.name</b>" } })],
    ["an unreadable schedule", withOffer({ schedule: { start: "soon" } })],
    ["a schedule that ends before it starts", withOffer({ schedule: { start: "2026-03-01T00:00:00Z", end: "2026-02-01T00:00:00Z" } })],
    ["a trigger without an event", withOffer({ trigger: { when: true } })],
    ["caps that are not a list", withOffer({ caps: "daily" })],
    ["a ranking that is not an object", { ...base(), ranking: { hero: null } }],
    ["fallbacks that are not an object", { ...base(), fallbacks: ["a"] }],
    ["a ranking for an unknown placement", { ...base(), ranking: { ghost: { strategy: "priority" } } }],
    ["an audience whose rule does not compile", { ...base(), audiences: [{ id: "x", rule: { nope: [] } }] }],
  ])("%s is refused with a plain error (the edge rejects it too)", (_name, ruleset) => {
    let error: unknown;
    try {
      compileDeviceRuleset(ruleset);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(CatalogError);
    expect(() => compileRuleset(ruleset)).toThrow(CatalogError);
  });

  it("what it accepts without the edge's checks still decides without throwing, and safely", () => {
    // Each of these is a CatalogError at the edge; a device does not look for them.
    const tampered = {
      placements: [
        { id: "hero", format: "HTML" },
        { id: "msgs", format: "message" },
        { id: "hero", format: "json" },
      ],
      offers: [
        { id: "a", name: 5, placements: ["hero", "ghost"], priority: "high", content: { html: "<b>{{ profile.name }}</b>" } },
        { id: "a", placements: ["hero"], content: {} },
        { id: "c", placements: ["hero"], orchestrated: "no", caps: [{ event: "", limit: -1, period: "year", scope: "x" }] },
        { id: "m", placements: ["msgs"], message: { layout: "toast", title: "{{ profile.name }}", buttons: [null, { label: "", action: { type: "url", url: "javascript:alert(1)" } }] } },
      ],
      fallbacks: { hero: "missing" },
      ranking: { hero: { strategy: "best", limit: 2.5 } },
      audiences: [{ id: "", rule: true }, { id: "vip", name: 1, rule: true }],
      journeys: [{ id: "not here" }],
    };
    expect(() => compileRuleset(tampered)).toThrow(CatalogError);
    const device = compileDeviceRuleset(tampered);
    const input = { placements: ["hero", "msgs", "ghost"], profile: { id: "u", name: "<img src=x onerror=alert(1)>" }, explain: true, now: 0 };
    const { decisions } = decide(device, input);
    // A placement format the engine does not know escapes what templates insert.
    expect(decisions[0]).toMatchObject({ offerId: "a", content: { html: "<b>&lt;img src=x onerror=alert(1)&gt;</b>" } });
    // Message text stays raw (renderers set it as text); the renderers refuse the unsafe URL.
    const message = decisions.find((d) => d.placement === "msgs")!.message as { buttons: [null, { action: { url: string } }] };
    expect(isSafeUrl(message.buttons[1].action.url)).toBe(false);
    expect(decisions.find((d) => d.placement === "ghost")).toMatchObject({ offerId: null });
  });
});

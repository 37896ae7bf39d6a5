import { describe, expect, it } from "vitest";
import { CatalogError, clientRuleset, compileCatalog, compileRuleset, decide, type CatalogProblem } from "../src/index.ts";

const valid = () => ({
  placements: [
    { id: "hero", surface: "web://shop.example/#hero", format: "html" },
    { id: "msgs", surface: "web://shop.example", format: "message" },
  ],
  offers: [
    { id: "a", placements: ["hero"], priority: 5, eligibility: { audience: "vip" }, content: { html: "<b>A</b>" } },
    { id: "m", placements: ["msgs"], trigger: { event: "page.view" }, message: { layout: "modal", title: "Hi" } },
    { id: "j", placements: ["msgs"], message: { layout: "banner", body: "Your cart" } },
    { id: "fb", placements: [], content: { html: "<p>default</p>" } },
  ],
  fallbacks: { hero: "fb" },
  ranking: { hero: { strategy: "priority" } },
  journeys: [{ id: "cart", trigger: { event: "cart.add" }, steps: [{ message: "j" }] }],
});

function problemsOf(catalog: unknown): CatalogProblem[] {
  try {
    compileCatalog(catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return [...(error as CatalogError).errors];
  }
  throw new Error("expected the catalog to be rejected");
}

describe("compileCatalog", () => {
  it("accepts a valid catalog and keeps its source", () => {
    const catalog = compileCatalog(valid());
    expect(catalog.source.offers).toHaveLength(4);
    expect([...catalog.placements.keys()]).toEqual(["hero", "msgs"]);
  });

  it("rejects a non-object", () => {
    expect(problemsOf(null)).toEqual([{ path: "$", message: "a catalog must be a JSON object" }]);
    expect(problemsOf([])).toHaveLength(1);
  });

  it("reports every problem at once, each with its JSON path", () => {
    const bad = valid() as Record<string, any>;
    bad.placements.push({ id: "hero", format: "video" });
    bad.offers[0].eligibility = { and: [{ audience: "vip" }, { nope: [1] }] };
    bad.offers[0].schedule = { start: "2026-04-01T00:00:00Z", end: "2026-03-01" };
    bad.offers[0].caps = [{ event: "display", limit: -1, period: "year" }, "x"];
    bad.offers[0].content = { html: "{{ profile.name | uper }}" };
    bad.offers[1].placements = ["hero", "ghost"];
    bad.offers[1].message.buttons = [{ label: "Go", action: { type: "url", url: "javascript:alert(1)" } }];
    bad.offers.push({ id: "a", placements: ["hero"], content: {} });
    bad.fallbacks = { hero: "missing", ghost: "a" };
    bad.ranking = { hero: { strategy: "score" }, msgs: { limit: 0 } };
    bad.journeys[0].steps[0].message = "nope";
    const paths = problemsOf(bad).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "$.placements[2].id",
        "$.placements[2].format",
        "$.offers[0].eligibility.and[1]",
        "$.offers[0].schedule.end",
        "$.offers[0].caps[0].limit",
        "$.offers[0].caps[0].period",
        "$.offers[0].caps[1]",
        "$.offers[0].content.html",
        "$.offers[1].placements[1]",
        "$.offers[1].content",
        "$.offers[1].message.buttons[0].action.url",
        "$.offers[4].id",
        "$.fallbacks.hero",
        "$.fallbacks.ghost",
        "$.ranking.hero.score",
        "$.ranking.msgs.limit",
        "$.journeys[0].steps[0].message",
      ]),
    );
  });

  it("names the unknown operator's path inside a rule", () => {
    const bad = valid();
    bad.offers[0]!.eligibility = { and: [{ audience: "vip" }, { or: [true, { frobnicate: 1 }] }] } as never;
    const [problem] = problemsOf(bad);
    expect(problem!.path).toBe("$.offers[0].eligibility.and[1].or[1]");
    expect(problem!.message).toMatch(/frobnicate/);
  });

  it("rejects triggers without an event, messages without text, unsafe images and bad deep links", () => {
    const bad = valid() as Record<string, any>;
    bad.offers[1].trigger = { when: true };
    bad.offers[1].message = { layout: "toast", image: "data:image/png;base64,AAAA" };
    bad.offers[2].message.buttons = [{ label: "", action: { type: "deeplink", url: "not a link" } }, { label: "x", action: { type: "custom" } }];
    const problems = problemsOf(bad);
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        "$.offers[1].trigger.event",
        "$.offers[1].message.layout",
        "$.offers[1].message",
        "$.offers[1].message.image",
        "$.offers[2].message.buttons[0].label",
        "$.offers[2].message.buttons[0].action.url",
        "$.offers[2].message.buttons[1].action.name",
      ]),
    );
  });

  it("quotes keys that are not identifiers in paths", () => {
    const bad = valid() as Record<string, any>;
    bad.fallbacks = { "my hero": "a" };
    expect(problemsOf(bad)[0]!.path).toBe('$.fallbacks["my hero"]');
  });

  it("shares identical conditions across offers", () => {
    const catalog = valid();
    catalog.offers.push({ id: "b", placements: ["hero"], priority: 1, eligibility: { and: [{ audience: "vip" }, { ">": [{ var: "x" }, 1] }] }, content: { html: "b" } } as never);
    expect(compileCatalog(catalog).conditions).toHaveLength(2);
  });
});

describe("clientRuleset", () => {
  it("leaves out journeys and offer names, and marks journey-only offers orchestrated", () => {
    const catalog = valid();
    (catalog.offers[0] as Record<string, unknown>).name = "Internal name";
    const ruleset = clientRuleset(compileCatalog(catalog));
    expect(ruleset.offers.map((o) => o.id)).toEqual(["a", "m", "j", "fb"]);
    expect(ruleset.offers[0]).not.toHaveProperty("name");
    expect(ruleset.offers.map((o) => o.orchestrated ?? false)).toEqual([false, false, true, false]);
    expect(ruleset).not.toHaveProperty("journeys");
    expect(ruleset.fallbacks).toEqual({ hero: "fb" });
    const device = compileRuleset(ruleset);
    expect(device.offers.get("j")!.orchestrated).toBe(true);
    expect(device.offers.get("m")!.orchestrated).toBe(false);
  });

  it("lets a device deliver an orchestrated offer only while it is pending", () => {
    const device = compileRuleset(clientRuleset(compileCatalog(valid())));
    const input = { placements: ["msgs"], profile: { id: "u" }, history: [], now: 0 };
    expect(decide(device, input).decisions[0]!.offerId).toBeNull();
    expect(decide(device, { ...input, pending: ["j"] }).decisions[0]!.offerId).toBe("j");
  });
});

describe("compileRuleset", () => {
  it("validates like compileCatalog, but a client ruleset has no journeys or campaigns", () => {
    expect(() => compileRuleset(valid())).toThrow(CatalogError);
    let paths: string[] = [];
    try {
      compileRuleset({ ...valid(), campaigns: [{ id: "c", audience: "vip", offer: "a", schedule: {} }] });
    } catch (error) {
      paths = (error as CatalogError).errors.map((e) => e.path);
    }
    expect(paths).toEqual(["$.journeys", "$.campaigns"]);
    const { journeys: _journeys, ...withoutJourneys } = valid();
    expect(compileRuleset({ ...withoutJourneys, journeys: [], campaigns: [] }).offers.size).toBe(4);
    const bad = { ...withoutJourneys, offers: [{ id: "x", placements: ["nowhere"], content: {} }] };
    expect(() => compileRuleset(bad)).toThrow(/unknown placement|nowhere/);
  });
});

describe("offer.orchestrated", () => {
  it("keeps an offer out of ordinary decisions without a journey", () => {
    const catalog = valid();
    catalog.journeys = [];
    (catalog.offers[0] as Record<string, unknown>).orchestrated = true;
    const compiled = compileCatalog(catalog);
    const input = { placements: ["hero"], profile: { id: "u" }, audiences: ["vip"], history: [], now: 0 };
    expect(decide(compiled, input).decisions[0]).toMatchObject({ offerId: "fb", fallback: true });
    expect(decide(compiled, { ...input, pending: ["a"] }).decisions[0]).toMatchObject({ offerId: "a", fallback: false });
  });

  it("must be a boolean", () => {
    const catalog = valid();
    (catalog.offers[0] as Record<string, unknown>).orchestrated = "yes";
    expect(problemsOf(catalog)).toEqual([{ path: "$.offers[0].orchestrated", message: "must be true or false" }]);
  });
});

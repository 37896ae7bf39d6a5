import { describe, expect, it } from "vitest";
import { FIELDS } from "../src/decide/fields.ts";
import type { AudienceJson, ButtonActionJson, CapJson, CatalogJson, MessageJson, OfferJson, PlacementJson, RankingJson } from "../src/index.ts";
import { CatalogError, catalogWarnings, clientRuleset, compileCatalog, compileDeviceRuleset, compileRuleset, decide, type CatalogProblem } from "../src/index.ts";
import { fullCatalog, UNKNOWN_FIELD_CASES, type AnyCatalog } from "./fixtures/strict-catalog.ts";

function problemsOf(compile: (json: unknown) => unknown, catalog: unknown): CatalogProblem[] {
  try {
    compile(catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return [...(error as CatalogError).errors];
  }
  return [];
}

const problems = (catalog: unknown) => problemsOf(compileCatalog, catalog);
const changed = (change: (catalog: AnyCatalog) => void): AnyCatalog => {
  const catalog = fullCatalog();
  change(catalog);
  return catalog;
};

/** True when two unions of field names are the same. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type FieldsOf<K extends keyof typeof FIELDS> = keyof (typeof FIELDS)[K];

describe("strict catalogs: every object has a closed set of fields", () => {
  it("the catalog types have exactly the fields of FIELDS", () => {
    const same: true[] = [
      true satisfies Same<keyof CatalogJson, FieldsOf<"Catalog">>,
      true satisfies Same<keyof PlacementJson, FieldsOf<"Placement">>,
      true satisfies Same<keyof OfferJson, FieldsOf<"Offer">>,
      true satisfies Same<keyof CapJson, FieldsOf<"Cap">>,
      true satisfies Same<keyof MessageJson, FieldsOf<"Message">>,
      true satisfies Same<keyof ButtonActionJson, FieldsOf<"Action">>,
      true satisfies Same<keyof RankingJson, FieldsOf<"Ranking">>,
      true satisfies Same<keyof AudienceJson, FieldsOf<"Audience">>,
    ];
    expect(same).not.toContain(false);
  });

  it("accepts a catalog that uses every object kind and every field", () => {
    expect(problems(fullCatalog())).toEqual([]);
  });

  it.each(UNKNOWN_FIELD_CASES.map((c) => [c.kind, c.path, c] as const))("%s: %s", (_kind, _path, { change, path, message }) => {
    expect(problems(changed(change))).toEqual([{ path, message }]);
  });

  it("suggests the closest known field", () => {
    const catalog = fullCatalog();
    catalog.offers[0].eligibilty = true;
    catalog.offers[0].cap = [];
    catalog.offers[0].Priority = 1;
    catalog.offers[1].triger = { event: "x" };
    catalog.offers[1].message.layut = "modal";
    catalog.journeys[0].steps[2].wait_for.on_timout = "exit";
    catalog.placements[0].formt = "html";
    catalog.journeys[0].steps.splice(3, 0, { wiat: "PT1H" });
    expect(problems(catalog)).toEqual([
      { path: "$.placements[0].formt", message: 'unknown field (did you mean "format"?)' },
      { path: "$.offers[0].eligibilty", message: 'unknown field (did you mean "eligibility"?)' },
      { path: "$.offers[0].cap", message: 'unknown field (did you mean "caps"?)' },
      { path: "$.offers[0].Priority", message: 'unknown field (did you mean "priority"?)' },
      { path: "$.offers[1].triger", message: 'unknown field (did you mean "trigger"?)' },
      { path: "$.offers[1].message.layut", message: 'unknown field (did you mean "layout"?)' },
      { path: "$.journeys[0].steps[2].wait_for.on_timout", message: 'unknown field (did you mean "on_timeout"?)' },
      { path: "$.journeys[0].steps[3]", message: "needs one of wait,wait_for,if,message,action,set,end" },
      { path: "$.journeys[0].steps[3].wiat", message: 'unknown field (did you mean "wait"?)' },
    ]);
  });

  it("checks a message's dir and lang", () => {
    expect(problems(changed((c) => Object.assign(c.offers[1].message, { dir: "RTL", lang: 5 })))).toEqual([
      { path: "$.offers[1].message.lang", message: "must be a string" },
      { path: "$.offers[1].message.dir", message: "must be one of ltr, rtl, auto" },
    ]);
  });

  it("quotes field names that are not identifiers in the path", () => {
    expect(problems(changed((c) => (c.offers[0]["content type"] = "html")))).toEqual([{ path: '$.offers[0]["content type"]', message: 'unknown field (did you mean "content"?)' }]);
    // A JSON "__proto__" key is an own field like any other, not the prototype.
    const catalog = JSON.parse(JSON.stringify(fullCatalog()).replace('"id":"spring"', '"__proto__":{"x":1},"id":"spring"'));
    expect(problems(catalog)).toEqual([{ path: "$.offers[0].__proto__", message: "unknown field" }]);
    expect(problems(changed((c) => (c.offers[0].constructor = 1)))).toEqual([{ path: "$.offers[0].constructor", message: "unknown field" }]);
  });

  it("a step holds only its kind's fields; a step of no kind is reported with its unknown fields", () => {
    const catalog = fullCatalog();
    catalog.journeys[0].steps = [{ wait: "PT1H", message: "cart-reminder" }, { frobnicate: 1 }, { if: true, then: [], else: [], wait: "PT1M" }];
    expect(problems(catalog)).toEqual([
      { path: "$.journeys[0].steps[0]", message: "needs one of wait,wait_for,if,message,action,set,end" },
      { path: "$.journeys[0].steps[1]", message: "needs one of wait,wait_for,if,message,action,set,end" },
      { path: "$.journeys[0].steps[1].frobnicate", message: "unknown field" },
      { path: "$.journeys[0].steps[2]", message: "needs one of wait,wait_for,if,message,action,set,end" },
    ]);
  });

  it("reports every problem at once, unknown fields among the others, in document order", () => {
    const catalog = fullCatalog();
    catalog.offerz = [];
    catalog.placements[1].surface = 5;
    catalog.placements[1].channel = "web";
    catalog.offers[0].eligibilty = { audience: "vip" };
    catalog.offers[0].caps[0].limit = -1;
    catalog.offers[0].caps[0].metadata = {};
    catalog.offers[1].message.buttons[0].action.target = "_blank";
    catalog.offers[1].message.buttons[0].action.url = "javascript:alert(1)";
    catalog.ranking.hero.limt = 3;
    catalog.audiences[0].rules = true;
    catalog.journeys[0].exits = { event: "purchase" };
    catalog.journeys[0].steps[0].wait = "soon";
    catalog.campaigns[0].schedule.tz = "UTC";
    expect(problems(catalog)).toEqual([
      { path: "$.offerz", message: 'unknown field (did you mean "offers"?)' },
      { path: "$.placements[1].channel", message: "unknown field" },
      { path: "$.placements[1].surface", message: "must be a string" },
      { path: "$.offers[0].eligibilty", message: 'unknown field (did you mean "eligibility"?)' },
      { path: "$.offers[0].caps[0].metadata", message: "unknown field" },
      { path: "$.offers[0].caps[0].limit", message: "must be a non-negative integer" },
      { path: "$.offers[1].message.buttons[0].action.target", message: "unknown field" },
      { path: "$.offers[1].message.buttons[0].action.url", message: "must be an http(s), mailto:, tel: or relative URL" },
      // Journeys and campaigns are checked after every offer is known.
      { path: "$.journeys[0].exits", message: 'unknown field (did you mean "exit"?)' },
      { path: "$.journeys[0].steps[0].wait", message: "must be an ISO-8601 duration" },
      { path: "$.campaigns[0].schedule.tz", message: "unknown field" },
      { path: "$.ranking.hero.limt", message: 'unknown field (did you mean "limit"?)' },
      { path: "$.audiences[0].rules", message: 'unknown field (did you mean "rule"?)' },
    ]);
  });
});

describe("metadata: the operator's own data", () => {
  const weird = JSON.parse('{"a": [1, {"b": null}], "__proto__": {"polluted": true}, "eligibility": {"nope": 1}, "x y": "z"}');

  it("is accepted, with any nested JSON, on the catalog, placements, offers, journeys and campaigns", () => {
    const catalog = fullCatalog();
    for (const object of [catalog, catalog.placements[1], catalog.offers[1], catalog.journeys[0], catalog.campaigns[0]]) object.metadata = weird;
    expect(problems(catalog)).toEqual([]);
    for (const value of [null, 0, "text", [1, [2]], false]) expect(problems(changed((c) => (c.offers[0].metadata = value)))).toEqual([]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("travels with offers into the client ruleset, which compileRuleset accepts", () => {
    const ruleset = JSON.parse(JSON.stringify(clientRuleset(compileCatalog(fullCatalog()))));
    expect(ruleset.offers[0].metadata).toEqual(fullCatalog().offers[0].metadata);
    expect(ruleset.offers.find((o: AnyCatalog) => o.id === "app-tile").orchestrated).toBe(true);
    expect(ruleset.audiences).toHaveLength(1);
    expect(problemsOf(compileRuleset, ruleset)).toEqual([]);
  });

  it.each([
    ["a cap", (c: AnyCatalog) => c.offers[0].caps[0], "$.offers[0].caps[0].metadata"],
    ["a schedule", (c: AnyCatalog) => c.offers[0].schedule, "$.offers[0].schedule.metadata"],
    ["a trigger", (c: AnyCatalog) => c.offers[1].trigger, "$.offers[1].trigger.metadata"],
    ["a message", (c: AnyCatalog) => c.offers[1].message, "$.offers[1].message.metadata"],
    ["a button", (c: AnyCatalog) => c.offers[1].message.buttons[0], "$.offers[1].message.buttons[0].metadata"],
    ["an action", (c: AnyCatalog) => c.offers[1].message.buttons[0].action, "$.offers[1].message.buttons[0].action.metadata"],
    ["a ranking", (c: AnyCatalog) => c.ranking.hero, "$.ranking.hero.metadata"],
    ["a real-time audience", (c: AnyCatalog) => c.audiences[0], "$.audiences[0].metadata"],
    ["a journey trigger", (c: AnyCatalog) => c.journeys[0].trigger, "$.journeys[0].trigger.metadata"],
    ["a step", (c: AnyCatalog) => c.journeys[0].steps[0], "$.journeys[0].steps[0].metadata"],
    ["a wait_for", (c: AnyCatalog) => c.journeys[0].steps[2].wait_for, "$.journeys[0].steps[2].wait_for.metadata"],
    ["a campaign schedule", (c: AnyCatalog) => c.campaigns[0].schedule, "$.campaigns[0].schedule.metadata"],
  ])("is an unknown field on %s", (_name, objectOf, path) => {
    expect(problems(changed((c) => (objectOf(c).metadata = { any: "thing" })))).toEqual([{ path, message: "unknown field" }]);
  });
});

describe("client rulesets", () => {
  const rulesetOf = (catalog: unknown): AnyCatalog => JSON.parse(JSON.stringify(clientRuleset(compileCatalog(catalog))));

  it("compileRuleset checks fields like compileCatalog, and still refuses journeys and campaigns", () => {
    const ruleset = rulesetOf(fullCatalog());
    ruleset.offers[0].eligibilty = true;
    ruleset.audiences[0].rulez = true;
    ruleset.journeys = [{ id: "j" }];
    expect(problemsOf(compileRuleset, ruleset)).toEqual([
      { path: "$.offers[0].eligibilty", message: 'unknown field (did you mean "eligibility"?)' },
      { path: "$.journeys", message: "a client ruleset has none: journeys, campaigns, webhooks and forwarding run at the edge" },
      { path: "$.audiences[0].rulez", message: 'unknown field (did you mean "rule"?)' },
    ]);
  });

  it("compileDeviceRuleset ignores unknown fields: devices do not break on a newer ruleset", () => {
    const ruleset = rulesetOf(fullCatalog());
    const noisy = structuredClone(ruleset);
    noisy.futureFeature = { x: 1 };
    noisy.placements[0].channel = "web";
    noisy.offers[0].eligibilty = false;
    noisy.offers[0].caps[0].metadata = {};
    noisy.offers[0].schedule.timezone = "UTC";
    noisy.offers[1].trigger.delay = "PT1M";
    noisy.ranking.hero.boost = 2;
    noisy.audiences[0].colour = "red";
    const input = {
      placements: ["hero", "msgs"],
      profile: { id: "u-1", ltv: 500 },
      audiences: ["vip"],
      event: { name: "page.view", properties: { path: "/" } },
      now: Date.parse("2026-03-15T12:00:00Z"),
      explain: true,
    };
    expect(decide(compileDeviceRuleset(noisy), input)).toEqual(decide(compileDeviceRuleset(ruleset), input));
    expect(decide(compileDeviceRuleset(noisy), input).decisions.map((d) => d.offerId)).toEqual(["spring", "welcome"]);
    // A message's unknown fields are handed to the renderer as they are.
    noisy.offers[1].message.subtitle = "x";
    noisy.offers[1].message.buttons[0].style = "primary";
    noisy.offers[1].message.buttons[0].action.target = "_blank";
    expect(decide(compileDeviceRuleset(noisy), input).decisions.map((d) => d.offerId)).toEqual(["spring", "welcome"]);
  });
});

describe("catalogWarnings: audiences the edge does not know", () => {
  const message = (id: string, suggestion?: string) =>
    `unknown audience ${JSON.stringify(id)}: neither in the active snapshot nor a real-time audience of the catalog` + (suggestion ? ` (did you mean ${JSON.stringify(suggestion)}?)` : "");

  it("has nothing to say when every audience is known (snapshot or real-time)", () => {
    expect(catalogWarnings(fullCatalog(), ["vip"])).toEqual([]);
    expect(catalogWarnings(fullCatalog(), new Set(["vip", "unused"]))).toEqual([]);
  });

  it("warns about each unknown reference in every kind of rule and in campaigns, in document order", () => {
    const catalog = fullCatalog();
    catalog.offers[0].eligibility.and.push({ or: [{ audience: "churn-riks" }, { "!": { audience: "gold" } }] });
    catalog.offers[1].trigger.when = { audience: "vip" };
    catalog.offers[2].eligibility = { audience: "cart-abandoners" };
    catalog.ranking.hero.score = { if: [{ audience: "big-spender" }, 10, 1] };
    catalog.audiences.push({ id: "rt-2", rule: { audience: "seasonal" } });
    catalog.journeys[0].trigger.when = { audience: "j-trigger" };
    catalog.journeys[0].exit.when = { audience: "j-exit" };
    catalog.journeys[0].steps[1].if = { audience: "j-if" };
    catalog.journeys[0].steps[1].else.push({ if: { audience: "j-nested" }, then: [{ end: true }] });
    catalog.journeys[0].steps[2].wait_for.when = { audience: "j-wait" };
    catalog.campaigns[0].audience = "churn-riks";
    expect(catalogWarnings(catalog, ["vip", "churn-risk"])).toEqual([
      { path: "$.offers[0].eligibility.and[2].or[0].audience", message: message("churn-riks", "churn-risk") },
      { path: '$.offers[0].eligibility.and[2].or[1]["!"].audience', message: message("gold") },
      { path: "$.offers[2].eligibility.audience", message: message("cart-abandoners", "cart-abandoner") },
      { path: "$.ranking.hero.score.if[0].audience", message: message("big-spender") },
      { path: "$.audiences[1].rule.audience", message: message("seasonal") },
      { path: "$.journeys[0].trigger.when.audience", message: message("j-trigger") },
      { path: "$.journeys[0].exit.when.audience", message: message("j-exit") },
      { path: "$.journeys[0].steps[1].if.audience", message: message("j-if") },
      { path: "$.journeys[0].steps[1].else[1].if.audience", message: message("j-nested") },
      { path: "$.journeys[0].steps[2].wait_for.when.audience", message: message("j-wait") },
      { path: "$.campaigns[0].audience", message: message("churn-riks", "churn-risk") },
    ]);
  });

  it("counts the catalog's real-time audiences as known, and suggests from them too", () => {
    const catalog = fullCatalog();
    catalog.campaigns[0].audience = "cart-abandonr";
    expect(catalogWarnings(catalog, ["vip"])).toEqual([{ path: "$.campaigns[0].audience", message: message("cart-abandonr", "cart-abandoner") }]);
    catalog.audiences = [];
    catalog.campaigns[0].audience = "cart-abandoner";
    expect(catalogWarnings(catalog, ["vip"])).toEqual([{ path: "$.campaigns[0].audience", message: message("cart-abandoner") }]);
  });

  it("reads rules only: not content, metadata, preserved data, computed audiences or unknown fields", () => {
    const catalog = fullCatalog();
    catalog.offers[4].content = { audience: "in-content" };
    catalog.offers[0].metadata = { audience: "in-metadata" };
    catalog.offers[1].trigger.when = { "==": [{ preserve: { audience: "preserved" } }, 1] };
    catalog.offers[2].eligibility = { audience: { var: "event.properties.segment" } };
    catalog.offers[3].eligibilty = { audience: "misspelt-field" };
    expect(catalogWarnings(catalog, ["vip"])).toEqual([]);
  });

  it("never throws, whatever it is given", () => {
    for (const json of [null, 1, "x", [], {}, { offers: 1, journeys: [null, 1, { steps: "x" }, { steps: [null, { if: 1, then: 2 }] }], campaigns: [1] }]) {
      expect(catalogWarnings(json, [])).toEqual([]);
    }
  });
});

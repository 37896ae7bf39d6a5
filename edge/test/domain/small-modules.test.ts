import { CatalogError, compileCatalog } from "@edgewise/decision-engine";
import { afterEach, describe, expect, it, vi } from "vitest";
import { campaignChanges, type CampaignState } from "../../src/domain/campaigns/status.ts";
import { periodStart } from "../../src/domain/caps/periods.ts";
import { catalogFacts, indexFacts, type CatalogFactsJson } from "../../src/domain/catalogs/facts.ts";
import { compileStoredCatalog, withoutPaths } from "../../src/domain/catalogs/legacy.ts";
import { namesThatMatter } from "../../src/domain/catalogs/names-that-matter.ts";
import { OFFER_EVENT_TYPES } from "../../src/domain/events/kinds.ts";
import type { Campaign } from "../../src/domain/journeys/definitions.ts";
import {
  checkDepth,
  expectArray,
  expectObject,
  expectOneOf,
  expectString,
  expectStringArray,
  JSON_DEPTH,
  optionalBoolean,
  optionalString,
} from "../../src/domain/shared/checks.ts";
import { Refusal } from "../../src/domain/shared/refusal.ts";
import { CAMPAIGN_METRICS, OFFER_METRICS, STEP_METRICS, zero } from "../../src/domain/stats/metrics.ts";
import { testCatalog } from "../fixtures/catalog.ts";
import { DAY, HOUR, T0, thrownRefusal } from "./fakes.ts";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("periodStart (UTC)", () => {
  it("day, ISO week from Monday, month", () => {
    expect(periodStart("day", T0)).toBe(Date.UTC(2026, 2, 10));
    expect(periodStart("week", T0)).toBe(Date.UTC(2026, 2, 9));
    expect(periodStart("month", T0)).toBe(Date.UTC(2026, 2, 1));
  });

  it("a Sunday belongs to the week that began the Monday before", () => {
    expect(periodStart("week", Date.UTC(2026, 2, 15, 23, 59))).toBe(Date.UTC(2026, 2, 9));
    expect(periodStart("week", Date.UTC(2026, 2, 16))).toBe(Date.UTC(2026, 2, 16));
  });

  it("a week may start in the previous month", () => {
    expect(periodStart("week", Date.UTC(2026, 3, 1, 8))).toBe(Date.UTC(2026, 2, 30));
    expect(periodStart("month", Date.UTC(2026, 3, 1, 8))).toBe(Date.UTC(2026, 3, 1));
  });
});

describe("campaignChanges", () => {
  const campaign = (fields: Partial<Campaign> = {}): Campaign => ({
    id: "spring",
    audience: "vip",
    offer: "spring-sale",
    start: T0,
    end: T0 + DAY,
    paused: false,
    capped: false,
    ...fields,
  });
  const iso = (ms: number) => new Date(ms).toISOString();

  it("records each status from the schedule", () => {
    expect(campaignChanges([campaign()], [], T0 - 1)).toMatchObject([{ campaignId: "spring", status: "scheduled", openedAt: null, closedAt: null }]);
    expect(campaignChanges([campaign()], [], T0)).toMatchObject([{ status: "open", openedAt: iso(T0), closedAt: null }]);
    expect(campaignChanges([campaign()], [], T0 + DAY)).toMatchObject([{ status: "closed", closedAt: iso(T0 + DAY) }]);
    expect(campaignChanges([campaign({ paused: true })], [], T0)).toMatchObject([{ status: "paused" }]);
  });

  it("records nothing when the status is unchanged, and keeps the first opening time", () => {
    const open: CampaignState = { campaignId: "spring", status: "open", openedAt: iso(T0) };
    expect(campaignChanges([campaign()], [open], T0 + HOUR)).toEqual([]);
    const paused: CampaignState = { ...open, status: "paused" };
    expect(campaignChanges([campaign()], [paused], T0 + 2 * HOUR)).toMatchObject([{ status: "open", openedAt: iso(T0) }]);
    expect(campaignChanges([campaign()], [open], T0 + DAY)).toMatchObject([{ status: "closed", openedAt: iso(T0), closedAt: iso(T0 + DAY) }]);
  });

  it("withdraws recorded campaigns no longer in the catalog, unless closed or withdrawn already", () => {
    const recorded: CampaignState[] = [
      { campaignId: "gone", status: "open", openedAt: iso(T0) },
      { campaignId: "done", status: "closed", openedAt: iso(T0) },
      { campaignId: "out", status: "withdrawn", openedAt: null },
    ];
    expect(campaignChanges([], recorded, T0 + HOUR)).toEqual([{ campaignId: "gone", status: "withdrawn", openedAt: iso(T0), closedAt: iso(T0 + HOUR) }]);
  });
});

describe("statistics metrics", () => {
  it("offer metrics are the offer event types", () => {
    expect([...OFFER_METRICS]).toEqual([...OFFER_EVENT_TYPES]);
  });

  it("zero gives every metric a count of 0", () => {
    expect(zero(CAMPAIGN_METRICS)).toEqual({ reached: 0, delivered: 0, displayed: 0, interacted: 0, dismissed: 0 });
    expect(Object.keys(zero(STEP_METRICS))).toEqual([...STEP_METRICS]);
  });
});

describe("catalog facts", () => {
  const iso = (ms: number) => new Date(ms).toISOString();
  const json = {
    ...testCatalog(),
    journeys: [{ id: "welcome-journey", trigger: { event: "signup" }, steps: [{ message: "welcome" }] }],
    campaigns: [{ id: "spring", audience: "vip", offer: "portuguese", schedule: { start: iso(T0), end: iso(T0 + DAY) } }],
  };

  it("lists offers, reservations, global caps by placement, journeys and campaigns", () => {
    const facts = catalogFacts(compileCatalog(json));
    expect(facts).toMatchObject({
      reservedOffers: ["vip-offer"],
      globalCappedByPlacement: [["global-spot", ["limited"]]],
      journeys: ["welcome-journey"],
      campaigns: ["spring"],
    });
    expect([...facts.offers].sort()).toEqual(["brazil", "default-hero", "limited", "portuguese", "vip-offer", "welcome"]);
  });

  it("survive a JSON round trip and index for lookups", () => {
    const stored = JSON.parse(JSON.stringify(catalogFacts(compileCatalog(json)))) as CatalogFactsJson;
    const facts = indexFacts("v7", stored);
    expect(facts.version).toBe("v7");
    expect(facts.offers.has("brazil")).toBe(true);
    expect(facts.reservedOffers.has("vip-offer")).toBe(true);
    expect(facts.reservedOffers.has("limited")).toBe(false);
    expect(facts.globalCappedByPlacement.get("global-spot")).toEqual(["limited"]);
    expect([...facts.globalCappedOffers]).toEqual(["limited"]);
    expect(facts.namesThatMatter.has("signup")).toBe(true);
    expect(facts.journeys).toEqual(["welcome-journey"]);
  });

  it("a global cap on another event, or a profile cap on another event, holds no reservation", () => {
    const catalog = compileCatalog({
      placements: [{ id: "p", format: "html" }],
      offers: [
        { id: "clicks", placements: ["p"], caps: [{ event: "interact", limit: 1, period: "day", scope: "profile" }], content: { html: "" } },
        { id: "global", placements: ["p"], caps: [{ event: "display", limit: 1, period: "day", scope: "global" }], content: { html: "" } },
      ],
    });
    const facts = catalogFacts(catalog);
    expect(facts.reservedOffers).toEqual([]);
    expect(facts.globalCappedByPlacement).toEqual([["p", ["global"]]]);
  });
});

describe("namesThatMatter", () => {
  it("collects history queries, cap events, journey triggers, exits and awaited events, and display", () => {
    const catalog = compileCatalog({
      placements: [{ id: "p", format: "html" }],
      offers: [
        {
          id: "o",
          placements: ["p"],
          eligibility: { ">=": [{ history: { name: "page.view", within: "P1D" } }, 3] },
          caps: [{ event: "interact", limit: 1, period: "day", scope: "profile" }],
          content: { html: "" },
        },
        { id: "m", placements: ["p"], content: { html: "" } },
      ],
      audiences: [{ id: "shopper", rule: { ">": [{ history: [{ name: "cart.add" }] }, 0] } }],
      journeys: [
        {
          id: "j",
          trigger: { event: "signup" },
          exit: { event: "purchase" },
          steps: [
            { if: { ">": [{ history: { name: "search" } }, 0] }, then: [{ wait_for: { event: "app.open", timeout: "P1D" } }], else: [{ message: "m" }] },
          ],
        },
      ],
    });
    expect([...namesThatMatter(catalog)].sort()).toEqual(["app.open", "cart.add", "display", "interact", "page.view", "purchase", "search", "signup"]);
  });

  it("is just display for a catalog that reads no history", () => {
    expect([...namesThatMatter(compileCatalog({ placements: [{ id: "p", format: "html" }], offers: [{ id: "o", placements: ["p"], content: { html: "" } }] }))]).toEqual(["display"]);
  });
});

describe("stored catalogs", () => {
  const base = { placements: [{ id: "p", format: "html" }], offers: [{ id: "o", placements: ["p"], content: { html: "" } }] };

  it("a catalog with fields unknown today compiles without them, with a warning", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const old = { ...base, offers: [{ ...base.offers[0], eligibilty: { "==": [1, 2] } }] };
    const compiled = compileStoredCatalog("v1", old);
    expect(compiled.offers.has("o")).toBe(true);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("$.offers[0].eligibilty"));
  });

  it("any other problem still throws", () => {
    expect(() => compileStoredCatalog("v1", { ...base, offers: [{ ...base.offers[0], placements: ["nowhere"] }] })).toThrow(CatalogError);
  });

  it("withoutPaths removes members by JSON path from a copy", () => {
    const json = { a: { "b c": 1, d: 2 }, list: [{ x: 1, y: 2 }] };
    expect(withoutPaths(json, ['$.a["b c"]', "$.list[0].y", "$.missing.z"])).toEqual({ a: { d: 2 }, list: [{ x: 1 }] });
    expect(json.a["b c"]).toBe(1);
  });
});

describe("checks", () => {
  it("expectString applies its rules and names the path", () => {
    expect(expectString("abc", "$.a")).toBe("abc");
    expect(thrownRefusal(() => expectString(3, "$.a"))).toMatchObject({ kind: "invalid", code: "invalid_body", path: "$.a", message: "expected a string" });
    expect(thrownRefusal(() => expectString("", "$.a")).message).toBe("expected at least 1 character(s)");
    expect(thrownRefusal(() => expectString("x".repeat(257), "$.a")).message).toBe("expected at most 256 characters");
    expect(expectString("x".repeat(300), "$.a", { maxLength: 300 })).toHaveLength(300);
    expect(thrownRefusal(() => expectString("a b", "$.a", { pattern: /^\w+$/ })).message).toMatch(/does not match/);
    expect(thrownRefusal(() => expectString("a\uD800b", "$.a")).message).toMatch(/unpaired surrogate/);
    expect(expectString("emoji 😀", "$.a")).toBe("emoji 😀");
  });

  it("optional, object, array and enum checks", () => {
    expect(optionalString(undefined, "$.a")).toBeUndefined();
    expect(thrownRefusal(() => optionalString(null, "$.a")).path).toBe("$.a");
    expect(optionalBoolean(false, "$.b")).toBe(false);
    expect(thrownRefusal(() => optionalBoolean("true", "$.b")).message).toBe("expected a boolean");
    expect(thrownRefusal(() => expectObject([], "$.o")).message).toBe("expected an object");
    expect(thrownRefusal(() => expectArray([1, 2, 3], "$.l", 2)).message).toBe("expected at most 2 items");
    expect(thrownRefusal(() => expectArray([], "$.l", 2, 1)).message).toBe("expected at least 1 item(s)");
    expect(thrownRefusal(() => expectStringArray(["a", 2], "$.l", 5)).path).toBe("$.l[1]");
    expect(expectOneOf("b", "$.e", ["a", "b"])).toBe("b");
    expect(thrownRefusal(() => expectOneOf("c", "$.e", ["a", "b"])).message).toBe("expected one of a, b");
  });

  it("checkDepth refuses values nested deeper than the limit, at the first path too deep", () => {
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
    expect(() => checkDepth(nest(JSON_DEPTH.body), JSON_DEPTH.body)).not.toThrow();
    const deep = thrownRefusal(() => checkDepth(nest(JSON_DEPTH.body + 1), JSON_DEPTH.body));
    expect(deep).toMatchObject({ kind: "invalid", code: "too_deep", path: `$${".a".repeat(JSON_DEPTH.body)}` });
    expect(thrownRefusal(() => checkDepth([[[1]]], 2, "$[4]")).path).toBe("$[4][0][0]");
    expect(() => checkDepth([[1]], 2)).not.toThrow();
  });

  it("checkDepth walks a very deep value without recursion", () => {
    let value: unknown = null;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(thrownRefusal(() => checkDepth(value, JSON_DEPTH.catalog)).code).toBe("too_deep");
  });

  it("a refusal serialises to the API's error body", () => {
    expect(new Refusal("invalid", "invalid_body", "nope", "$.x", { line: 3 }).toJSON()).toEqual({ error: { code: "invalid_body", message: "nope", path: "$.x", line: 3 } });
    expect(new Refusal("conflict", "busy", "later").toJSON()).toEqual({ error: { code: "busy", message: "later" } });
  });
});

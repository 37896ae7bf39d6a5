import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { ENUMS, FIELDS, STEPS } from "../src/decide/fields.ts";
import { CatalogError, compileCatalog } from "../src/index.ts";
import { catalogJsonSchema } from "../src/schema/index.ts";
import fixtures from "./fixtures/decisions.json" with { type: "json" };
import { fullCatalog, UNKNOWN_FIELD_CASES, type AnyCatalog } from "./fixtures/strict-catalog.ts";

type Schema = Record<string, any>;

const schema = catalogJsonSchema() as Schema;
// Strict mode (Ajv's default): unknown keywords, formats or ambiguous types would fail the compile.
const validate = new Ajv2020({ allErrors: true }).compile(schema);
const demoCatalog = JSON.parse(readFileSync(new URL("../../edge/demo/catalog.json", import.meta.url), "utf8"));

/** Ajv's `instancePath` (`/offers/0`) and additional property (`cap`) as the engine's path (`$.offers[0].cap`). */
function enginePath({ instancePath, params }: ErrorObject): string {
  const segments = instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const field = (params as { additionalProperty: string }).additionalProperty;
  return [...segments, field].reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : /^[A-Za-z_$][\w$-]*$/.test(s) ? `${path}.${s}` : `${path}[${JSON.stringify(s)}]`), "$");
}

/** The engine paths of the schema's unknown-field errors for `catalog`. */
function unknownFieldPaths(catalog: unknown): string[] {
  expect(validate(catalog)).toBe(false);
  return validate.errors!.filter((e) => e.keyword === "additionalProperties").map(enginePath);
}

const accepts = (catalog: unknown): boolean => {
  try {
    compileCatalog(catalog);
    return true;
  } catch (error) {
    if (error instanceof CatalogError) return false;
    throw error;
  }
};

describe("the catalog's JSON Schema (@edgewise/decision-engine/schema)", () => {
  it("is a draft 2020-12 schema that Ajv compiles in strict mode", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["$id"]).toBe("https://edgewise.dev/catalog.schema.json");
    expect(schema["title"]).toBe("Edgewise catalog");
    expect(typeof schema["description"]).toBe("string");
    expect(catalogJsonSchema()).toEqual(schema);
    expect(catalogJsonSchema()).not.toBe(schema);
  });

  it("has a closed object with a described property for each field of FIELDS and STEPS", () => {
    const objects: [string, Schema, object][] = [
      ["Catalog", schema, FIELDS.Catalog],
      ...Object.entries(FIELDS).filter(([kind]) => kind !== "Catalog").map(([kind, fields]) => [kind, schema["$defs"][kind], fields] as [string, Schema, object]),
      ...Object.entries(STEPS).map(([kind, fields]) => [kind, schema["$defs"][`${kind.replace(/(?:^|_)(\w)/g, (_, c: string) => c.toUpperCase())}Step`], fields] as [string, Schema, object]),
    ];
    for (const [kind, object, fields] of objects) {
      expect(object, kind).toMatchObject({ type: "object", additionalProperties: false });
      expect(object["description"], kind).toMatch(/\w/);
      expect(Object.keys(object["properties"]), kind).toEqual(Object.keys(fields));
      for (const [field, property] of Object.entries(object["properties"] as Schema)) expect(property["description"], `${kind}.${field}`).toMatch(/\w/);
    }
  });

  it("requires what the engine requires", () => {
    const required = (kind: string) => schema["$defs"][kind]["required"];
    expect(schema["required"]).toEqual(["placements", "offers"]);
    expect(required("Placement")).toEqual(["id", "format"]);
    expect(required("Offer")).toEqual(["id", "placements"]);
    expect(required("Cap")).toEqual(["event", "limit", "period"]);
    expect(required("Trigger")).toEqual(["event"]);
    expect(required("Message")).toEqual(["layout"]);
    expect(required("Button")).toEqual(["label", "action"]);
    expect(required("Action")).toEqual(["type"]);
    expect(required("Audience")).toEqual(["id", "rule"]);
    expect(required("Journey")).toEqual(["id", "trigger", "steps"]);
    expect(required("WaitFor")).toEqual(["event", "timeout"]);
    // A campaign's one offer or action is the engine's check.
    expect(required("Campaign")).toEqual(["id", "audience", "schedule"]);
    expect(required("Webhook")).toEqual(["id", "url"]);
    expect(required("Forwarding")).toEqual(["id", "url"]);
    expect(required("WebhookAction")).toEqual(["webhook", "body"]);
    expect(required("ActionStep")).toEqual(["action"]);
    expect(required("CampaignSchedule")).toEqual(["start", "end"]);
    expect(schema["$defs"]["Schedule"]["required"]).toBeUndefined();
    expect(schema["$defs"]["Ranking"]["required"]).toBeUndefined();
  });

  it("lists the enums", () => {
    const defs = schema["$defs"];
    expect(defs.Placement.properties.format.enum).toEqual(["html", "json", "message", "text"]);
    expect(defs.Message.properties.layout.enum).toEqual(["modal", "banner", "slideup", "fullscreen", "inline", "html"]);
    expect(defs.Action.properties.type.enum).toEqual(["url", "dismiss", "deeplink", "custom"]);
    expect(defs.Cap.properties.period.enum).toEqual(["day", "week", "month", "lifetime"]);
    expect(defs.Cap.properties.scope.enum).toEqual(["profile", "global"]);
    expect(defs.Ranking.properties.strategy.enum).toEqual(["priority", "score"]);
    expect(defs.WaitFor.properties.on_timeout.enum).toEqual(ENUMS.onTimeout);
    expect(defs.Message.properties.dir.enum).toEqual(ENUMS.direction);
  });

  it("makes steps one of the closed step objects, and rules any JSON", () => {
    expect(schema["$defs"].Step.oneOf).toEqual(["Wait", "WaitFor", "If", "Message", "Action", "Set", "End"].map((s) => ({ $ref: `#/$defs/${s}Step` })));
    expect(schema["$defs"].Rule).toEqual({ description: expect.any(String) });
    for (const rule of [{}, true, 1, "x", null, [1], { and: [{ audience: "vip" }] }]) {
      const catalog = fullCatalog();
      catalog.offers[0].eligibility = rule;
      expect(validate(catalog), JSON.stringify(rule)).toBe(true);
    }
  });

  it("accepts the demo catalog, the full catalog, and every fixture catalog that compileCatalog accepts", () => {
    for (const [name, catalog] of [["edge/demo/catalog.json", demoCatalog], ["fullCatalog()", fullCatalog()], ...fixtures.cases.map((c) => [c.name, c.catalog])] as [string, unknown][]) {
      if (!accepts(catalog)) continue;
      expect(validate(catalog) ? [] : validate.errors, name).toEqual([]);
    }
    expect(accepts(demoCatalog)).toBe(true);
    expect(fixtures.cases.filter((c) => accepts(c.catalog)).length).toBe(fixtures.cases.length);
  });

  it.each(UNKNOWN_FIELD_CASES.map((c) => [c.kind, c.path, c] as const))("rejects an unknown field in a %s at the engine's path (%s)", (_kind, path, { change }) => {
    const catalog = fullCatalog();
    change(catalog);
    expect(unknownFieldPaths(catalog)).toContain(path);
  });

  it("rejects unknown fields of several kinds at once, each at the engine's path", () => {
    const catalog: AnyCatalog = fullCatalog();
    catalog.colour = "blue";
    catalog.placements[0].channel = "web";
    catalog.offers[0].category = "shoes";
    catalog.offers[0].caps[0].per = "day";
    catalog.offers[1].message.subtitle = "x";
    catalog.offers[1].message.buttons[1].action.target = "_blank";
    catalog.ranking.msgs.boost = 2;
    catalog.audiences[0].title = "x";
    catalog.journeys[0].trigger.after = "PT1H";
    catalog.journeys[0].steps[0].then = [];
    catalog.journeys[0].steps[1].then[0].metadata = {};
    catalog.journeys[0].steps[2].wait_for.on_timout = "exit";
    catalog.campaigns[0].schedule.timezone = "UTC";
    let enginePaths: string[] = [];
    try {
      compileCatalog(catalog);
    } catch (error) {
      enginePaths = (error as CatalogError).errors.filter((e) => e.message.startsWith("unknown field")).map((e) => e.path);
    }
    expect(enginePaths).toHaveLength(13);
    const schemaPaths = new Set(unknownFieldPaths(catalog));
    expect([...enginePaths].filter((path) => !schemaPaths.has(path))).toEqual([]);
    // Beyond those, only the step kinds that did not match (oneOf) report the step's own kind key.
    const stepKeys = Object.values(STEPS).flatMap((fields) => Object.keys(fields));
    const others = [...schemaPaths].filter((path) => !enginePaths.includes(path));
    expect(others.filter((path) => !/\.steps\[\d+\](\.then\[\d+\])?\.\w+$/.test(path) || !stepKeys.includes(path.split(".").pop()!))).toEqual([]);
  });

  it("rejects wrong types, enums and missing required fields", () => {
    const cases: [(c: AnyCatalog) => void, string, string][] = [
      [(c) => (c.placements[0].format = "video"), "/placements/0/format", "enum"],
      [(c) => delete c.offers[0].placements, "/offers/0", "required"],
      [(c) => (c.offers[0].caps[0].limit = -1), "/offers/0/caps/0/limit", "minimum"],
      [(c) => (c.offers[0].schedule.start = "2026-03-01T00:00:00"), "/offers/0/schedule/start", "pattern"],
      [(c) => (c.ranking.hero.limit = 51), "/ranking/hero/limit", "maximum"],
      [(c) => (c.journeys[0].reentry = "weekly"), "/journeys/0/reentry", "anyOf"],
      [(c) => (c.journeys[0].steps[0].wait = "30 minutes"), "/journeys/0/steps/0/wait", "pattern"],
      [(c) => (c.journeys[0].steps[3].end = false), "/journeys/0/steps/3/end", "const"],
      [(c) => (c.fallbacks.hero = ""), "/fallbacks/hero", "minLength"],
      [(c) => (c.webhooks[0].perSecond = 0), "/webhooks/0/perSecond", "minimum"],
      [(c) => (c.forwarding[0].batch = 1001), "/forwarding/0/batch", "maximum"],
      [(c) => (c.forwarding[0].perSecond = 1.5), "/forwarding/0/perSecond", "type"],
      [(c) => (c.webhooks[0].secret = "sk_live_abc"), "/webhooks/0/secret", "pattern"],
      [(c) => (c.webhooks[0].secret = "ADMIN_KEY"), "/webhooks/0/secret", "not"],
      [(c) => (c.webhooks[0].timeout = "30 seconds"), "/webhooks/0/timeout", "pattern"],
      [(c) => delete c.journeys[0].steps[1].then[1].action.body, "/journeys/0/steps/1/then/1/action", "required"],
      [(c) => (c.forwarding[0].events = [""]), "/forwarding/0/events/0", "minLength"],
    ];
    for (const [change, instancePath, keyword] of cases) {
      const catalog = fullCatalog();
      change(catalog);
      expect(validate(catalog)).toBe(false);
      expect(validate.errors!.map((e) => [e.instancePath, e.keyword])).toContainEqual([instancePath, keyword]);
      expect(accepts(catalog), instancePath).toBe(false);
    }
  });

  it("reads instants and durations as the engine does", () => {
    const ok = (field: "start" | "wait", value: string) => {
      const catalog = fullCatalog();
      if (field === "start") catalog.offers[0].schedule.start = value;
      else catalog.journeys[0].steps[0].wait = value;
      return validate(catalog);
    };
    for (const instant of ["2026-03-01", "2026-03-01T00:00Z", "2026-03-01T09:30:00-03:00", "2026-03-01t09:30:00.123+0530", "2026-03-01 09:30:00,5z"]) expect(ok("start", instant), instant).toBe(true);
    for (const instant of ["2026-03-01T00:00:00", "01/03/2026", "2026-3-1"]) expect(ok("start", instant), instant).toBe(false);
    for (const duration of ["P7D", "PT30M", "P1Y2M3DT4H5M6.5S", "P2W", "PT0,5S"]) expect(ok("wait", duration), duration).toBe(true);
    for (const duration of ["P", "PT", "7 days", "P1DT"]) expect(ok("wait", duration), duration).toBe(false);
  });
});

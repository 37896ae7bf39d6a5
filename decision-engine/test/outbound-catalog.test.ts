import { Ajv2020 } from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import type { FIELDS } from "../src/decide/fields.ts";
import type { CampaignJson, ForwardingJson, JourneyJson, WebhookActionJson, WebhookJson } from "../src/index.ts";
import { CatalogError, catalogWarnings, clientRuleset, compileActionBody, compileCatalog, compileRuleset, JOURNEY_LIMITS, type CatalogProblem } from "../src/index.ts";
import { catalogJsonSchema } from "../src/schema/index.ts";

// Typed loosely on purpose: the tests break the catalog in ways its types do not allow.
type AnyCatalog = Record<string, any>;

const schedule = { start: "2026-06-01T00:00:00Z", end: "2026-07-01T00:00:00Z" };

/** Outbound destinations, an action step in a journey and in a branch, an action campaign and an offer campaign. */
function outboundCatalog(): AnyCatalog {
  return {
    placements: [{ id: "msgs", surface: "web://shop.example", format: "message" }],
    offers: [
      { id: "reminder", placements: ["msgs"], message: { layout: "banner", body: "Your cart misses you" } },
      { id: "promo", placements: ["msgs"], message: { layout: "banner", body: "10% off" } },
    ],
    audiences: [{ id: "vip", rule: { ">=": [{ var: "profile.ltv" }, 100] } }],
    webhooks: [{ id: "esp", url: "https://esp.example/send", secret: "ESP_WEBHOOK_SECRET", perSecond: 50, timeout: "PT10S", metadata: { owner: "crm" } }],
    forwarding: [{ id: "warehouse", url: "https://collector.example/edgewise", secret: "WAREHOUSE_SECRET", events: ["display", "interact", "conversion"], batch: 100 }],
    journeys: [
      {
        id: "abandoned-cart",
        trigger: { event: "cart.add" },
        steps: [
          { wait: "PT30M" },
          { action: { webhook: "esp", body: { to: "{{profile.email}}", subject: "Hi {{profile.firstName | default: 'there'}}", tags: ["cart", 1, null] } } },
          { if: { audience: "vip" }, then: [{ message: "reminder" }], else: [{ action: { webhook: "esp", body: "plain {{event.name}}" } }] },
        ],
      },
    ],
    campaigns: [
      { id: "winback", audience: "vip", action: { webhook: "esp", body: { template: "winback", to: "{{profile.email}}" } }, schedule },
      { id: "spring", audience: "vip", offer: "promo", schedule },
    ],
  };
}

function problems(catalog: unknown, compile: (json: unknown) => unknown = compileCatalog): CatalogProblem[] {
  try {
    compile(catalog);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return [...(error as CatalogError).errors];
  }
  return [];
}

/** The problems of the outbound catalog after `change`. */
const after = (change: (catalog: AnyCatalog) => void): CatalogProblem[] => {
  const catalog = outboundCatalog();
  change(catalog);
  return problems(catalog);
};

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type FieldsOf<K extends keyof typeof FIELDS> = keyof (typeof FIELDS)[K];

describe("outbound catalogs: webhooks, forwarding, action steps and action campaigns", () => {
  it("the types have exactly the fields of FIELDS", () => {
    const same: true[] = [
      true satisfies Same<keyof WebhookJson, FieldsOf<"Webhook">>,
      true satisfies Same<keyof ForwardingJson, FieldsOf<"Forwarding">>,
      true satisfies Same<keyof WebhookActionJson, FieldsOf<"WebhookAction">>,
      true satisfies Same<keyof CampaignJson, FieldsOf<"Campaign">>,
      true satisfies Same<keyof JourneyJson, FieldsOf<"Journey">>,
    ];
    expect(same).not.toContain(false);
  });

  it("compiles a catalog with webhooks, forwarding, action steps (one in a branch) and an action campaign", () => {
    const compiled = compileCatalog(outboundCatalog());
    expect(compiled.source.webhooks?.[0]?.id).toBe("esp");
    expect(compiled.source.forwarding?.[0]?.events).toEqual(["display", "interact", "conversion"]);
    // Only the campaign with an offer, and the message step, make offers orchestrated.
    expect([...compiled.offers.values()].filter((o) => o.orchestrated).map((o) => o.id)).toEqual(["reminder", "promo"]);
    expect(catalogWarnings(outboundCatalog(), [])).toEqual([]);
  });

  it("accepts the bounds and the optional fields' absence", () => {
    expect(
      after((c) => {
        c.webhooks = [
          { id: "min", url: "http://localhost:8787/hook", perSecond: 1, timeout: "PT0.001S" },
          { id: "max", url: `https://esp.example/${"a".repeat(2048 - 21)}`, secret: "A", perSecond: 1000, timeout: "PT30S" },
          { id: "esp", url: "HTTPS://ESP.EXAMPLE:8443/send?x=1#y", secret: `A${"_9".repeat(31)}B` },
        ];
        c.forwarding = [{ id: "all", url: "https://collector.example" }, { id: "one", url: "https://c.example", events: [], batch: 1000 }];
      }),
    ).toEqual([]);
    expect(`https://esp.example/${"a".repeat(2048 - 21)}`).toHaveLength(2047);
  });

  it.each([
    ["javascript:alert(1)"],
    ["ftp://x"],
    ["data:text/plain,hi"],
    ["/relative"],
    ["//esp.example/send"],
    ["not a url"],
    [""],
    [5],
    [null],
    [["https://esp.example"]],
    [`https://esp.example/${"a".repeat(2048)}`],
  ])("refuses the webhook url %j", (url) => {
    expect(after((c) => (c.webhooks[0].url = url))).toEqual([{ path: "$.webhooks[0].url", message: "must be an http(s) URL without user name or password, at most 2048 characters" }]);
  });

  it.each([["https://user:pw@esp.example/send"], ["https://user@esp.example"], ["https://:pw@esp.example"]])("refuses credentials in a url: %s", (url) => {
    expect(after((c) => (c.forwarding[0].url = url))).toEqual([{ path: "$.forwarding[0].url", message: "must be an http(s) URL without user name or password, at most 2048 characters" }]);
  });

  it("needs a url", () => {
    expect(after((c) => delete c.webhooks[0].url)).toEqual([{ path: "$.webhooks[0].url", message: "must be an http(s) URL without user name or password, at most 2048 characters" }]);
  });

  it.each([["sk_live_abc"], ["esp_secret"], ["1SECRET"], ["_SECRET"], ["ESP-SECRET"], [""], [`A${"B".repeat(64)}`], [5], [["ESP_WEBHOOK_SECRET"]], [null]])(
    "refuses a secret that is not a Worker secret's name: %j",
    (secret) => {
      expect(after((c) => (c.webhooks[0].secret = secret))).toEqual([{ path: "$.webhooks[0].secret", message: "must name a Worker secret (A-Z, 0-9, _), never hold its value" }]);
    },
  );

  it.each([["ADMIN_KEY"], ["TOKEN_SECRET"], ["CLIENT_KEYS"], ["IDENTITY_SECRET"], ["SNAPSHOT_SIGNING_SECRET"]])("refuses the edge's own secret %s", (secret) => {
    expect(after((c) => (c.forwarding[0].secret = secret))).toEqual([{ path: "$.forwarding[0].secret", message: "names one of the edge's own secrets" }]);
  });

  it.each([[0], [1001], [1.5], [-1], ["5"], [null]])("refuses perSecond %j, and batch", (value) => {
    const message = "must be an integer from 1 to 1000";
    expect(after((c) => (c.webhooks[0].perSecond = value))).toEqual([{ path: "$.webhooks[0].perSecond", message }]);
    expect(after((c) => (c.forwarding[0].perSecond = value))).toEqual([{ path: "$.forwarding[0].perSecond", message }]);
    expect(after((c) => (c.forwarding[0].batch = value))).toEqual([{ path: "$.forwarding[0].batch", message }]);
  });

  it.each([["PT1M"], ["PT30.001S"], ["PT0S"], ["P0D"], ["P1M"], ["P1D"], ["soon"], [30], [null]])("refuses the timeout %j", (timeout) => {
    expect(after((c) => (c.webhooks[0].timeout = timeout))).toEqual([{ path: "$.webhooks[0].timeout", message: "must be an ISO-8601 duration above zero, at most PT30S" }]);
  });

  it("reads forwarding events as a list of event names", () => {
    for (const events of ["display", [""], ["display", 1], {}, null]) {
      expect(after((c) => (c.forwarding[0].events = events))).toEqual([{ path: "$.forwarding[0].events", message: "must be an array of event names" }]);
    }
  });

  it("makes ids unique across webhooks and forwarding together", () => {
    const message = "must be a unique, non-empty string";
    expect(after((c) => (c.forwarding[0].id = "esp"))).toEqual([{ path: "$.forwarding[0].id", message }]);
    expect(after((c) => c.webhooks.push({ id: "esp", url: "https://b.example" }))).toEqual([{ path: "$.webhooks[1].id", message }]);
    expect(after((c) => (c.webhooks[0].id = ""))).toEqual([
      { path: "$.webhooks[0].id", message },
      { path: "$.journeys[0].steps[1].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.journeys[0].steps[2].else[0].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.campaigns[0].action.webhook", message: 'unknown webhook "esp"' },
    ]);
    // Journeys, campaigns and destinations are separate namespaces.
    expect(after((c) => (c.webhooks[0].id = c.journeys[0].id = c.campaigns[0].id = "same"))).toEqual([
      { path: "$.journeys[0].steps[1].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.journeys[0].steps[2].else[0].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.campaigns[0].action.webhook", message: 'unknown webhook "esp"' },
    ]);
  });

  it("reports unknown fields with suggestions", () => {
    expect(
      after((c) => {
        c.webhooks[0].perSecnd = 5;
        c.webhooks[0].headers = {};
        c.forwarding[0].batchSize = 10;
        c.journeys[0].steps[1].action.bdy = {};
        c.journeys[0].steps[1].delay = "PT1M";
        c.campaigns[0].action.metadata = {};
      }),
    ).toEqual([
      { path: "$.webhooks[0].perSecnd", message: 'unknown field (did you mean "perSecond"?)' },
      { path: "$.webhooks[0].headers", message: "unknown field" },
      { path: "$.forwarding[0].batchSize", message: 'unknown field (did you mean "batch"?)' },
      { path: "$.journeys[0].steps[1].delay", message: "unknown field" },
      { path: "$.journeys[0].steps[1].action.bdy", message: 'unknown field (did you mean "body"?)' },
      { path: "$.campaigns[0].action.metadata", message: "unknown field" },
    ]);
  });

  it("an action names a webhook of webhooks (a forwarding destination is not one)", () => {
    expect(after((c) => (c.journeys[0].steps[1].action.webhook = "x"))).toEqual([{ path: "$.journeys[0].steps[1].action.webhook", message: 'unknown webhook "x"' }]);
    expect(after((c) => (c.journeys[0].steps[2].else[0].action.webhook = "warehouse"))).toEqual([
      { path: "$.journeys[0].steps[2].else[0].action.webhook", message: 'unknown webhook "warehouse"' },
    ]);
    expect(after((c) => (c.campaigns[0].action.webhook = "warehouse"))).toEqual([{ path: "$.campaigns[0].action.webhook", message: 'unknown webhook "warehouse"' }]);
    expect(after((c) => delete c.webhooks)).toEqual([
      { path: "$.journeys[0].steps[1].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.journeys[0].steps[2].else[0].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.campaigns[0].action.webhook", message: 'unknown webhook "esp"' },
    ]);
  });

  it("an action needs an object with a body", () => {
    expect(after((c) => delete c.journeys[0].steps[1].action.body)).toEqual([{ path: "$.journeys[0].steps[1].action.body", message: "needs a body" }]);
    expect(after((c) => (c.journeys[0].steps[1].action = "esp"))).toEqual([{ path: "$.journeys[0].steps[1].action", message: "must be an object" }]);
    expect(after((c) => (c.campaigns[0].action = null))).toEqual([{ path: "$.campaigns[0].action", message: "must be an object" }]);
    // Any JSON value is a body.
    for (const body of [null, 0, false, "", [], {}, [{ a: [null] }]]) expect(after((c) => (c.journeys[0].steps[1].action.body = body))).toEqual([]);
  });

  it("reports template errors at their path inside the body", () => {
    expect(
      after((c) => {
        c.journeys[0].steps[1].action.body.subject = "Hi {{profile.firstName | uper}}";
        c.journeys[0].steps[1].action.body.tags = ["{{", { x: "{{ a b }}" }];
        c.journeys[0].steps[2].else[0].action.body = "plain {{event.name | number: 99}}";
        c.campaigns[0].action.body.greeting = "{{}}";
      }),
    ).toEqual([
      { path: "$.journeys[0].steps[1].action.body.subject", message: 'unknown filter "uper" at offset 23' },
      { path: "$.journeys[0].steps[1].action.body.tags[0]", message: 'unterminated "{{" at offset 0' },
      { path: "$.journeys[0].steps[1].action.body.tags[1].x", message: 'unexpected "b" at offset 5' },
      { path: "$.journeys[0].steps[2].else[0].action.body", message: 'bad arguments for "number" at offset 19' },
      { path: "$.campaigns[0].action.body.greeting", message: "missing path at offset 2" },
    ]);
  });

  it("counts action steps towards JOURNEY_LIMITS, in branches too", () => {
    const action = { action: { webhook: "esp", body: {} } };
    const steps = (n: number) => Array.from({ length: n }, () => action);
    expect(after((c) => (c.journeys[0].steps = steps(JOURNEY_LIMITS.steps)))).toEqual([]);
    expect(after((c) => (c.journeys[0].steps = steps(JOURNEY_LIMITS.steps + 1)))).toEqual([{ path: `$.journeys[0].steps[${JOURNEY_LIMITS.steps}]`, message: `over ${JOURNEY_LIMITS.steps} steps` }]);
    expect(after((c) => (c.journeys[0].steps = [{ if: true, then: steps(25), else: steps(25) }]))).toEqual([{ path: "$.journeys[0].steps[0].else[24]", message: `over ${JOURNEY_LIMITS.steps} steps` }]);
    expect(after((c) => (c.journeys[0].steps = [{ end: true }, action]))).toEqual([{ path: "$.journeys[0].steps[1]", message: "unreachable after an unconditional end" }]);
  });

  it("a campaign has exactly one of offer and action", () => {
    const message = "needs an offer or an action (not both)";
    expect(after((c) => (c.campaigns[0].offer = "promo"))).toEqual([{ path: "$.campaigns[0]", message }]);
    expect(after((c) => delete c.campaigns[1].offer)).toEqual([{ path: "$.campaigns[1]", message }]);
    expect(after((c) => (c.campaigns[1].offer = "nope"))).toEqual([{ path: "$.campaigns[1].offer", message: 'unknown offer "nope"' }]);
  });

  it("checks the lists' shapes", () => {
    expect(after((c) => (c.webhooks = {}))).toEqual([
      { path: "$.journeys[0].steps[1].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.journeys[0].steps[2].else[0].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.campaigns[0].action.webhook", message: 'unknown webhook "esp"' },
      { path: "$.webhooks", message: "must be an array" },
    ]);
    expect(after((c) => (c.forwarding = [null, "x"]))).toEqual([
      { path: "$.forwarding[0]", message: "must be an object" },
      { path: "$.forwarding[1]", message: "must be an object" },
    ]);
  });
});

describe("outbound parts and the client ruleset", () => {
  it("clientRuleset ships neither webhooks nor forwarding, nor any secret name or destination URL", () => {
    const catalog = outboundCatalog();
    const ruleset = clientRuleset(compileCatalog(catalog));
    const text = JSON.stringify(ruleset);
    expect(Object.keys(ruleset)).not.toContain("webhooks");
    expect(Object.keys(ruleset)).not.toContain("forwarding");
    for (const secret of ["ESP_WEBHOOK_SECRET", "WAREHOUSE_SECRET", "esp.example", "collector.example", "winback"]) expect(text).not.toContain(secret);
    expect(problems(JSON.parse(text), compileRuleset)).toEqual([]);
  });

  it("compileRuleset refuses webhooks and forwarding", () => {
    const ruleset: AnyCatalog = JSON.parse(JSON.stringify(clientRuleset(compileCatalog(outboundCatalog()))));
    ruleset.webhooks = outboundCatalog().webhooks;
    ruleset.forwarding = outboundCatalog().forwarding;
    const message = "a client ruleset has none: journeys, campaigns, webhooks and forwarding run at the edge";
    expect(problems(ruleset, compileRuleset)).toEqual([
      { path: "$.webhooks", message },
      { path: "$.forwarding", message },
    ]);
  });
});

describe("compileActionBody", () => {
  const data = { profile: { email: "ana@example.com", name: "Ana <3" }, event: { name: "cart.add" } };

  it("renders any JSON body's template strings, unescaped with { escape: false }", () => {
    const render = compileActionBody({ to: "{{profile.email}}", subject: "Hi {{profile.name}}", n: 1, list: [null, "{{event.name | upper}}"] });
    expect(render(data, { escape: false })).toEqual({ to: "ana@example.com", subject: "Hi Ana <3", n: 1, list: [null, "CART.ADD"] });
    expect(JSON.stringify(render({}, { escape: false }))).toBe('{"to":"","subject":"Hi ","n":1,"list":[null,""]}');
  });

  it("takes a string body, or a body without templates, as it is", () => {
    expect(compileActionBody("{{profile.email}}")(data, { escape: false })).toBe("ana@example.com");
    const body = { a: [1, { b: null }] };
    expect(compileActionBody(body)(data, { escape: false })).toBe(body);
  });

  it("throws TemplateErrors with paths relative to the body", () => {
    expect(() => compileActionBody({ a: ["{{ x | nope }}"] })).toThrow(expect.objectContaining({ errors: [{ path: ".a[0]", message: 'unknown filter "nope" at offset 5' }] }));
    expect(() => compileActionBody("{{")).toThrow(expect.objectContaining({ errors: [{ path: "", message: 'unterminated "{{" at offset 0' }] }));
  });
});

describe("outbound parts in the JSON Schema", () => {
  const validate = new Ajv2020({ allErrors: true }).compile(catalogJsonSchema());
  const schemaErrors = (change: (catalog: AnyCatalog) => void) => {
    const catalog = outboundCatalog();
    change(catalog);
    validate(catalog);
    return (validate.errors ?? []).map((e) => [e.instancePath, e.keyword, (e.params as { additionalProperty?: string }).additionalProperty]);
  };

  it("accepts the outbound catalog", () => {
    expect(validate(outboundCatalog()) ? [] : validate.errors).toEqual([]);
  });

  it("refuses unknown fields in webhooks, forwarding, actions and action steps", () => {
    expect(schemaErrors((c) => (c.webhooks[0].perSecnd = 1))).toEqual([["/webhooks/0", "additionalProperties", "perSecnd"]]);
    expect(schemaErrors((c) => (c.forwarding[0].batchSize = 1))).toEqual([["/forwarding/0", "additionalProperties", "batchSize"]]);
    expect(schemaErrors((c) => (c.campaigns[0].action.bdy = 1))).toEqual([["/campaigns/0/action", "additionalProperties", "bdy"]]);
    expect(schemaErrors((c) => (c.journeys[0].steps[1].action.bdy = 1))).toContainEqual(["/journeys/0/steps/1/action", "additionalProperties", "bdy"]);
    expect(schemaErrors((c) => (c.journeys[0].steps[1].delay = 1))).toContainEqual(["/journeys/0/steps/1", "additionalProperties", "delay"]);
  });

  it("refuses what it can say: rates, secret names, the edge's secrets, durations", () => {
    expect(schemaErrors((c) => (c.webhooks[0].perSecond = 1001))).toEqual([["/webhooks/0/perSecond", "maximum", undefined]]);
    expect(schemaErrors((c) => (c.forwarding[0].batch = 0))).toEqual([["/forwarding/0/batch", "minimum", undefined]]);
    expect(schemaErrors((c) => (c.webhooks[0].secret = "sk_live_abc"))).toEqual([["/webhooks/0/secret", "pattern", undefined]]);
    expect(schemaErrors((c) => (c.webhooks[0].secret = "TOKEN_SECRET"))).toEqual([["/webhooks/0/secret", "not", undefined]]);
    expect(schemaErrors((c) => (c.webhooks[0].timeout = "10s"))).toEqual([["/webhooks/0/timeout", "pattern", undefined]]);
  });
});

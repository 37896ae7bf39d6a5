// `edgewise import aep`: AEP mobile rulesets converted into catalog offers, then decided by the
// engine. Uses the in-app fixtures of Adobe's SDKs in ../shared/conformance/adobe/aep-rules/
// (without them: skipped with a notice, except in CI, where it fails) and a ruleset written here.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileCatalog, decide } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { convertAepRuleset } from "../src/aep-import.ts";
import { runCli, type CliIo } from "../src/core.ts";

const AEP = fileURLToPath(new URL("../../../shared/conformance/adobe/aep-rules/", import.meta.url));
const IN_APP_FIXTURES = {
  reevaluable: `${AEP}aepsdk-core-ios/AEPCore/Tests/TestResources/rules_reevaluable.json`,
  schema: `${AEP}aepsdk-core-android/code/core/src/test/resources/rules_module_tests/consequence_rules_testSchemaInAppDetailSchema.json`,
};
const present = existsSync(AEP);
if (!present && process.env["CI"]) throw new Error(`the AEP conformance data is missing at ${AEP} (CI needs ../shared beside the checkout)`);
if (!present) console.warn(`skipping the AEP fixtures: ${AEP} not found`);

const NOW = Date.UTC(2026, 11, 3, 12);
const read = (file: string) => JSON.parse(readFileSync(file, "utf8")) as unknown;

describe.skipIf(!present)("import aep: Adobe's in-app fixtures", () => {
  it("converts the HTML in-app message on a track action and decides it on that event", () => {
    const { catalog, unconverted } = convertAepRuleset(read(IN_APP_FIXTURES.reevaluable));
    expect(unconverted).toEqual([]);
    expect(catalog.offers).toEqual([expect.objectContaining({ id: "reevaluable-consequence-id", trigger: { event: "fullscreen" }, message: { layout: "html", html: "<html><body>Reevaluable Message</body></html>" } })]);
    const compiled = compileCatalog(catalog);
    const on = (name: string) => decide(compiled, { now: NOW, profile: { id: "u-1" }, placements: ["aep-messages"], event: { name } }).decisions[0]!.offerId;
    expect(on("fullscreen")).toBe("reevaluable-consequence-id");
    expect(on("other")).toBeNull();
  });

  it("says why a rule on generic events (no track action, no launch) cannot become a trigger", () => {
    const { catalog, unconverted } = convertAepRuleset(read(IN_APP_FIXTURES.schema));
    expect(catalog.offers).toEqual([]);
    expect(unconverted).toEqual([{ path: "$.rules[0].condition", reason: expect.stringContaining("com.adobe.eventtype.generic") }]);
  });
});

describe("import aep: what converts and what does not", () => {
  const ruleset = {
    version: 1,
    rules: [
      {
        condition: { type: "group", definition: { logic: "and", conditions: [
          { type: "matcher", definition: { key: "~type", matcher: "eq", values: ["com.adobe.eventType.lifecycle"] } },
          { type: "matcher", definition: { key: "lifecyclecontextdata.launchevent", matcher: "ex", values: [] } },
          { type: "matcher", definition: { key: "~state.com.adobe.marketing.mobile.UserProfile/userProfileData.tier", matcher: "eq", values: ["gold"] } },
          { type: "matcher", definition: { key: "~timestampu", matcher: "gt", values: [1764547200] } },
          { type: "matcher", definition: { key: "~timestampu", matcher: "lt", values: [1767225600] } },
        ] } },
        consequences: [
          { id: "gold-welcome", type: "schema", detail: { id: "gold-welcome", schema: "https://ns.adobe.com/personalization/message/in-app", data: { content: "<html><body><h1>Welcome back</h1></body></html>", contentType: "text/html" } } },
          { id: "pb-1", type: "pb", detail: { templateurl: "https://collector.example" } },
        ],
      },
      {
        condition: { type: "group", definition: { logic: "and", conditions: [
          { type: "matcher", definition: { key: "~type", matcher: "eq", values: ["com.adobe.eventType.generic.track"] } },
          { type: "matcher", definition: { key: "action", matcher: "eq", values: ["purchase"] } },
          { type: "matcher", definition: { key: "contextdata.total", matcher: "gt", values: [100] } },
        ] } },
        consequences: [{ id: "big-spender", type: "iam", detail: { template: "alert", title: "Thank you!", content: "Free shipping on your next order.", cancel: "Close" } }],
      },
      { condition: { type: "group", definition: { logic: "or", conditions: [] } }, consequences: [{ id: "x", type: "iam", detail: { template: "alert", title: "x" } }] },
      { condition: { type: "historical", definition: { events: [{ "iam.id": "1" }], matcher: "ge", value: 1 } }, consequences: [{ id: "y", type: "iam", detail: { template: "alert", title: "y" } }] },
      { condition: { type: "group", definition: { logic: "and", conditions: [{ type: "matcher", definition: { key: "action", matcher: "eq", values: ["open"] } }] } }, consequences: [{ id: "z", type: "iam", detail: { template: "fullscreen", html: "abc123.html" } }] },
    ],
  };

  it("converts launches with profile attributes and a schedule, track actions with data conditions and alerts; lists the rest", () => {
    const { catalog, unconverted, notes } = convertAepRuleset(ruleset);
    expect(catalog.placements).toEqual([{ id: "aep-messages", format: "message" }]);
    expect(catalog.offers.map((o) => o["id"])).toEqual(["gold-welcome", "big-spender"]);
    expect(catalog.offers[0]).toMatchObject({ trigger: { event: "app.launch" }, eligibility: { "==": [{ var: "profile.tier" }, "gold"] }, schedule: { start: "2025-12-01T00:00:00.000Z", end: "2026-01-01T00:00:00.000Z" } });
    expect(catalog.offers[1]).toMatchObject({ trigger: { event: "purchase", when: { ">": [{ var: "event.properties.total" }, 100] } }, message: { layout: "modal", title: "Thank you!", body: "Free shipping on your next order.", buttons: [{ label: "Close", action: { type: "dismiss" } }] } });
    expect(unconverted.map((u) => u.path)).toEqual(["$.rules[0].consequences[1].type", "$.rules[2].condition.definition.logic", "$.rules[3].condition.type", "$.rules[4].consequences[0].detail.html"]);
    expect(notes.some((n) => /case-insensitively/.test(n.reason))).toBe(true);

    // The result is a valid catalog, and decides as the rules said.
    const compiled = compileCatalog(catalog);
    const purchase = (total: number) => decide(compiled, { now: NOW, profile: { id: "u-1" }, placements: ["aep-messages"], event: { name: "purchase", properties: { total } } }).decisions[0]!.offerId;
    expect(purchase(150)).toBe("big-spender");
    expect(purchase(50)).toBeNull();
    const launch = (tier: string, now: number) => decide(compiled, { now, profile: { id: "u-1", tier }, placements: ["aep-messages"], event: { name: "app.launch" } }).decisions[0]!.offerId;
    expect(launch("gold", Date.UTC(2025, 11, 15))).toBe("gold-welcome");
    expect(launch("silver", Date.UTC(2025, 11, 15))).toBeNull();
    expect(launch("gold", NOW)).toBeNull(); // after the schedule
  });

  it("runs as `edgewise import aep FILE`: the catalog on stdout, what was not converted on stderr", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { fetch: () => Promise.reject(new Error("offline")), readText: async () => JSON.stringify(ruleset), readLines: async function* () {}, out: (t) => out.push(t), err: (t) => err.push(t), env: {} };
    expect(await runCli(["import", "aep", "rules.json", "--placement", "app-messages"], io)).toBe(0);
    expect(JSON.parse(out.join("\n")).placements).toEqual([{ id: "app-messages", format: "message" }]);
    expect(err[0]).toBe("rules.json: 2 offer(s) converted; 4 part(s) not converted");
    expect(err.join("\n")).toContain("not converted: $.rules[3].condition.type");
    expect(await runCli(["import", "aep", "rules.json", "--placement", "bad id!"], io)).toBe(2);
  });
});

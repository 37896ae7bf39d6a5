// Adobe formats at the edge: the Target artifact (admin), Target Delivery API requests answered from
// it with their notifications counted as displays, and the active catalog as an AEP mobile ruleset.
// Tests in this file share storage and run in order: the first ones see no artifact at all.
import { createAepRulesEngine } from "@edgewise/decision-engine/adobe";
import { describe, expect, it } from "vitest";
import artifact from "./fixtures/target/TEST_ARTIFACT_AB_SIMPLE.json" with { type: "json" };
import suite from "./fixtures/target/TEST_SUITE_AB_SIMPLE.ab_execute.json" with { type: "json" };
import { adminHeaders, clientHeaders, eventually, fetchEdge, json, postJson, publish, putJson } from "./helpers.ts";

const DELIVERY = "/v1/adobe/target/delivery";
const ARTIFACT = "/v1/admin/adobe/target-artifact";
const testCase = suite.test.ab_execute;

/** The suite's `expect.any(…)` wildcards as vitest matchers (the suite compares with `toMatchObject`). */
function expected(value: unknown): unknown {
  if (value === "expect.any(Object)") return expect.any(Object);
  if (value === "expect.any(String)") return expect.any(String);
  if (value === "expect.any(Number)") return expect.any(Number);
  if (Array.isArray(value)) return value.map(expected);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v)]));
  return value;
}

describe("before any Target artifact is stored", () => {
  it("delivery and the artifact's version answer 404 no_target_artifact", async () => {
    const delivery = await postJson(DELIVERY, testCase.input);
    expect(delivery.status).toBe(404);
    expect((await json(delivery)).error.code).toBe("no_target_artifact");
    const info = await fetchEdge(ARTIFACT, { headers: adminHeaders() });
    expect(info.status).toBe(404);
    expect((await json(info)).error.code).toBe("no_target_artifact");
  });
});

describe("PUT/GET /v1/admin/adobe/target-artifact", () => {
  it("refuses what the engine cannot use with 400 invalid_artifact", async () => {
    for (const bad of [{ version: "2.0.0", rules: { mboxes: {}, views: {} } }, { version: "1.0.0" }, []]) {
      const response = await putJson(ARTIFACT, bad);
      expect(response.status, JSON.stringify(bad)).toBe(400);
      const { error } = await json(response);
      expect(["invalid_artifact", "invalid_body"]).toContain(error.code);
      expect(typeof error.message).toBe("string");
    }
  });

  it("needs the admin key", async () => {
    const response = await fetchEdge(ARTIFACT, { method: "PUT", headers: clientHeaders(), body: JSON.stringify(artifact) });
    expect(response.status).toBe(401);
  });

  it("stores the artifact (with the suite's client code) and tells its version", async () => {
    const response = await putJson(`${ARTIFACT}?client=${suite.conf.client}`, artifact);
    expect(response.status).toBe(200);
    const stored = await json(response);
    expect(stored).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{16}$/), storedAt: expect.any(String), client: "someClientId" });
    const info = await json(await fetchEdge(ARTIFACT, { headers: adminHeaders() }));
    expect(info).toMatchObject({ version: stored.version, storedAt: stored.storedAt });
  });
});

describe("POST /v1/adobe/target/delivery", () => {
  it("answers as the conformance suite expects (ab_execute)", async () => {
    const response = await postJson(DELIVERY, testCase.input);
    expect(response.status).toBe(200);
    const answer = await json(response);
    expect(answer).toMatchObject(expected(testCase.output) as object);
    expect(answer.execute.mboxes[0]).toMatchObject({ name: "mbox-magician", options: [{ content: { doMagic: true, importantValue: 150 } }] });
  });

  it("takes the bare request too, with CORS for browsers", async () => {
    const response = await postJson(DELIVERY, testCase.input.request, clientHeaders({ origin: "https://shop.example" }));
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeTruthy();
    expect((await json(response)).execute.mboxes[0].name).toBe("mbox-magician");
  });

  it("counts each display notification as a target:<activity> display of the mbox", async () => {
    // The two answers above notified one display each; this one makes three (each notification once).
    const tntId = `${crypto.randomUUID().replaceAll("-", "")}.28_0`;
    const request = { ...testCase.input.request, id: { tntId }, requestId: undefined };
    expect((await postJson(DELIVERY, { request })).status).toBe(200);
    await eventually(async () => ((await displays()) >= 3 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await displays()).toBe(3);
  });

  it("refuses malformed bodies with a 4xx JSON error, never a 5xx", async () => {
    const cases: [unknown, string][] = [
      [[], "$"],
      [{ request: "x" }, "$.request"],
      [{ request: { execute: { mboxes: "hero" } } }, "$.request.execute.mboxes"],
      [{ request: { execute: { mboxes: [{ name: 3 }] } } }, "$.request.execute.mboxes[0].name"],
      [{ request: { context: [] } }, "$.request.context"],
      [{ id: 5 }, "$.id"],
      [{ request: { execute: { mboxes: Array.from({ length: 101 }, (_, i) => ({ name: "m", index: i })) } } }, "$.request.execute.mboxes"],
    ];
    for (const [body, path] of cases) {
      const response = await postJson(DELIVERY, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const { error } = await json(response);
      expect(error).toMatchObject({ code: expect.any(String), message: expect.any(String), path });
    }
    const notJson = await fetchEdge(DELIVERY, { method: "POST", headers: clientHeaders(), body: "{" });
    expect(notJson.status).toBe(400);
    expect((await json(notJson)).error.code).toBe("invalid_json");
    const noKey = await fetchEdge(DELIVERY, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(noKey.status).toBe(401);
  });
});

async function displays(): Promise<number> {
  const stats = await json(await fetchEdge("/v1/admin/stats?offerId=target:125873", { headers: adminHeaders() }));
  const row = (stats.offers as { offerId: string; placement: string; display: number }[]).find((o) => o.placement === "mbox-magician");
  return row?.display ?? 0;
}

describe("GET /v1/adobe/aep-rules", () => {
  const catalog = {
    placements: [{ id: "app-messages", format: "message" }, { id: "home", format: "json" }],
    audiences: [{ id: "big-spender", rule: { ">": [{ var: "event.properties.total" }, 100] } }],
    offers: [
      { id: "thanks", placements: ["app-messages"], trigger: { event: "purchase" }, message: { layout: "modal", title: "Thanks <friend>", body: "Fish & chips" } },
      { id: "launch-promo", placements: ["app-messages"], trigger: { event: "app.launch" }, message: { layout: "html", html: "<html><body>Hi</body></html>" } },
      { id: "vip-thanks", placements: ["app-messages"], trigger: { event: "purchase" }, eligibility: { audience: "big-spender" }, message: { layout: "modal", title: "VIP" } },
      { id: "hero", placements: ["home"], content: { title: "Hello" } },
    ],
  };

  it("serves the convertible offers as AEP rules, counts the others, with an ETag and 304", async () => {
    const { version } = await publish(catalog);
    const response = await fetchEdge("/v1/adobe/aep-rules", { headers: clientHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${version}"`);
    expect(response.headers.get("x-edgewise-skipped")).toBe("2");
    const ruleset = await json(response);
    expect(Object.keys(ruleset).sort()).toEqual(["rules", "version"]);
    expect(ruleset.version).toBe(1);
    expect(ruleset.rules).toHaveLength(2);
    const [thanks, launch] = ruleset.rules;
    expect(thanks.condition).toEqual({
      type: "group",
      definition: {
        logic: "and",
        conditions: [
          { type: "matcher", definition: { key: "~type", matcher: "eq", values: ["com.adobe.eventType.generic.track"] } },
          { type: "matcher", definition: { key: "~source", matcher: "eq", values: ["com.adobe.eventSource.requestContent"] } },
          { type: "matcher", definition: { key: "action", matcher: "eq", values: ["purchase"] } },
        ],
      },
    });
    const detail = thanks.consequences[0].detail;
    expect(detail.schema).toBe("https://ns.adobe.com/personalization/message/in-app");
    expect(detail.data.contentType).toBe("text/html");
    expect(detail.data.content).toContain("Thanks &#60;friend&#62;");
    expect(detail.data.content).toContain("Fish &#38; chips");
    expect(launch.condition.definition.conditions).toEqual([
      { type: "matcher", definition: { key: "~type", matcher: "eq", values: ["com.adobe.eventType.lifecycle"] } },
      { type: "matcher", definition: { key: "lifecyclecontextdata.launchevent", matcher: "ex", values: [] } },
    ]);
    expect(launch.consequences[0].detail.data.content).toBe("<html><body>Hi</body></html>");

    const again = await fetchEdge("/v1/adobe/aep-rules", { headers: clientHeaders({ "if-none-match": `"${version}"` }) });
    expect(again.status).toBe(304);
  });

  it("serves rules the AEP rules engine evaluates on a matching track event", async () => {
    const ruleset = await json(await fetchEdge("/v1/adobe/aep-rules", { headers: clientHeaders() }));
    const engine = createAepRulesEngine(ruleset);
    const track = (action: string) => ({ name: "track", type: "com.adobe.eventType.generic.track", source: "com.adobe.eventSource.requestContent", data: { action } });
    const matched = engine.evaluate(track("Purchase"));
    expect(matched.map((c) => c.id)).toEqual(["thanks"]);
    expect(engine.evaluate(track("browse"))).toEqual([]);
    const launch = engine.evaluate({ name: "launch", type: "com.adobe.eventType.lifecycle", source: "com.adobe.eventSource.responseContent", data: { lifecyclecontextdata: { launchevent: "LaunchEvent" } } });
    expect(launch.map((c) => c.id)).toEqual(["launch-promo"]);
  });
});

import { clientRuleset, compileCatalog } from "@edgewise/decision-engine";
import { describe, expect, it } from "vitest";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, clientHeaders, decide, fetchEdge, publish, putJson, json } from "./helpers.ts";

// Tests in this file share storage and run in order: the first ones see no catalog at all.

describe("before any catalog is published", () => {
  it("GET /v1/admin/catalog and /v1/ruleset answer 404", async () => {
    expect((await fetchEdge("/v1/admin/catalog", { headers: adminHeaders() })).status).toBe(404);
    const ruleset = await fetchEdge("/v1/ruleset", { headers: clientHeaders() });
    expect(ruleset.status).toBe(404);
    expect((await json(ruleset)).error.code).toBe("no_active_catalog");
  });

  it("decide answers every placement with null", async () => {
    const result = await decide({ anonymousId: "a", placements: ["home-hero", "banner"] });
    expect(result.catalogVersion).toBeNull();
    expect(result.decisions.map((d) => [d.placement, d.offerId, d.fallback])).toEqual([
      ["home-hero", null, false],
      ["banner", null, false],
    ]);
    for (const decision of result.decisions) expect(typeof decision.token).toBe("string");
  });
});

describe("PUT/GET /v1/admin/catalog", () => {
  it("publishes a valid catalog and reads it back", async () => {
    const catalog = testCatalog();
    const published = await publish(catalog);
    expect(published).toMatchObject({ version: expect.stringMatching(/^[0-9a-f]{16}$/), previous: null });
    const read = await fetchEdge("/v1/admin/catalog", { headers: adminHeaders() });
    expect(read.status).toBe(200);
    expect(await json(read)).toMatchObject({ version: published.version, catalog });
  });

  it("keeps the version when the same catalog is published again", async () => {
    const first = await publish(testCatalog());
    const again = await publish(testCatalog());
    expect(again.version).toBe(first.version);
  });

  it("rejects an invalid catalog whole and keeps the active one", async () => {
    const active = await publish(testCatalog());
    const broken = testCatalog();
    (broken.offers[0] as Record<string, unknown>)["eligibility"] = { nope: [1] };
    (broken.offers[1] as Record<string, unknown>)["priority"] = "high";
    const response = await putJson("/v1/admin/catalog", broken);
    expect(response.status).toBe(400);
    const { error } = (await json(response)) as { error: { errors: { path: string; message: string }[] } };
    expect(error.errors.length).toBeGreaterThanOrEqual(2);
    expect(error.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\$\.offers\[0\]\.eligibility/), "$.offers[1].priority"]),
    );
    const read = await json(await fetchEdge("/v1/admin/catalog", { headers: adminHeaders() }));
    expect(read.version).toBe(active.version);
  });

  it("records the previous version on a new publish", async () => {
    const first = await publish(testCatalog());
    const second = await publish(testCatalog({ vipCapLimit: 7 }));
    expect(second.version).not.toBe(first.version);
    expect(second).toMatchObject({ previous: first.version });
    expect((await decide({ anonymousId: "a", placements: ["home-hero"] })).catalogVersion).toBe(second.version);
  });
});

describe("GET /v1/ruleset", () => {
  it("serves the client ruleset with a strong ETag, and 304 for If-None-Match", async () => {
    const catalog = testCatalog({ globalLimit: 9 });
    const { version } = await publish(catalog);
    const response = await fetchEdge("/v1/ruleset", { headers: clientHeaders() });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${version}"`);
    expect(await json(response)).toEqual(JSON.parse(JSON.stringify(clientRuleset(compileCatalog(catalog)))));

    for (const ifNoneMatch of [`"${version}"`, `W/"${version}"`, `"other", "${version}"`, "*"]) {
      const cached = await fetchEdge("/v1/ruleset", { headers: clientHeaders({ "if-none-match": ifNoneMatch }) });
      expect(cached.status, ifNoneMatch).toBe(304);
      expect(cached.headers.get("etag")).toBe(`"${version}"`);
      expect(await cached.text()).toBe("");
    }
  });

  it("answers 200 with the new ETag after a publish", async () => {
    const { version: old } = await publish(testCatalog({ globalLimit: 10 }));
    const { version } = await publish(testCatalog({ globalLimit: 11 }));
    const response = await fetchEdge("/v1/ruleset", { headers: clientHeaders({ "if-none-match": `"${old}"` }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("etag")).toBe(`"${version}"`);
  });
});

// DESIGN.md, "Catalog strictness and versions": versions, reading one, rollback, audience warnings.
import { describe, expect, it } from "vitest";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, decide, fetchEdge, importSnapshot, json, postJson, publish, putJson, uid } from "./helpers.ts";

const versions = async () => json(await fetchEdge("/v1/admin/catalog/versions", { headers: adminHeaders() }));
const activate = (version: string) => fetchEdge(`/v1/admin/catalog/versions/${version}/activate`, { method: "POST", headers: adminHeaders() });

/** testCatalog with the hero's fallback text changed, so each call is a new version. */
function variant(text: string) {
  const catalog = testCatalog();
  (catalog.offers.find((o) => o.id === "default-hero") as { content: unknown }).content = { html: `<p>${text}</p>` };
  return catalog;
}

describe("catalog versions", () => {
  it("lists versions newest first with their counts, reads any kept one, and rolls back", async () => {
    const a = await publish(variant(uid("a")));
    const b = await publish(variant(uid("b")));
    const listed = await versions();
    expect(listed.active).toMatchObject({ version: b.version, previous: a.version });
    expect(listed.versions.slice(0, 2)).toEqual([
      { version: b.version, publishedAt: expect.any(String), offers: 6, placements: 4 },
      { version: a.version, publishedAt: expect.any(String), offers: 6, placements: 4 },
    ]);
    const old = await json(await fetchEdge(`/v1/admin/catalog?version=${a.version}`, { headers: adminHeaders() }));
    expect(old).toMatchObject({ version: a.version, active: false, catalog: { offers: expect.any(Array) } });

    const rolledBack = await json(await activate(a.version));
    expect(rolledBack).toEqual({ version: a.version, publishedAt: listed.versions[1].publishedAt, previous: b.version, activatedAt: expect.any(String) });
    expect((await decide({ anonymousId: uid(), placements: ["home-hero"] })).catalogVersion).toBe(a.version);
    expect((await versions()).active).toMatchObject({ version: a.version, previous: b.version });
    // Forward again.
    expect((await json(await activate(b.version))).version).toBe(b.version);
    expect((await decide({ anonymousId: uid(), placements: ["home-hero"] })).catalogVersion).toBe(b.version);
  });

  it("answers 404 for a version it does not have", async () => {
    const response = await activate("0000000000000000");
    expect(response.status).toBe(404);
    expect((await json(response)).error.code).toBe("unknown_version");
    expect((await fetchEdge("/v1/admin/catalog?version=nope", { headers: adminHeaders() })).status).toBe(404);
  });

  it("keeps the last 50 versions (and deletes older ones)", async () => {
    const first = await publish(variant(uid("first")));
    for (let i = 0; i < 50; i++) await publish(variant(uid(`v${i}`)));
    const listed = await versions();
    expect(listed.versions).toHaveLength(50);
    expect(listed.versions.some((v: { version: string }) => v.version === first.version)).toBe(false);
    expect((await activate(first.version)).status).toBe(404);
  });
});

describe("audience warnings", () => {
  it("publishes a catalog naming an unknown audience, with a warning at its path", async () => {
    await importSnapshot(uid("aud"), [{ profileId: "w-1", audiences: ["vip"] }]); // header audiences: vip, new
    const catalog = testCatalog();
    (catalog.offers[1] as Record<string, unknown>)["eligibility"] = { audience: "churn-riks" };
    (catalog as Record<string, unknown>)["audiences"] = [{ id: "churn-risk-rt", rule: { ">": [{ var: "profile.ltv" }, 1] } }];
    const response = await putJson("/v1/admin/catalog", catalog);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.warnings).toEqual([{ path: "$.offers[1].eligibility.audience", message: expect.stringContaining('unknown audience "churn-riks"') }]);
    // The same check without publishing.
    const checked = await json(await postJson("/v1/admin/catalog/validate", catalog, adminHeaders()));
    expect(checked).toEqual({ valid: true, warnings: body.warnings });
    // A known audience (snapshot header) or a real-time one warns about nothing.
    (catalog.offers[1] as Record<string, unknown>)["eligibility"] = { or: [{ audience: "new" }, { audience: "churn-risk-rt" }] };
    expect((await json(await putJson("/v1/admin/catalog", catalog))).warnings).toEqual([]);
  });

  it("validate refuses an invalid catalog with every error, without publishing", async () => {
    const active = (await versions()).active.version;
    const catalog = testCatalog();
    (catalog.offers[0] as Record<string, unknown>)["eligibilty"] = { audience: "vip" };
    const response = await postJson("/v1/admin/catalog/validate", catalog, adminHeaders());
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "invalid_catalog", errors: [{ path: "$.offers[0].eligibilty", message: 'unknown field (did you mean "eligibility"?)' }] });
    expect((await versions()).active.version).toBe(active);
  });
});

describe("GET /v1/catalog.schema.json", () => {
  it("serves the engine's JSON Schema, publicly, closed like the catalog itself", async () => {
    const response = await fetchEdge("/v1/catalog.schema.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/schema\+json/);
    const schema = await json(response);
    expect(schema).toMatchObject({ $schema: "https://json-schema.org/draft/2020-12/schema", type: "object", additionalProperties: false });
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["placements", "offers", "journeys", "campaigns", "metadata"]));
  });
});

describe("catalogs stored before fields were closed", () => {
  it("still decide after an upgrade: their unknown fields are ignored, as they were when published", async () => {
    const { env } = await import("cloudflare:workers");
    const { activeCatalogPointer } = await import("../src/adapters/kv/catalog-store.ts");
    const legacy = testCatalog();
    (legacy as Record<string, unknown>)["notes"] = "an operator's field, accepted before";
    (legacy.offers[1] as Record<string, unknown>)["colour"] = "green";
    const version = "1e6acy0000000000";
    const stored = { version, publishedAt: new Date().toISOString(), previous: null, catalog: legacy };
    await env.CATALOGS.put(`catalog:${version}`, JSON.stringify(stored));
    const response = await activate(version);
    expect(response.status).toBe(200);
    activeCatalogPointer.invalidate();
    const result = await decide({ anonymousId: uid(), placements: ["home-hero"], context: { geo: { country: "BR" } } });
    expect(result).toMatchObject({ catalogVersion: version, decisions: [{ offerId: "brazil" }] });
    // Publishing it again now names what to fix.
    const republished = await putJson("/v1/admin/catalog", legacy);
    expect(republished.status).toBe(400);
    expect((await json(republished)).error.errors.map((e: { path: string }) => e.path)).toEqual(["$.notes", "$.offers[1].colour"]);
  });
});

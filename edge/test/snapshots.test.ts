import { describe, expect, it } from "vitest";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, decide, fetchEdge, importSnapshot, publish, uid, json } from "./helpers.ts";

function postNdjson(body: string): Promise<Response> {
  return fetchEdge("/v1/admin/snapshots", {
    method: "POST",
    headers: adminHeaders({ "content-type": "application/x-ndjson" }),
    body,
  });
}

async function listing(): Promise<{ active: { version: string; previous: string | null } | null; versions: { version: string; profiles: number }[] }> {
  const response = await fetchEdge("/v1/admin/snapshots", { headers: adminHeaders() });
  expect(response.status).toBe(200);
  return json(response);
}

describe("POST/GET /v1/admin/snapshots", () => {
  it("lists nothing before the first import", async () => {
    expect(await listing()).toEqual({ active: null, versions: [] });
  });

  it("imports NDJSON, activates it, and decisions use it", async () => {
    await publish(testCatalog());
    const response = await importSnapshot("v1", [
      { profileId: "s-1", audiences: ["vip"], attributes: { ltv: 300, firstName: "Rui" } },
      { profileId: "s-2", audiences: [] },
    ]);
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ version: "v1", profiles: 2, active: true, audiences: [{ id: "vip" }, { id: "new" }] });
    const result = await decide({ profileId: "s-1", anonymousId: uid(), placements: ["home-hero"] });
    expect(result).toMatchObject({ snapshotVersion: "v1", audiences: ["vip"] });
    expect(result.decisions[0]!.content).toEqual({ html: "<h2>Hi Rui</h2>" });
  });

  it("switches to a new version atomically and keeps the previous one", async () => {
    expect((await importSnapshot("v2", [{ profileId: "s-1", audiences: [], attributes: { ltv: 1 } }])).status).toBe(201);
    const result = await decide({ profileId: "s-1", anonymousId: uid(), placements: ["home-hero"] });
    expect(result).toMatchObject({ snapshotVersion: "v2", audiences: [] });
    const { active, versions } = await listing();
    expect(active).toMatchObject({ version: "v2", previous: "v1" });
    expect(versions.map((v) => [v.version, v.profiles])).toEqual([
      ["v2", 1],
      ["v1", 2],
    ]);
  });

  it("refuses to import a version twice", async () => {
    const response = await importSnapshot("v1", []);
    expect(response.status).toBe(409);
    expect((await json(response)).error).toMatchObject({ code: "version_exists", path: "$[0].version" });
  });

  it("rejects a bad line with its path and leaves the active version alone", async () => {
    const lines = [
      JSON.stringify({ type: "header", version: "v3" }),
      JSON.stringify({ profileId: "s-9", audiences: ["vip"] }),
      JSON.stringify({ profileId: "s-10", audiences: "vip" }),
    ];
    const response = await postNdjson(lines.join("\n"));
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ code: "invalid_body", path: "$[2].audiences" });
    expect((await listing()).active!.version).toBe("v2");
  });

  it.each([
    ["", "$[0]"],
    ['{"profileId":"s-1"}', "$[0].type"],
    ['{"type":"header"}', "$[0].version"],
    ['{"type":"header","version":"v4"}\nnot json', "$[1]"],
    ['{"type":"header","version":"has spaces"}', "$[0].version"],
  ])("rejects %j at %s", async (body, path) => {
    const response = await postNdjson(body);
    expect(response.status).toBe(400);
    expect((await json(response)).error.path).toBe(path);
  });

  it("accepts CRLF line endings, blank lines and no final newline", async () => {
    const response = await postNdjson('{"type":"header","version":"v5"}\r\n\r\n{"profileId":"s-5","audiences":["new"]}');
    expect(response.status).toBe(201);
    expect(await json(response)).toMatchObject({ version: "v5", profiles: 1 });
  });

  it("keeps a staged version (imported with activate=false) when another one is activated, until it is deleted", async () => {
    const staged = uid("staged");
    const post = (version: string, activate: boolean) =>
      fetchEdge(`/v1/admin/snapshots${activate ? "" : "?activate=false"}`, {
        method: "POST",
        headers: adminHeaders({ "content-type": "application/x-ndjson" }),
        body: [JSON.stringify({ type: "header", version, audiences: [{ id: "vip" }] }), JSON.stringify({ profileId: "st-1", audiences: ["vip"] })].join("\n"),
      });
    expect((await post(staged, false)).status).toBe(201);
    const next = uid("next");
    expect((await post(next, true)).status).toBe(201);
    const after = uid("after");
    expect((await post(after, true)).status).toBe(201);
    const { versions } = await listing();
    expect(versions.find((v) => v.version === staged)).toMatchObject({ state: "ready", profiles: 1 });
    // Its rows are still there: it can be activated and decides with them.
    expect((await fetchEdge(`/v1/admin/snapshots/${staged}/activate`, { method: "POST", headers: adminHeaders() })).status).toBe(200);
    expect((await decide({ profileId: "st-1", anonymousId: uid(), placements: ["home-hero"] })).audiences).toEqual(["vip"]);
    // The active version cannot be deleted; another one can, and is gone.
    const refused = await fetchEdge(`/v1/admin/snapshots/${staged}`, { method: "DELETE", headers: adminHeaders() });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.code).toBe("version_active");
    // `next`, once active and now two activations back, was retired; `after` is the rollback target.
    expect((await fetchEdge(`/v1/admin/snapshots/${next}`, { headers: adminHeaders() })).status).toBe(404);
    expect((await listing()).active).toMatchObject({ version: staged, previous: after });
    const deleted = await fetchEdge(`/v1/admin/snapshots/${after}`, { method: "DELETE", headers: adminHeaders() });
    expect(await json(deleted)).toEqual({ deleted: after });
    expect((await fetchEdge(`/v1/admin/snapshots/${after}`, { headers: adminHeaders() })).status).toBe(404);
    expect((await fetchEdge(`/v1/admin/snapshots/${after}`, { method: "DELETE", headers: adminHeaders() })).status).toBe(404);
  });
});

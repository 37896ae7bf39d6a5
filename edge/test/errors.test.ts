import { describe, expect, it } from "vitest";
import { adminHeaders, clientHeaders, event, fetchEdge, postJson, json } from "./helpers.ts";

async function errorOf(response: Response): Promise<{ code: string; message: string; path?: string }> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await json(response)) as { error: { code: string; message: string; path?: string } };
  expect(typeof body.error.message).toBe("string");
  return body.error;
}

describe("400: invalid bodies name the JSON path of the problem", () => {
  it.each([
    [{ placements: ["home-hero"] }, "$.anonymousId"],
    [{ anonymousId: "a", placements: "home-hero" }, "$.placements"],
    [{ anonymousId: "a", placements: ["home-hero", 7] }, "$.placements[1]"],
    [{ anonymousId: "a", placements: [] }, "$.placements"],
    [{ anonymousId: "a", placements: ["x"], profileId: 42 }, "$.profileId"],
    [{ anonymousId: "a", placements: ["x"], context: [] }, "$.context"],
    [{ anonymousId: "a", placements: ["x"], event: { properties: {} } }, "$.event.name"],
    [{ anonymousId: "a", placements: ["x"], explain: "yes" }, "$.explain"],
    [{ anonymousId: "", placements: ["x"] }, "$.anonymousId"],
    [[], "$"],
  ])("decide %j → %s", async (body, path) => {
    const response = await postJson("/v1/decide", body);
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_body", path });
  });

  it("malformed JSON is invalid_json at $", async () => {
    const response = await fetchEdge("/v1/decide", { method: "POST", headers: clientHeaders(), body: '{"anonymousId": ' });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_json", path: "$" });
  });

  it("events without an array are rejected whole", async () => {
    const response = await postJson("/v1/events", { events: { id: 1 } });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ path: "$.events" });
  });

  it("catalog errors carry every path", async () => {
    const response = await fetchEdge("/v1/admin/catalog", {
      method: "PUT",
      headers: adminHeaders(),
      body: JSON.stringify({ placements: [{ id: "a", format: "nope" }], offers: [{ id: 1, placements: ["zz"] }] }),
    });
    expect(response.status).toBe(400);
    const body = (await json(response)) as { error: { code: string; path: string; errors: { path: string }[] } };
    expect(body.error.code).toBe("invalid_catalog");
    const paths = body.error.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["$.placements[0].format", "$.offers[0].id", "$.offers[0].placements[0]"]));
    expect(body.error.path).toBe(paths[0]);
  });
});

describe("413: bodies over the limits", () => {
  it("decide over 64 KB", async () => {
    const body = { anonymousId: "a", placements: ["home-hero"], context: { pad: "x".repeat(65 * 1024) } };
    const response = await postJson("/v1/decide", body);
    expect(response.status).toBe(413);
    expect((await errorOf(response)).code).toBe("payload_too_large");
  });

  it("decide over 64 KB without a content-length (streamed)", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 6) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetchEdge("/v1/decide", { method: "POST", headers: clientHeaders(), body: stream });
    expect(response.status).toBe(413);
  });

  it("events over 500 per request", async () => {
    const events = Array.from({ length: 501 }, () => event({ type: "track", name: "x" }));
    const response = await postJson("/v1/events", { events });
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: "too_many_events", path: "$.events" });
  });

  it("events over 1 MB", async () => {
    const events = [event({ type: "track", name: "x", properties: { pad: "x".repeat(1024 * 1024) } })];
    const response = await postJson("/v1/events", { events });
    expect(response.status).toBe(413);
  });

  it("a snapshot line over 64 KB", async () => {
    const header = JSON.stringify({ type: "header", version: "too-long-line" });
    const response = await fetchEdge("/v1/admin/snapshots", {
      method: "POST",
      headers: adminHeaders({ "content-type": "application/x-ndjson" }),
      body: `${header}\n{"profileId":"u","attributes":{"pad":"${"x".repeat(70 * 1024)}"}}\n`,
    });
    expect(response.status).toBe(413);
  });
});

describe("415: wrong content types", () => {
  it.each([
    ["/v1/decide", clientHeaders({ "content-type": "text/plain" })],
    ["/v1/events", clientHeaders({ "content-type": "application/x-www-form-urlencoded" })],
    ["/v1/decide", { "x-client-key": "test-client-key" }],
  ])("POST %s", async (path, headers) => {
    const response = await fetchEdge(path, { method: "POST", headers, body: "{}" });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).code).toBe("unsupported_media_type");
  });

  it("JSON to the snapshot import", async () => {
    const response = await fetchEdge("/v1/admin/snapshots", { method: "POST", headers: adminHeaders(), body: "{}" });
    expect(response.status).toBe(415);
  });

  it("charset parameters are fine", async () => {
    const response = await fetchEdge("/v1/decide", {
      method: "POST",
      headers: clientHeaders({ "content-type": "application/json; charset=utf-8" }),
      body: JSON.stringify({ anonymousId: "a", placements: ["x"] }),
    });
    expect(response.status).toBe(200);
  });
});

describe("404 and 405", () => {
  // "/" is the demo shop where SERVE_DEMO is on (configuration.test.ts).
  it.each(["/nope", "/v1", "/v1/nope", "/v2/decide", "/v1/admin/nope/deeper"])("GET %s → 404 JSON", async (path) => {
    const response = await fetchEdge(path, { headers: adminHeaders() });
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });

  it.each([
    ["GET", "/v1/decide", "POST"],
    ["PUT", "/v1/events", "POST"],
    ["POST", "/v1/ruleset", "GET"],
    ["DELETE", "/v1/profile/u-1", "GET"],
    ["POST", "/v1/health", "GET"],
  ])("%s %s → 405 JSON, Allow: %s", async (method, path, allow) => {
    const response = await fetchEdge(path, { method, headers: clientHeaders(), body: method === "GET" ? null : "{}" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain(allow);
    expect((await errorOf(response)).code).toBe("method_not_allowed");
  });

  it("405 on admin routes too", async () => {
    const response = await fetchEdge("/v1/admin/catalog", { method: "DELETE", headers: adminHeaders() });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toMatch(/GET.*PUT|PUT.*GET/);
  });
});

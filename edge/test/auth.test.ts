import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { secretsEqual } from "../src/domain/identity/crypto.ts";
import { ADMIN_KEY, CLIENT_KEY, fetchEdge, postJson, json } from "./helpers.ts";

const ADMIN_ROUTES: [string, string][] = [
  ["GET", "/v1/admin/catalog"],
  ["PUT", "/v1/admin/catalog"],
  ["GET", "/v1/admin/snapshots"],
  ["POST", "/v1/admin/snapshots"],
  ["GET", "/v1/admin/stats"],
];

const decideBody = { anonymousId: "a-1", placements: ["home-hero"] };

describe("client routes", () => {
  it("answer 401 in the JSON error shape without a client key", async () => {
    const response = await postJson("/v1/decide", decideBody, { "content-type": "application/json" });
    expect(response.status).toBe(401);
    expect(await json(response)).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("answer 401 for an unknown client key", async () => {
    const response = await postJson("/v1/decide", decideBody, { "content-type": "application/json", "x-client-key": "nope" });
    expect(response.status).toBe(401);
  });

  it("accept any configured client key, the clientKey query parameter, and the admin key", async () => {
    const keys: Record<string, string>[] = [
      { "x-client-key": CLIENT_KEY },
      { "x-client-key": "demo-client-key" },
      { authorization: `Bearer ${ADMIN_KEY}` },
    ];
    for (const headers of keys) {
      const response = await postJson("/v1/decide", decideBody, { "content-type": "application/json", ...headers });
      expect(response.status).toBe(200);
    }
    const beacon = await postJson(`/v1/decide?clientKey=${CLIENT_KEY}`, decideBody, { "content-type": "application/json" });
    expect(beacon.status).toBe(200);
  });

  it("cover decide, events, ruleset and profile", async () => {
    for (const [method, path] of [
      ["POST", "/v1/decide"],
      ["POST", "/v1/events"],
      ["GET", "/v1/ruleset"],
      ["GET", "/v1/profile/u-1"],
    ] as const) {
      const response = await fetchEdge(path, { method, headers: { "content-type": "application/json" }, body: method === "POST" ? "{}" : null });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });
});

describe("admin routes", () => {
  it.each(ADMIN_ROUTES)("%s %s refuses a client key", async (method, path) => {
    const response = await fetchEdge(path, {
      method,
      headers: { "x-client-key": CLIENT_KEY, authorization: `Bearer ${CLIENT_KEY}`, "content-type": "application/json" },
      body: method === "GET" ? null : "{}",
    });
    expect(response.status).toBe(401);
    expect((await json(response)).error.code).toBe("unauthorized");
  });

  it.each(ADMIN_ROUTES)("%s %s refuses no key and a wrong bearer", async (method, path) => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${ADMIN_KEY}`, ADMIN_KEY]) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (authorization) headers["authorization"] = authorization;
      const response = await fetchEdge(path, { method, headers, body: method === "GET" ? null : "{}" });
      expect(response.status).toBe(401);
    }
  });

  it("opens with the admin bearer key", async () => {
    const response = await fetchEdge("/v1/admin/stats", { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe(200);
  });

  it("stay closed when no admin key is configured", async () => {
    const app = createApp();
    const response = await app.request("/v1/admin/stats", { headers: { authorization: "Bearer " } }, { ...env, ADMIN_KEY: undefined });
    expect(response.status).toBe(401);
    const alsoClosed = await app.request("/v1/admin/stats", { headers: { authorization: "Bearer undefined" } }, { ...env, ADMIN_KEY: "" });
    expect(alsoClosed.status).toBe(401);
  });
});

describe("CORS", () => {
  const origin = "https://shop.example";

  it("answers preflights on client routes without a key", async () => {
    const response = await fetchEdge("/v1/decide", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type,x-client-key" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("x-client-key");
  });

  it("adds CORS headers to client responses, errors included", async () => {
    const ok = await postJson("/v1/decide", decideBody, { "content-type": "application/json", "x-client-key": CLIENT_KEY, origin });
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const unauthorized = await postJson("/v1/decide", decideBody, { "content-type": "application/json", origin });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("adds none to admin routes", async () => {
    const response = await fetchEdge("/v1/admin/stats", { headers: { authorization: `Bearer ${ADMIN_KEY}`, origin } });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetchEdge("/v1/admin/catalog", {
      method: "OPTIONS",
      headers: { origin, "access-control-request-method": "PUT" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
  });

  it("allows only the configured origins", async () => {
    const app = createApp();
    const restricted = { ...env, ALLOWED_ORIGINS: "https://shop.example, https://m.shop.example" };
    const init = (o: string) => ({
      method: "POST",
      headers: { origin: o, "content-type": "application/json", "x-client-key": CLIENT_KEY },
      body: JSON.stringify(decideBody),
    });
    const allowed = await app.request("/v1/decide", init("https://m.shop.example"), restricted);
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://m.shop.example");
    expect(allowed.headers.get("vary")).toContain("Origin");
    const refused = await app.request("/v1/decide", init("https://evil.example"), restricted);
    expect(refused.status).toBe(403);
    expect((await json(refused)).error.code).toBe("origin_not_allowed");
    const noOrigin = await app.request("/v1/decide", { ...init(""), headers: { "content-type": "application/json", "x-client-key": CLIENT_KEY } }, restricted);
    expect(noOrigin.status).toBe(200);
  });
});

describe("secretsEqual", () => {
  it("compares whole secrets of any length", async () => {
    expect(await secretsEqual("demo-admin-key", "demo-admin-key")).toBe(true);
    expect(await secretsEqual("demo-admin-ke", "demo-admin-key")).toBe(false);
    expect(await secretsEqual("", "demo-admin-key")).toBe(false);
    expect(await secretsEqual("demo-admin-keyX", "demo-admin-key")).toBe(false);
  });
});

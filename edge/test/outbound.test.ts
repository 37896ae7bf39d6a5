// Outbound configuration at the edge (workerd, real KV and Durable Objects): the URL rule by
// environment at publish, warnings for signing secrets the Worker lacks, the deliveries routes'
// answers to bad input, and the outbound counts in the statistics. The calls themselves, retries,
// pacing and forwarding run against a real receiver under wrangler dev (test/dev/outbound.test.ts).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { Env } from "../src/env.ts";
import { adminHeaders, fetchEdge, json, publish } from "./helpers.ts";

function withSettings(changes: Record<string, string | undefined>): Env {
  return new Proxy(env as unknown as Env, {
    get: (target, key) => (typeof key === "string" && key in changes ? changes[key] : Reflect.get(target, key)),
    has: (target, key) => (typeof key === "string" && key in changes ? changes[key] !== undefined : Reflect.has(target, key)),
    ownKeys: (target) => [...new Set([...Reflect.ownKeys(target), ...Object.keys(changes)])],
    getOwnPropertyDescriptor: (target, key) =>
      typeof key === "string" && key in changes ? { value: changes[key], enumerable: true, configurable: true, writable: true } : Reflect.getOwnPropertyDescriptor(target, key),
  });
}

const catalog = (url: string, extra: object = {}) => ({
  placements: [{ id: "home", format: "json" }],
  offers: [{ id: "hello", placements: ["home"], content: { title: "Hello" } }],
  webhooks: [{ id: "esp", url, secret: "ESP_SECRET", perSecond: 5 }],
  forwarding: [{ id: "warehouse", url: "https://collector.example/edgewise", events: ["display"] }],
  journeys: [{ id: "mail", trigger: { event: "signup" }, steps: [{ action: { webhook: "esp", body: { to: "{{ profile.email }}" } } }] }],
  ...extra,
});

const put = (bindings: Env, body: unknown, path = "/v1/admin/catalog", method = "PUT") =>
  createApp().request(`http://edge.test${path}`, { method, headers: adminHeaders(), body: JSON.stringify(body) }, bindings);

describe("outbound destinations at publish", () => {
  it("outside local development: only https to public hosts, every problem at its path with the engine's", async () => {
    const production = withSettings({ ENVIRONMENT: "production", ESP_SECRET: "s" });
    for (const url of ["http://esp.example/send", "https://127.0.0.1/send", "https://[::1]/send", "https://169.254.169.254/latest/meta-data"]) {
      const response = await put(production, catalog(url));
      expect(response.status, url).toBe(400);
      const body = (await json(response)) as { error: { code: string; path: string; errors: { path: string }[] } };
      expect(body.error.code).toBe("invalid_catalog");
      expect(body.error.errors.map((e) => e.path)).toEqual(["$.webhooks[0].url"]);
    }
    const both = (await json(await put(production, { ...catalog("http://10.0.0.1/"), offers: [{ id: "x", placements: ["nowhere"], content: {} }] }))) as { error: { errors: { path: string }[] } };
    expect(both.error.errors.map((e) => e.path)).toEqual(expect.arrayContaining(["$.offers[0].placements[0]", "$.webhooks[0].url"]));
    const validate = await put(production, catalog("http://esp.example/send"), "/v1/admin/catalog/validate", "POST");
    expect(validate.status).toBe(400);
    expect((await put(production, catalog("https://esp.example/send"))).status).toBe(200);
  });

  it("in local development http and loopback receivers are allowed", async () => {
    const development = withSettings({ ENVIRONMENT: "development", ESP_SECRET: "s" });
    expect((await put(development, catalog("http://127.0.0.1:8788/hook"))).status).toBe(200);
  });

  it("warns when a destination's signing secret is not set in this Worker; never accepts a value or an edge secret", async () => {
    const response = await put(withSettings({ ENVIRONMENT: "production", ESP_SECRET: undefined }), catalog("https://esp.example/send"));
    expect(response.status).toBe(200);
    const { warnings } = (await json(response)) as { warnings: { path: string; message: string }[] };
    expect(warnings).toContainEqual({ path: "$.webhooks[0].secret", message: expect.stringContaining("wrangler secret put ESP_SECRET") });
    for (const secret of ["whsec_live_abc123", "ADMIN_KEY"]) {
      const refused = await put(withSettings({}), { ...catalog("https://esp.example/send"), webhooks: [{ id: "esp", url: "https://esp.example/send", secret }] });
      expect(refused.status, secret).toBe(400);
      expect(((await json(refused)) as { error: { path: string } }).error.path).toBe("$.webhooks[0].secret");
    }
  });
});

describe("the deliveries routes", () => {
  it("answer bad input with 4xx and the error shape; list nothing for a destination that sent nothing", async () => {
    await publish(catalog("https://esp.example/send"));
    const list = (await json(await fetchEdge("/v1/admin/deliveries?destination=esp", { headers: adminHeaders() }))) as { deliveries: unknown[]; next: null };
    expect(list).toEqual({ deliveries: [], next: null });
    for (const [path, method, status, code] of [
      ["/v1/admin/deliveries?destination=nope", "GET", 404, "unknown_destination"],
      ["/v1/admin/deliveries?status=lost", "GET", 400, "invalid_parameter"],
      ["/v1/admin/deliveries?limit=501", "GET", 400, "invalid_parameter"],
      ["/v1/admin/deliveries/not-a-uuid", "GET", 400, "invalid_parameter"],
      ["/v1/admin/deliveries/00000000-0000-4000-8000-000000000000/retry", "POST", 404, "unknown_delivery"],
    ] as const) {
      const response = await fetchEdge(path, { method, headers: adminHeaders() });
      expect(response.status, path).toBe(status);
      expect(((await json(response)) as { error: { code: string } }).error.code, path).toBe(code);
    }
    expect((await fetchEdge("/v1/admin/deliveries")).status).toBe(401);
  });

  it("the statistics list each destination's counts", async () => {
    await publish(catalog("https://esp.example/send"));
    const stats = (await json(await fetchEdge("/v1/admin/stats", { headers: adminHeaders() }))) as { outbound: Record<string, unknown>[] };
    expect(stats.outbound).toEqual([
      expect.objectContaining({ destination: "esp", kind: "webhook", pending: 0, retrying: 0, delivered: 0, failed: 0, deadLetters: 0, dropped: 0, p95LatencyMs: null }),
      expect.objectContaining({ destination: "warehouse", kind: "forwarding", eventsForwarded: 0, eventsBuffered: 0 }),
    ]);
  });
});

// The production configuration (`env.production` in wrangler.jsonc, `.dev.vars.production` instead
// of .dev.vars) under `wrangler dev`: first without its secrets, then with them (`--var`).
import { afterAll, describe, expect, it } from "vitest";
import { startEdge } from "../../scripts/local-edge.mjs";

const SECRETS = { CLIENT_KEYS: "prod-client-key", ADMIN_KEY: "prod-admin-key", TOKEN_SECRET: "prod-token-secret", ALLOWED_ORIGINS: "https://shop.example" };
const edges: Awaited<ReturnType<typeof startEdge>>[] = [];
afterAll(() => Promise.all(edges.map((edge) => edge.stop())));

describe("env.production under wrangler dev", () => {
  it("without its secrets: 503 misconfigured naming each, no development key accepted", async () => {
    const edge = await startEdge(120_000, { environment: "production" });
    edges.push(edge);
    const health = await fetch(`${edge.url}/v1/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ error: { code: "misconfigured", message: "the edge is not configured: CLIENT_KEYS, ADMIN_KEY, TOKEN_SECRET, ALLOWED_ORIGINS not set" } });
    const decide = await fetch(`${edge.url}/v1/decide`, { method: "POST", headers: { "x-client-key": "demo-client-key", "content-type": "application/json" }, body: '{"anonymousId":"a","placements":["home-hero"]}' });
    expect(decide.status).toBe(503);
    // eslint-disable-next-line no-control-regex
    const plain = () => edge.log().replace(/\u001b\[[0-9;]*m/g, "");
    await expect.poll(plain, { timeout: 10_000 }).toContain("misconfigured: CLIENT_KEYS, ADMIN_KEY, TOKEN_SECRET, ALLOWED_ORIGINS not set");
  });

  it("with them: it serves, only its own keys open it, only its origins may call, no demo or console", async () => {
    const edge = await startEdge(120_000, { environment: "production", vars: SECRETS });
    edges.push(edge);
    expect((await fetch(`${edge.url}/v1/health`)).status).toBe(200);
    const catalog = { placements: [{ id: "home-hero", format: "json" }], offers: [{ id: "hero", placements: ["home-hero"], content: { title: "Hi" } }] };
    const publish = (key: string) => fetch(`${edge.url}/v1/admin/catalog`, { method: "PUT", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(catalog) });
    expect((await publish("demo-admin-key")).status).toBe(401);
    expect((await publish(SECRETS.ADMIN_KEY)).status).toBe(200);
    const decide = (key: string, origin?: string) =>
      fetch(`${edge.url}/v1/decide`, { method: "POST", headers: { "x-client-key": key, "content-type": "application/json", ...(origin ? { origin } : {}) }, body: '{"anonymousId":"a","placements":["home-hero"]}' });
    expect((await decide("demo-client-key")).status).toBe(401);
    const ok = await decide(SECRETS.CLIENT_KEYS, "https://shop.example");
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { decisions: { offerId: string }[] }).decisions[0]!.offerId).toBe("hero");
    expect((await decide(SECRETS.CLIENT_KEYS, "https://evil.example")).status).toBe(403);
    // Every page of the demo and the console, also by the names the assets answer without ".html".
    for (const path of ["/", "/index", "/index.html", "/cart", "/cart.html", "/products/trail-runner", "/console", "/console/", "/mobile", "/mobile/"]) {
      expect((await fetch(`${edge.url}${path}`)).status, path).toBe(404);
    }
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { tokenSecret } from "../src/adapters/secrets.ts";
import type { Env } from "../src/env.ts";
import { REQUIRED_SETTINGS } from "../src/settings.ts";

/** The test bindings with some settings changed (`undefined` removes one). */
function withSettings(changes: Record<string, string | undefined>): Env {
  return new Proxy(env as unknown as Env, {
    get: (target, key) => (typeof key === "string" && key in changes ? changes[key] : Reflect.get(target, key)),
    has: (target, key) => (typeof key === "string" && key in changes ? changes[key] !== undefined : Reflect.has(target, key)),
  });
}

const production = { ENVIRONMENT: "production" };
const call = (bindings: Env, path: string, init: RequestInit = {}) => createApp().request(`http://edge.test${path}`, init, bindings);

describe("safe by default outside local development", () => {
  it.each(REQUIRED_SETTINGS)("without %s every route answers 503 misconfigured, naming it", async (name) => {
    const bindings = withSettings({ ...production, [name]: undefined });
    for (const [path, init] of [
      ["/v1/health", {}],
      ["/v1/decide", { method: "POST", headers: { "x-client-key": "test-client-key", "content-type": "application/json" }, body: '{"anonymousId":"a","placements":["home-hero"]}' }],
      ["/v1/admin/stats", { headers: { authorization: "Bearer test-admin-key" } }],
      ["/v1/sdk.js", {}],
    ] as const) {
      const response = await call(bindings, path, init);
      expect(response.status, path).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("misconfigured");
      expect(body.error.message).toContain(name);
    }
  });

  it("names every missing setting at once; a blank one counts as missing", async () => {
    const response = await call(withSettings({ ...production, CLIENT_KEYS: undefined, TOKEN_SECRET: "  " }), "/v1/health");
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe("the edge is not configured: CLIENT_KEYS, TOKEN_SECRET not set");
  });

  it("with every setting, production answers as usual", async () => {
    const response = await call(withSettings(production), "/v1/health");
    expect(response.status).toBe(200);
  });

  it("local development (ENVIRONMENT=development, from .dev.vars only) runs without them", async () => {
    const bindings = withSettings({ ENVIRONMENT: "development", TOKEN_SECRET: undefined, ADMIN_KEY: undefined });
    expect((await call(bindings, "/v1/health")).status).toBe(200);
    // The development token secret stands in only there…
    expect(tokenSecret(bindings)).toBe("edgewise-dev-token-secret");
    // …and never elsewhere.
    expect(() => tokenSecret(withSettings({ ...production, TOKEN_SECRET: undefined }))).toThrow("TOKEN_SECRET is not set");
  });
});

describe("the demo and the console are served only where turned on", () => {
  const pages = [["/", "the demo"], ["/cart.html", "the demo"], ["/mobile/", "the demo"], ["/console/", "the console"]] as const;

  it.each(pages)("%s answers 404 while its flag is off", async (path, what) => {
    const response = await call(withSettings({ SERVE_DEMO: undefined, SERVE_CONSOLE: undefined }), path);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(`${what} is not served here`);
  });

  it.each(pages)("%s is served from the assets when its flag is on", async (path) => {
    const response = await call(withSettings({ SERVE_DEMO: "true", SERVE_CONSOLE: "true" }), path);
    expect(response.status, `${path} (built by npm run build -w demo-app)`).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/html/);
    await response.body?.cancel();
  });

  it("turning on one does not turn on the other", async () => {
    expect((await call(withSettings({ SERVE_DEMO: "true", SERVE_CONSOLE: "false" }), "/console/")).status).toBe(404);
    expect((await call(withSettings({ SERVE_DEMO: "0", SERVE_CONSOLE: "1" }), "/")).status).toBe(404);
  });
});

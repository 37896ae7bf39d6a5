import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import type { Env } from "../src/env.ts";
import { ApiError } from "../src/errors.ts";
import { CHUNK_CACHE_CONTROL, SDK_ASSET_PATH, SDK_CACHE_CONTROL, serveAsset } from "../src/routes/sdk.ts";
import { fetchEdge, json } from "./helpers.ts";

/** Every test run builds the SDK first (root `pretest` → `npm run build`; sdk-web builds into edge/public/v1/sdk.js). */
const NOT_BUILT = "GET /v1/sdk.js is not served: build the web SDK first (npm run build -w @edgewise/sdk-web writes edge/public/v1/sdk.js)";

describe("GET /v1/sdk.js", () => {
  it("serves the built SDK with caching headers and ETag revalidation", async () => {
    const response = await fetchEdge("/v1/sdk.js");
    expect(response.status, NOT_BUILT).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const etag = response.headers.get("etag");
    expect(etag).toBeTruthy();
    const body = await response.text();
    // The script-tag build: an IIFE that reads its client key from the tag and renders placements.
    expect(body).toMatch(/^"use strict";\(\(\)=>\{/);
    expect(body).toContain("data-client-key");
    expect(body).toContain("data-edgewise-placement");
    expect(body.length).toBeGreaterThan(10_000);
    const revalidated = await fetchEdge("/v1/sdk.js", { headers: { "if-none-match": etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    await revalidated.body?.cancel();
  });

  it("serves the chunks sdk.js loads on first need, named by their hash, cached for a year", async () => {
    const body = await (await fetchEdge("/v1/sdk.js")).text();
    const chunks = [...new Set(body.match(/sdk-(?:engine|messages|preview)\.[0-9a-f]{8}\.js/g))].sort();
    expect(chunks.map((name) => name.split(".")[0])).toEqual(["sdk-engine", "sdk-messages", "sdk-preview"]);
    for (const name of chunks) {
      const response = await fetchEdge(`/v1/${name}`);
      expect(response.status, name).toBe(200);
      expect(response.headers.get("cache-control")).toBe(CHUNK_CACHE_CONTROL);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      // Each chunk registers what it holds under a global symbol for sdk.js to pick up.
      expect(await response.text()).toContain(`edgewise.${name.split(".")[0]!.slice(4)}`);
    }
    for (const path of ["/v1/sdk-engine.00000000.js", "/v1/sdk-other.12345678.js", "/v1/sdk-engine.js"]) {
      const response = await fetchEdge(path);
      expect(response.status, path).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("needs no client key (a script tag cannot send one)", async () => {
    const response = await fetchEdge("/v1/sdk.js");
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it("a missing asset is a 404 ApiError", async () => {
    const request = new Request("http://edge.test/v1/missing.js");
    await expect(serveAsset(env.ASSETS, request, "/v1/missing.js", SDK_CACHE_CONTROL)).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    } satisfies Partial<ApiError>);
  });

  it("before the SDK is built, GET /v1/sdk.js answers the JSON 404 shape", async () => {
    // The same routes and error handler as the Worker, with an assets binding that has no sdk.js.
    const requested: string[] = [];
    const assets = {
      fetch: async (input: RequestInfo | URL) => {
        requested.push(new URL(input instanceof Request ? input.url : input).pathname);
        return new Response("not found", { status: 404 });
      },
    } as unknown as Fetcher;
    const withoutSdk = new Proxy(env as unknown as Env, { get: (target, key) => (key === "ASSETS" ? assets : Reflect.get(target, key)) });
    const response = await createApp().request("http://edge.test/v1/sdk.js", {}, withoutSdk);
    expect(requested).toEqual([SDK_ASSET_PATH]);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await json(response)).toEqual({ error: { code: "not_found", message: `${SDK_ASSET_PATH} is not built yet` } });
  });
});

import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/errors.ts";
import { SDK_CACHE_CONTROL, serveAsset } from "../src/routes/sdk.ts";
import { fetchEdge, json } from "./helpers.ts";

describe("GET /v1/sdk.js", () => {
  it("serves the built SDK with caching headers and ETag revalidation, or a JSON 404 before it is built", async () => {
    const response = await fetchEdge("/v1/sdk.js");
    if (response.status === 404) {
      expect(await json(response)).toEqual({ error: { code: "not_found", message: expect.stringContaining("sdk.js") } });
      return;
    }
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
    const etag = response.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await response.text()).length).toBeGreaterThan(0);
    const revalidated = await fetchEdge("/v1/sdk.js", { headers: { "if-none-match": etag! } });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("cache-control")).toBe(SDK_CACHE_CONTROL);
  });

  it("needs no client key (a script tag cannot send one)", async () => {
    const response = await fetchEdge("/v1/sdk.js");
    expect(response.status).not.toBe(401);
    await response.body?.cancel();
  });

  it("a missing asset is a 404 ApiError", async () => {
    const request = new Request("http://edge.test/v1/missing.js");
    await expect(serveAsset(env.ASSETS, request, "/v1/missing.js", SDK_CACHE_CONTROL)).rejects.toMatchObject({
      status: 404,
      code: "not_found",
    } satisfies Partial<ApiError>);
  });
});

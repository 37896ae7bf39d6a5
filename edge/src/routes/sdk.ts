import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

export const SDK_ASSET_PATH = "/v1/sdk.js";
export const SDK_CACHE_CONTROL = "public, max-age=300, stale-while-revalidate=86400";
/** The script tag's chunks are named by their content's hash: cached for a year. */
export const CHUNK_CACHE_CONTROL = "public, max-age=31536000, immutable";

/**
 * Serves a static asset with caching headers (ETag and conditional requests come from the assets
 * binding); 404 in the JSON error shape while the asset does not exist.
 */
export async function serveAsset(assets: Fetcher, request: Request, path: string, cacheControl: string): Promise<Response> {
  const url = new URL(path, request.url);
  const conditional = request.headers.get("if-none-match");
  const response = await assets.fetch(url, { headers: conditional ? { "if-none-match": conditional } : {} });
  if (response.status === 404) {
    await response.body?.cancel();
    throw new ApiError(404, "not_found", `${path} is not built yet`);
  }
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", cacheControl);
  headers.set("Access-Control-Allow-Origin", "*");
  return new Response(response.body, { status: response.status, headers });
}

/**
 * `GET /v1/sdk.js`: the web SDK's script-tag build, public (no key needed by a script tag); and
 * `GET /v1/sdk-engine.<hash>.js`, `GET /v1/sdk-messages.<hash>.js`, `GET /v1/sdk-preview.<hash>.js`: the chunks it loads on first need.
 */
export const sdkRoutes = new Hono<AppEnv>()
  .get("/sdk.js", (c) => serveAsset(c.env.ASSETS, c.req.raw, SDK_ASSET_PATH, SDK_CACHE_CONTROL))
  .get("/:chunk{sdk-(?:engine|messages|preview)\\.[0-9a-f]{8}\\.js}", (c) => serveAsset(c.env.ASSETS, c.req.raw, `/v1/${c.req.param("chunk")}`, CHUNK_CACHE_CONTROL));

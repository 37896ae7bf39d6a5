import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { readActiveCatalog, readRulesetText } from "../adapters/kv/catalog-store.ts";

/** Whether an `If-None-Match` header matches a strong ETag (`*`, a list, weak forms included). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === "*" || tag === etag);
}

/** `GET /v1/ruleset`: the client ruleset of the active catalog; strong ETag = catalog version. */
export const rulesetRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const active = await readActiveCatalog(c.env.CATALOGS);
  if (!active) throw new ApiError(404, "no_active_catalog", "no catalog has been published yet");
  const etag = `"${active.version}"`;
  const headers = {
    ETag: etag,
    "Cache-Control": "no-cache",
    "x-catalog-version": active.version,
  };
  if (etagMatches(c.req.header("if-none-match"), etag)) return c.body(null, 304, headers);
  const ruleset = await readRulesetText(c.env.CATALOGS, active.version);
  if (ruleset === null) throw new ApiError(404, "no_active_catalog", "the active catalog's ruleset is missing");
  return c.body(ruleset, 200, { ...headers, "Content-Type": "application/json; charset=utf-8" });
});

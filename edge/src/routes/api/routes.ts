import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { openApiDocument } from "./openapi.ts";
import { renderReferencePage } from "./reference-page.ts";

let documentText: string | undefined;
let pageText: string | undefined;

/** The OpenAPI document, built once per isolate (it depends on nothing but the code). */
function documentJson(): string {
  return (documentText ??= JSON.stringify(openApiDocument()));
}

const PUBLIC_CACHE = "public, max-age=300";

/**
 * `GET /v1/openapi.json` (OpenAPI 3.1, public like any API description) and `GET /docs/api`, the
 * same rendered as a page to read.
 */
export const apiDescriptionRoutes = new Hono<AppEnv>()
  .get("/v1/openapi.json", (c) =>
    c.body(documentJson(), 200, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": PUBLIC_CACHE, "Access-Control-Allow-Origin": "*" }),
  )
  .get("/docs/api", (c) => {
    pageText ??= renderReferencePage(JSON.parse(documentJson()) as Record<string, unknown>);
    return c.body(pageText, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": PUBLIC_CACHE,
      // Static HTML: no script at all, styles inline.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    });
  });

import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

/** The origins allowed by `ALLOWED_ORIGINS` (comma list; `*` allows any). */
export function allowedOrigin(origin: string, configured: string | undefined): string | null {
  const list = (configured ?? "").split(",").map((o) => o.trim()).filter(Boolean);
  if (list.includes("*")) return "*";
  return list.includes(origin) ? origin : null;
}

const corsHeaders = cors({
  origin: (origin, c) => allowedOrigin(origin, (c.env as AppEnv["Bindings"]).ALLOWED_ORIGINS),
  allowMethods: ["GET", "POST", "OPTIONS"],
  allowHeaders: ["content-type", "x-client-key", "x-profile-signature", "authorization", "if-none-match"],
  exposeHeaders: ["etag", "x-catalog-version"],
  maxAge: 600,
});

/**
 * CORS for client routes. A browser request from an origin that is not allowed is refused with 403
 * (requests without `Origin`, such as apps and servers, are not affected).
 */
export const clientCors: MiddlewareHandler<AppEnv> = async (c, next) => {
  const origin = c.req.header("origin");
  if (origin && allowedOrigin(origin, c.env.ALLOWED_ORIGINS) === null) {
    throw new ApiError(403, "origin_not_allowed", `origin ${origin} is not allowed`);
  }
  return corsHeaders(c, next);
};

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { missingSettings } from "../settings.ts";

const logged = new Set<string>();

/**
 * Outside local development, every request answers 503 `misconfigured` naming the settings that
 * are missing (and logs them once per isolate) until they are set: no development key or secret is
 * ever used in their place.
 */
export const requireConfiguration: MiddlewareHandler<AppEnv> = async (c, next) => {
  const missing = missingSettings(c.env);
  if (missing.length) {
    const list = missing.join(", ");
    if (!logged.has(list)) {
      logged.add(list);
      console.error(`[edgewise] misconfigured: ${list} not set (wrangler secret put NAME; ALLOWED_ORIGINS in wrangler.jsonc vars). Every request answers 503 until then.`);
    }
    throw new ApiError(503, "misconfigured", `the edge is not configured: ${list} not set`);
  }
  await next();
};

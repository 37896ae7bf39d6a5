import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";

/** The window of the rate-limiting bindings (`ratelimits` in wrangler.jsonc: `period` is 10 or 60 s). */
export const RATE_LIMIT_PERIOD_S = 60;

/** The address a request comes from: Cloudflare's `cf-connecting-ip` (set by Cloudflare, not the client). */
export const clientAddress = (request: Request): string => request.headers.get("cf-connecting-ip") ?? "unknown";

async function exceeded(limiter: RateLimit | undefined, key: string): Promise<boolean> {
  if (!limiter) return false;
  const { success } = await limiter.limit({ key });
  return !success;
}

function tooMany(what: string): never {
  throw new ApiError(429, "rate_limited", `too many requests ${what}; try again in a minute`, undefined, undefined, { "Retry-After": String(RATE_LIMIT_PERIOD_S) });
}

/**
 * Client routes: at most the `CLIENT_RATE_LIMIT` binding's limit per client key and address per
 * minute (429 `rate_limited` with `Retry-After`). Runs after the key is checked, so an unknown key
 * is a 401 and cannot use up a real key's budget.
 */
export const clientRateLimit: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header("x-client-key") ?? c.req.query("clientKey") ?? "admin";
  if (await exceeded(c.env.CLIENT_RATE_LIMIT, `${key}|${clientAddress(c.req.raw)}`)) tooMany("from this address with this client key");
  await next();
};

/** Admin routes: failed sign-ins are limited per address (`ADMIN_AUTH_RATE_LIMIT`), so the admin key cannot be guessed. */
export async function limitFailedAdminAuth(env: AppEnv["Bindings"], request: Request): Promise<void> {
  if (await exceeded(env.ADMIN_AUTH_RATE_LIMIT, clientAddress(request))) tooMany("with a wrong admin key from this address");
}

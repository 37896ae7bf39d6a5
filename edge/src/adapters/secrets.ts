import type { Env } from "../env.ts";
import { isDevelopment } from "../settings.ts";

const DEV_FALLBACK = "edgewise-dev-token-secret";

/**
 * `TOKEN_SECRET`. Outside local development `requireConfiguration` has answered 503 before a route
 * gets here when it is missing; in local development only, a fixed value stands in.
 */
export function tokenSecret(env: Env): string {
  if (env.TOKEN_SECRET) return env.TOKEN_SECRET;
  if (isDevelopment(env)) return DEV_FALLBACK;
  throw new Error("TOKEN_SECRET is not set (requireConfiguration lets no request through without it)");
}

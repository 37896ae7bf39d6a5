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

/** The edge's own secrets: never the secret of a destination (the catalog's validation refuses them too). */
const OWN_SECRETS = new Set(["ADMIN_KEY", "TOKEN_SECRET", "CLIENT_KEYS", "IDENTITY_SECRET", "SNAPSHOT_SIGNING_SECRET"]);

/**
 * The value of the Worker secret (or `.dev.vars` entry) a catalog names for signing outbound calls
 * (`webhooks[].secret`): an own, non-empty string binding, never one of the edge's own secrets.
 */
export function workerSecret(env: Env, name: string): string | undefined {
  if (OWN_SECRETS.has(name) || !/^[A-Z][A-Z0-9_]{0,63}$/.test(name) || !Object.hasOwn(env, name)) return undefined;
  const value = (env as unknown as Record<string, unknown>)[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { isPublicKey, secretsEqual } from "../domain/identity/crypto.ts";
import { limitFailedAdminAuth } from "./rate-limit.ts";

/** Whether the request carries `Authorization: Bearer <ADMIN_KEY>` (constant-time check). */
export async function hasAdminKey(request: Request, env: Env): Promise<boolean> {
  const expected = env.ADMIN_KEY;
  const header = request.headers.get("authorization");
  if (!expected || !header) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match ? secretsEqual(match[1]!, expected) : false;
}

/** Whether `key` is one of `CLIENT_KEYS` (public keys: every configured key compared, in constant time each). */
export function isClientKey(key: string | null | undefined, env: Env): boolean {
  return !!key && isPublicKey(key, env.CLIENT_KEYS ?? "");
}

/**
 * Admin routes: only `Authorization: Bearer <ADMIN_KEY>` opens them; a client key never does.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!(await hasAdminKey(c.req.raw, c.env))) {
    await limitFailedAdminAuth(c.env, c.req.raw);
    throw new ApiError(401, "unauthorized", "admin routes need Authorization: Bearer <admin key>");
  }
  c.set("isAdmin", true);
  await next();
};

/**
 * Client routes: a client key in `x-client-key` (or the `clientKey` query parameter, for beacons
 * that cannot set headers). The admin key is accepted too, and marks the caller as admin (which
 * unlocks `explain`).
 */
export const requireClient: MiddlewareHandler<AppEnv> = async (c, next) => {
  const isAdmin = await hasAdminKey(c.req.raw, c.env);
  const key = c.req.header("x-client-key") ?? c.req.query("clientKey");
  if (!isAdmin && !isClientKey(key, c.env)) {
    throw new ApiError(401, "unauthorized", "client routes need a valid x-client-key header");
  }
  c.set("isAdmin", isAdmin);
  await next();
};

import type { Env } from "../env.ts";

const DEV_FALLBACK = "edgewise-dev-token-secret";
let warned = false;

/** `TOKEN_SECRET`, or a fixed development value (logged once) when it is not configured. */
export function tokenSecret(env: Env): string {
  if (env.TOKEN_SECRET) return env.TOKEN_SECRET;
  if (!warned) {
    warned = true;
    console.warn("TOKEN_SECRET is not set: decision tokens use a public development secret");
  }
  return DEV_FALLBACK;
}

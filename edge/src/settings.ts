import type { Env } from "./env.ts";

/** What the Worker cannot run without outside local development (secrets, and the allowed origins). */
export const REQUIRED_SETTINGS = ["CLIENT_KEYS", "ADMIN_KEY", "TOKEN_SECRET", "ALLOWED_ORIGINS"] as const satisfies readonly (keyof Env)[];

/**
 * Local development is what `.dev.vars` says (`ENVIRONMENT=development`): wrangler reads it only
 * under `wrangler dev`, never on deploy, so a deployed Worker is never in development by accident.
 */
export const isDevelopment = (env: Env): boolean => env.ENVIRONMENT === "development";

/** The required settings `env` lacks (none in local development, where `.dev.vars` provides them). */
export function missingSettings(env: Env): string[] {
  if (isDevelopment(env)) return [];
  return REQUIRED_SETTINGS.filter((name) => !env[name]?.trim());
}

/** Whether a flag var (`SERVE_CONSOLE`, `SERVE_DEMO`) is on: `true` or `1`. */
export const isOn = (value: string | undefined): boolean => value === "true" || value === "1";

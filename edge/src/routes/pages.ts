import type { Context, Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { isOn } from "../settings.ts";

/**
 * The demo's pages (shop and mobile demo) and the operator console, in the Worker's assets, each
 * also by the name without `.html` that the assets' `auto-trailing-slash` handling serves it under.
 */
export const DEMO_PATHS = ["/", "/index", "/index.html", "/cart", "/cart.html", "/products/*", "/shop/*", "/mobile", "/mobile/*"] as const;
export const CONSOLE_PATHS = ["/console", "/console/*"] as const;

/**
 * Serves the demo and the console from the assets only where the operator turned them on
 * (`SERVE_DEMO`, `SERVE_CONSOLE`; `.dev.vars` turns both on for `npm start`); elsewhere they answer
 * 404 like any unknown path. wrangler.jsonc runs the Worker first for these paths
 * (`assets.run_worker_first`), so the assets alone never publish them.
 */
export function mountPages(app: Hono<AppEnv>): void {
  const serve = (flag: "SERVE_DEMO" | "SERVE_CONSOLE", what: string) => async (c: Context<AppEnv>) => {
    if (!isOn(c.env[flag])) throw new ApiError(404, "not_found", `${what} is not served here (${flag} is off)`);
    return c.env.ASSETS.fetch(c.req.raw);
  };
  for (const path of DEMO_PATHS) app.get(path, serve("SERVE_DEMO", "the demo"));
  for (const path of CONSOLE_PATHS) app.get(path, serve("SERVE_CONSOLE", "the console"));
}

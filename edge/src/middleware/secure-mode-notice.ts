import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";

let announced = false;

/** Logs once per isolate, on its first request, when secure mode (identity verification) is off. */
export const secureModeNotice: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!announced) {
    announced = true;
    if (!c.env.IDENTITY_SECRET) {
      console.warn(
        "[edgewise] secure mode is OFF: IDENTITY_SECRET is not set, so profile ids are trusted as sent. " +
          "Set it (wrangler secret put IDENTITY_SECRET) in production.",
      );
    }
  }
  await next();
};

import type { Env } from "./env.ts";

/** hono's type parameters for this app: bindings, and what middleware sets on the context. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    /** True when the request carries the admin bearer key. */
    isAdmin: boolean;
  };
}

import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../app-env.ts";
import { ApiError, refusalResponse } from "../errors.ts";
import { Refusal } from "../domain/shared/refusal.ts";
import { drainReader } from "../domain/shared/streams.ts";

/**
 * The one place where errors become responses: a `Refusal` (the domain's, or the HTTP layer's
 * `ApiError`) answers with its status and JSON; anything else is a bug, logged and answered 500
 * without details.
 */
export const onError: ErrorHandler<AppEnv> = async (error, c) => {
  await drainUnreadBody(c.req.raw);
  if (error instanceof Refusal) return refusalResponse(error);
  if (error instanceof HTTPException && error.status < 500) {
    return refusalResponse(new ApiError(error.status === 413 ? 413 : 400, "bad_request", error.message || "bad request"));
  }
  console.error("unhandled error", error);
  return refusalResponse(new ApiError(500, "internal", "internal error"));
};

export const notFound: NotFoundHandler<AppEnv> = async (c) => {
  await drainUnreadBody(c.req.raw);
  return refusalResponse(new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`));
};

/**
 * An answer given before the body was read (401, 403, 405, 413, 415, 429, 404…): the body is read
 * to its end and dropped first (`drainReader`).
 */
export async function drainUnreadBody(request: Request): Promise<void> {
  const body = request.body;
  if (body && !request.bodyUsed && !body.locked) await drainReader(body.getReader());
}

/** For hono's `methodNotAllowed` middleware: 405 in the JSON error shape, with `Allow`. */
export async function onMethodNotAllowed(c: Context<AppEnv>, allowed: string[]): Promise<Response> {
  await drainUnreadBody(c.req.raw);
  return refusalResponse(new ApiError(405, "method_not_allowed", `${c.req.method} is not allowed on ${c.req.path}`), {
    Allow: allowed.join(", "),
  });
}

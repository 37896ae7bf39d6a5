import { Refusal, type RefusalKind } from "./domain/shared/refusal.ts";

export type { ErrorBody } from "./domain/shared/refusal.ts";

export type HttpStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503;

const STATUS_OF: Record<RefusalKind, HttpStatus> = {
  invalid: 400,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unavailable: 503,
};
const KIND_OF: Partial<Record<HttpStatus, RefusalKind>> = Object.fromEntries(Object.entries(STATUS_OF).map(([kind, status]) => [status, kind]));

/** The HTTP status of a refusal. */
export const statusOf = (refusal: Refusal): HttpStatus => (refusal instanceof ApiError ? refusal.status : STATUS_OF[refusal.kind]);

/**
 * A refusal of the HTTP boundary itself (401, 405, 429…, or any status with headers): thrown in a
 * request, turned into `{"error":{"code","message","path"?}}` with its status by the app's single
 * `onError`, as the domain's `Refusal` is.
 *
 * @example
 * throw new ApiError(400, "invalid_body", "expected a string", "$.placements[0]");
 */
export class ApiError extends Refusal {
  override readonly name = "ApiError";
  constructor(
    readonly status: HttpStatus,
    code: string,
    message: string,
    path?: string,
    details?: Record<string, unknown>,
    /** Response headers (e.g. `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    super(KIND_OF[status] ?? "invalid", code, message, path, details);
  }
}

/** The response for a refusal (its status, the JSON error shape, its headers). */
export function refusalResponse(refusal: Refusal, headers?: Record<string, string>): Response {
  const own = refusal instanceof ApiError ? refusal.headers : undefined;
  return Response.json(refusal.toJSON(), { status: statusOf(refusal), headers: { ...own, ...headers } });
}

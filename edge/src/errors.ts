/** The JSON body of every error the API returns. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string; [extra: string]: unknown };
}

/**
 * The one error type of the HTTP boundary: thrown anywhere in a request, turned into
 * `{"error":{"code","message","path"?}}` with its status by the app's single `onError`.
 *
 * @example
 * throw new ApiError(400, "invalid_body", "expected a string", "$.placements[0]");
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 429 | 500 | 503,
    readonly code: string,
    message: string,
    readonly path?: string,
    /** Extra fields merged into the error object (e.g. every catalog error). */
    readonly details?: Record<string, unknown>,
    /** Response headers (e.g. `Retry-After`). */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }

  toJSON(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.path === undefined ? {} : { path: this.path }),
        ...this.details,
      },
    };
  }

  getResponse(headers?: Record<string, string>): Response {
    return Response.json(this.toJSON(), { status: this.status, headers: { ...this.headers, ...headers } });
  }
}

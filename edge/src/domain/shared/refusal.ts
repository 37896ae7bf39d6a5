/** What kind of refusal: the HTTP layer maps each to its status (400, 403, 404, 409, 413, 415, 503). */
export type RefusalKind = "invalid" | "forbidden" | "not_found" | "conflict" | "too_large" | "unsupported" | "unavailable";

/** The JSON body of every error the API returns. */
export interface ErrorBody {
  error: { code: string; message: string; path?: string; [extra: string]: unknown };
}

/**
 * Why the domain will not do what it was asked: bad input at a JSON path, a conflict, something
 * missing. Knows nothing of HTTP; the edge's single `onError` turns it into
 * `{"error":{"code","message","path"?}}` with the status of its `kind`.
 *
 * @example throw new Refusal("invalid", "invalid_body", "expected a string", "$.placements[0]");
 */
export class Refusal extends Error {
  override readonly name: string = "Refusal";
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    readonly path?: string,
    /** Extra fields merged into the error object (e.g. every catalog error). */
    readonly details?: Record<string, unknown>,
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
}

import { OUTBOUND_LIMITS as LIMITS } from "./limits.ts";

/** What one attempt's answer means: delivered, worth another attempt, or failed for good. */
export type Verdict = "delivered" | "retry" | "failed";

/**
 * DESIGN.md's retry rule: 2xx delivered; 408, 429, 5xx and network errors or timeouts (no status)
 * retried; any other answer (a 4xx, or a redirect: they are not followed) fails at once.
 *
 * @example verdictOf(503) // "retry"; verdictOf(400) // "failed"; verdictOf(undefined) // "retry"
 */
export function verdictOf(status: number | undefined): Verdict {
  if (status === undefined || status === 408 || status === 429 || status >= 500) return "retry";
  return status >= 200 && status < 300 ? "delivered" : "failed";
}

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds or an HTTP date, at most
 * LIMITS.maxRetryAfterMs; `undefined` when absent or unreadable.
 *
 * @example retryAfterMs("2", 0) // 2000
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const text = header.trim();
  const ms = /^\d{1,10}$/.test(text) ? Number(text) * 1000 : /^[A-Za-z]{3}, /.test(text) ? Date.parse(text) - now : NaN;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), LIMITS.maxRetryAfterMs) : undefined;
}

/**
 * When to try again after the `failures`-th failed attempt: exponential back-off from
 * LIMITS.firstRetryMs, doubling, at most LIMITS.maxRetryMs, with jitter (50–100 % of it, so that
 * many deliveries failing together do not retry together), and never before `Retry-After`.
 *
 * @example nextAttemptAt(1, 0, undefined, () => 1) // 1000; nextAttemptAt(3, 0, 10_000, () => 1) // 10000
 */
export function nextAttemptAt(failures: number, now: number, retryAfter: number | undefined, random: () => number = Math.random): number {
  const backoff = Math.min(LIMITS.maxRetryMs, LIMITS.firstRetryMs * 2 ** Math.min(failures - 1, 30));
  return now + Math.max(Math.round(backoff * (0.5 + random() / 2)), retryAfter ?? 0);
}

import type { Clock, Transport, TransportResponse } from "@edgewise/sdk-core";
import { systemClock } from "./clock.ts";

/** What the SDK passes to `fetch`. `signal` is typed `never` so that every `fetch` (React Native's, the DOM's, Node's) is assignable to `FetchLike`. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: never;
}

/** The network port: a WHATWG `fetch` (React Native's global `fetch` as is). It rejects only when the network fails. */
export type FetchLike = (url: string, init?: FetchInit) => Promise<TransportResponse>;

interface AbortControllerLike {
  readonly signal: unknown;
  abort(): void;
}

/**
 * The core's `Transport` over `fetch`, with a timeout: React Native's `fetch` has none on Android,
 * and one stalled request would hold every later event back. An app going to the background still
 * runs for a few seconds, so `send` is an ordinary `fetch` whose result nobody waits for.
 *
 * @example const transport = fetchTransport(fetch, { timeout: 8000 });
 */
export function fetchTransport(fetchFn: FetchLike, options: { timeout?: number; clock?: Clock } = {}): Transport {
  const timeout = options.timeout ?? 10_000;
  const clock = options.clock ?? systemClock;
  return {
    fetch(url, init) {
      const Controller = (globalThis as { AbortController?: new () => AbortControllerLike }).AbortController;
      const controller = Controller ? new Controller() : undefined;
      let timer: unknown;
      const expired = new Promise<never>((_resolve, reject) => {
        timer = clock.setTimeout(() => {
          controller?.abort();
          reject(new Error(`request timed out after ${timeout} ms: ${init.method ?? "GET"} ${url}`));
        }, timeout);
      });
      const request = fetchFn(url, { ...init, ...(controller && { signal: controller.signal as never }) });
      return Promise.race([request, expired]).finally(() => clock.clearTimeout(timer));
    },
    send(url, body) {
      fetchFn(url, { method: "POST", body, headers: { "content-type": "application/json" } }).catch(() => {});
      return true;
    },
  };
}

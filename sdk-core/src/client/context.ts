import type { Clock, TransportResponse } from "../ports.ts";
import { createEmitter } from "../util.ts";
import type { ClientEvents, CoreOptions, Mode } from "./options.ts";

/** What every part of the client core shares: its options, clock, logging, events and HTTP to the edge. */
export interface CoreContext {
  readonly options: CoreOptions;
  readonly clock: Clock;
  /** `edge` while previewing (the edge forces what the token names), else the options' mode. */
  readonly mode: Mode;
  /** The preview token in force (the options' or `preview()`'s), if any. */
  previewToken(): string | undefined;
  setPreview(token: string | undefined): void;
  /** The edge's origin without a trailing slash ("" for the page's own). */
  readonly base: string;
  log(message: string, error?: unknown): void;
  /** A handler that logs `message` with the error and emits `error`. */
  fail(message: string): (error: unknown) => void;
  readonly emitter: ReturnType<typeof createEmitter<ClientEvents>>;
  /** A request to the edge with the client key (and a JSON body, if any). */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TransportResponse>;
}

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (globalThis as unknown as Timers).setTimeout(fn, ms),
  clearTimeout: (handle) => (globalThis as unknown as Timers).clearTimeout(handle),
};

const warn = (message: string, error?: unknown) =>
  (globalThis as unknown as { console?: { warn(...a: unknown[]): void } }).console?.warn("[edgewise]", message, error ?? "");

export function createContext(o: CoreOptions): CoreContext {
  const log = o.logger ?? warn;
  const emitter = createEmitter<ClientEvents>((error) => log("handler failed", error));
  const base = (o.edgeUrl ?? "").replace(/\/+$/, "");
  let preview = o.preview || undefined;
  return {
    options: o,
    clock: o.clock ?? defaultClock,
    // A preview is decided by the edge, which forces what the token names.
    get mode() {
      return preview ? "edge" : (o.mode ?? "hybrid");
    },
    previewToken: () => preview,
    setPreview: (token) => void (preview = token || undefined),
    base,
    log,
    emitter,
    fail: (message) => (error) => {
      log(message, error);
      emitter.emit("error", error);
    },
    request(method, path, body, extra) {
      const headers: Record<string, string> = { "x-client-key": o.clientKey, ...extra };
      if (body) headers["content-type"] = "application/json";
      return o.transport.fetch(base + path, { method, headers, body: body && JSON.stringify(body) } as never);
    },
  };
}

import type { MessageDecision } from "./wire.ts";

/**
 * The ports through which the client core touches a platform. Each is small and says what an
 * implementation must guarantee; the web and mobile SDKs provide adapters (see `src/platform/`).
 */

/**
 * Key-value persistence (IndexedDB in browsers, AsyncStorage in React Native).
 *
 * Implementations must never reject: on a platform error they log, degrade (e.g. to memory) and
 * resolve. Values are structured-cloneable JSON. `update` must apply `fn` atomically with respect
 * to other tabs or processes sharing the store, as far as the platform allows.
 *
 * @example const storage: Storage = memoryStorage(); await storage.set("k", 1); await storage.get("k"); // 1
 */
export interface Storage {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  update<T>(key: string, fn: (old: T | undefined) => T): Promise<void>;
}

/** The part of a `fetch` Response the core reads. */
export interface TransportResponse {
  status: number;
  headers: { get(name: string): string | null };
  json(): Promise<unknown>;
}

/**
 * HTTP to the edge.
 *
 * `fetch` has `fetch` semantics (rejects only on network failure). `send` is fire-and-forget for a
 * page or app going away: it must not depend on the caller staying alive (sendBeacon, keepalive)
 * and returns whether the platform queued the request. It cannot set headers, so the client key
 * travels in the URL.
 */
export interface Transport {
  fetch(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }): Promise<TransportResponse>;
  send(url: string, body: string): boolean;
}

/** Time and timers; the default uses the global `Date.now`, `setTimeout` and `clearTimeout`. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * App or page lifecycle. `onHide` fires when the app goes to the background or the page may be
 * unloaded (the core flushes events with `Transport.send` then); `onResume` when it is visible or
 * back online (the core retries at once). Both return an unsubscribe function.
 */
export interface Lifecycle {
  onHide(fn: () => void): () => void;
  onResume(fn: () => void): () => void;
}

/** Shows a message decision; reports what the person does through `reply`. */
export interface Presenter {
  /**
   * Show `decision.message`. Return `false` when it cannot be shown (the core then logs a
   * `suppress`). Call `reply("interact", {action})` when a button is used and `reply("dismiss")`
   * when the message is closed.
   */
  show(decision: MessageDecision, reply: (type: "interact" | "dismiss", properties?: Record<string, unknown>) => void): boolean;
  /**
   * Optional: resolves once `show` can show a message now. A presenter that loads its renderer
   * lazily (the web SDK's script tag) loads it here; the core awaits it before showing a message.
   */
  prepare?(): Promise<void>;
}

/** Small helpers shared by the client core. No platform globals beyond ECMAScript and `crypto`. */
import type { MessageButton } from "./wire.ts";

interface CryptoLike {
  getRandomValues<T extends Uint8Array>(array: T): T;
}

/**
 * A random RFC 4122 version-4 UUID. Uses `crypto.getRandomValues` where it exists (also outside
 * secure contexts, unlike `crypto.randomUUID`), else `Math.random`.
 *
 * @example uuid(); // "3b241101-e2bb-4255-8caf-4136c566a962"
 */
export function uuid(): string {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (crypto) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.random() * 256;
  bytes[6] = (bytes[6]! & 15) | 64;
  bytes[8] = (bytes[8]! & 63) | 128;
  const hex = Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Milliseconds to wait from an HTTP `Retry-After` value (delta-seconds or an HTTP date), or
 * `undefined` when it is missing or malformed.
 *
 * @example retryAfterMs("120", 0); // 120000
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.max(0, ms) : undefined;
}

/**
 * Exponential backoff with jitter: about `base·2^(attempt-1)`, capped at `max`, randomised within
 * [50 %, 100 %] so that many clients do not retry in step.
 *
 * @example backoffMs(3, 1000, 300000, () => 1); // 4000
 */
export function backoffMs(attempt: number, base: number, max: number, random: () => number = Math.random): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** A minimal event emitter (after developit/mitt); a handler that throws does not stop the others. */
export function createEmitter<Events>(onError: (error: unknown) => void) {
  const handlers = new Map<keyof Events, Set<(value: never) => void>>();
  return {
    on<K extends keyof Events>(type: K, fn: (value: Events[K]) => void): () => void {
      let set = handlers.get(type);
      if (!set) handlers.set(type, (set = new Set()));
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit<K extends keyof Events>(type: K, value: Events[K]): void {
      handlers.get(type)?.forEach((fn) => {
        try {
          (fn as (value: Events[K]) => void)(value);
        } catch (error) {
          onError(error);
        }
      });
    },
  };
}

/**
 * A message's buttons that a renderer can show: the objects of its `buttons` list. Devices compile
 * rulesets without the edge's validation, so renderers take nothing about a message's shape for
 * granted.
 *
 * @example messageButtons({ layout: "modal", buttons: [null, { label: "Go", action: { type: "dismiss" } }] }); // [{label: "Go", …}]
 */
export function messageButtons(message: { buttons?: unknown }): MessageButton[] {
  return Array.isArray(message.buttons) ? message.buttons.filter((b): b is MessageButton => typeof b === "object" && b !== null) : [];
}

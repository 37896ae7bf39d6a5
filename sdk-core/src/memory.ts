import type { Storage } from "./ports.ts";

/**
 * A `Storage` kept in memory: for tests, for consent "pending" (nothing may be written), and as the
 * fallback when a platform's storage fails. Values are stored as given (callers replace, never
 * mutate, what they store).
 *
 * @example const storage = memoryStorage(); await storage.set("a", 1);
 */
export function memoryStorage(map: Map<string, unknown> = new Map()): Storage {
  return {
    get: async <T>(key: string) => map.get(key) as T | undefined,
    set: async (key, value) => void map.set(key, value),
    del: async (key) => void map.delete(key),
    update: async <T>(key: string, fn: (old: T | undefined) => T) => void map.set(key, fn(map.get(key) as T | undefined)),
  };
}

import { memoryStorage, type Storage } from "@edgewise/sdk-core";

/**
 * The storage port: the shape of React Native's AsyncStorage, so
 * `@react-native-async-storage/async-storage` plugs in as is (and so does any store with these three
 * methods: MMKV wrappers, `localStorage`, a file). Values are strings.
 *
 * An implementation may be slow and may reject (the adapter then logs and continues in memory);
 * it need not be atomic: the adapter runs one operation at a time. It must return what was last
 * set for a key, or `null` when there is nothing (a synchronous return is fine too).
 */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null | undefined> | string | null | undefined;
  setItem(key: string, value: string): Promise<unknown> | unknown;
  removeItem(key: string): Promise<unknown> | unknown;
}

export interface KeyValueStorageOptions {
  /** Prepended to every key, so the SDK's entries never collide with the app's. Default `"@edgewise:"`. */
  prefix?: string;
  logger?: (message: string, error?: unknown) => void;
}

/**
 * Adapts an AsyncStorage-shaped store to the core's `Storage` port: JSON values under prefixed
 * keys, one operation at a time (so `update` is atomic within the app, and a read sees every write
 * made before it), never rejecting. The first failure of the store is logged and the rest of the
 * app's run continues in memory; a value that is not valid JSON reads as missing.
 *
 * @example
 * import AsyncStorage from "@react-native-async-storage/async-storage";
 * const storage = keyValueStorage(AsyncStorage);
 * await storage.update<number>("launches", (n = 0) => n + 1);
 */
export function keyValueStorage(store: KeyValueStore, options: KeyValueStorageOptions = {}): Storage {
  const prefix = options.prefix ?? "@edgewise:";
  const log = options.logger ?? (() => {});
  let fallback: Storage | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` after every operation queued before it. */
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => {});
    return run;
  };

  const read = async <T>(key: string): Promise<T | undefined> => {
    const text = await store.getItem(prefix + key);
    if (text === null || text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      log(`stored value of ${key} is not JSON; ignored`, error);
      return undefined;
    }
  };
  const write = async (key: string, value: unknown): Promise<void> => {
    if (value === undefined) await store.removeItem(prefix + key);
    else await store.setItem(prefix + key, JSON.stringify(value));
  };

  const degrade = (error: unknown): Storage => {
    log("storage failed; keeping data in memory for this run", error);
    return (fallback = memoryStorage());
  };

  /** Runs `native` against the store or, once the store has failed, `degraded` against memory. */
  const attempt = <T>(native: () => Promise<T>, degraded: (memory: Storage) => Promise<T>): Promise<T> =>
    serial(async () => {
      if (fallback) return degraded(fallback);
      try {
        return await native();
      } catch (error) {
        return degraded(degrade(error));
      }
    });

  return {
    get: <T>(key: string) => attempt(() => read<T>(key), (m) => m.get<T>(key)),
    set: (key, value) => attempt(() => write(key, value), (m) => m.set(key, value)),
    del: (key) => attempt(() => write(key, undefined), (m) => m.del(key)),
    update: <T>(key: string, fn: (old: T | undefined) => T) =>
      attempt(
        async () => {
          const value = fn(await read<T>(key));
          // A failed write keeps the new value in memory rather than losing it.
          await write(key, value).catch((error: unknown) => degrade(error).set(key, value));
        },
        (m) => m.update(key, fn),
      ),
  };
}

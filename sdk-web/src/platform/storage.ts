import { createStore, del, get, set, update, type UseStore } from "idb-keyval";
import { memoryStorage, type Storage } from "@edgewise/sdk-core";

/**
 * IndexedDB storage through idb-keyval (database `edgewise`, store `kv`). The first failure
 * (private mode, blocked or missing IndexedDB, quota) is logged and the adapter continues in
 * memory, so the SDK keeps working for the page's lifetime.
 *
 * @example const storage = idbStorage(); await storage.set("k", { a: 1 });
 */
export function idbStorage(log: (message: string, error?: unknown) => void = () => {}): Storage {
  let store: UseStore | undefined;
  let fallback: Storage | undefined;
  const attempt = <T>(run: (store: UseStore) => Promise<T>, degraded: (memory: Storage) => Promise<T>): Promise<T> => {
    if (!fallback) {
      try {
        store ??= createStore("edgewise", "kv");
        return run(store).catch((error: unknown) => degrade(error, degraded));
      } catch (error) {
        return degrade(error, degraded);
      }
    }
    return degraded(fallback);
  };
  const degrade = <T>(error: unknown, degraded: (memory: Storage) => Promise<T>): Promise<T> => {
    if (!fallback) log("IndexedDB unavailable; storing in memory", error);
    fallback ??= memoryStorage();
    return degraded(fallback);
  };
  return {
    get: (key) => attempt((s) => get(key, s), (m) => m.get(key)),
    set: (key, value) => attempt((s) => set(key, value, s), (m) => m.set(key, value)),
    del: (key) => attempt((s) => del(key, s), (m) => m.del(key)),
    update: (key, fn) => attempt((s) => update(key, fn, s), (m) => m.update(key, fn)),
  };
}

/**
 * Merging consequence data into event data, as the SDK's `EventDataMerger` does for `add`
 * (no overwrite) and `mod` (overwrite) consequences: nested maps merge, a `null` in the result removes
 * the key, `mod` concatenates lists, and a `key[*]` map merges into every map of the list at `key`.
 */
import { isRecord } from "./types.ts";

/** Deepest nesting merged (a bound on recursion over host data); deeper maps are taken whole. */
export const MAX_MERGE_DEPTH = 64;

const WILDCARD = "[*]";

function resolve(from: unknown, to: unknown, overwrite: boolean, depth: number): unknown {
  if (isRecord(from) && isRecord(to)) return depth < MAX_MERGE_DEPTH ? mergeData(from, to, overwrite, depth + 1) : overwrite ? from : to;
  if (!overwrite) return to;
  if (Array.isArray(from) && Array.isArray(to)) return [...from, ...to];
  return from;
}

/**
 * Merges `from` into `to` (neither is changed). With `overwrite` false existing keys keep their value;
 * with it true they take `from`'s. Returns a prototype-free object.
 */
export function mergeData(
  from: Readonly<Record<string, unknown>>,
  to: Readonly<Record<string, unknown>>,
  overwrite: boolean,
  depth = 0,
): Record<string, unknown> {
  const merged: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(to)) merged[key] = to[key];
  for (const key of Object.keys(from)) {
    const value = from[key];
    if (Object.hasOwn(merged, key)) {
      const resolved = resolve(value, merged[key], overwrite, depth);
      if (resolved === null || resolved === undefined) delete merged[key];
      else merged[key] = resolved;
    } else if (key.endsWith(WILDCARD)) {
      const target = key.slice(0, -WILDCARD.length);
      const list = merged[target];
      if (isRecord(value) && Array.isArray(list) && depth < MAX_MERGE_DEPTH) {
        merged[target] = list.map((item) => (isRecord(item) ? mergeData(value, item, overwrite, depth + 1) : item));
      }
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

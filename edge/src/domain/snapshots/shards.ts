import type { SnapshotStorage } from "./ports.ts";

/** The shard of a profile id: FNV-1a (32-bit) of its UTF-16 code units, modulo `shards`. */
export function shardOf(profileId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < profileId.length; i++) {
    hash ^= profileId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** Removes a version's rows from every shard (a rejected import, or a version past rollback). */
export async function dropVersion(storage: Pick<SnapshotStorage, "shard">, vid: number, shards: number): Promise<void> {
  await Promise.all(Array.from({ length: shards }, (_, shard) => storage.shard(shard).drop(vid)));
}

/** Distinct profiles of a version, counted over its shards. */
export async function countVersion(storage: Pick<SnapshotStorage, "shard">, vid: number, shards: number): Promise<number> {
  const counts = await Promise.all(Array.from({ length: shards }, (_, shard) => storage.shard(shard).count(vid)));
  return counts.reduce((sum, n) => sum + n, 0);
}

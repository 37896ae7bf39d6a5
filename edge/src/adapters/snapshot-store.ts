import type { SnapshotRegistry, SnapshotShard, SnapshotStorage } from "../domain/snapshots/ports.ts";
import { shardOf } from "../domain/snapshots/shards.ts";
import { ACTIVE_SNAPSHOT_KEY, type ActiveSnapshot, type ProfileState } from "../domain/snapshots/types.ts";
import type { Env } from "../env.ts";
import { ActivePointer } from "./kv/active-pointer.ts";
import { StreamingHmac } from "./streaming-hmac.ts";

/**
 * Audience-state snapshots. A version's profiles live in `SnapshotShard` Durable Objects (SQLite),
 * spread by a hash of the profile id, keyed by the version's number (`vid`); the
 * `SnapshotRegistry` object tracks versions and their states; KV `snapshot:active` holds the
 * active pointer, switched in one write after the version is completely stored. A decision reads
 * the pointer (cached 1 s per isolate) and then exactly one row: the profile's state in that
 * version (cached per isolate, since versions never change once written).
 */

export type { ActiveSnapshot, ProfileState } from "../domain/snapshots/types.ts";

export const activeSnapshotPointer = new ActivePointer<ActiveSnapshot>(ACTIVE_SNAPSHOT_KEY, 1_000);

/** The active version, or `null` (also for a pointer written by an older edge, without `vid`). */
export async function readActiveSnapshot(kv: KVNamespace): Promise<ActiveSnapshot | null> {
  const active = await activeSnapshotPointer.read(kv);
  return active && typeof active.vid === "number" ? active : null;
}

/** The snapshot storage of the domain's importer: the registry and shard objects, and workerd's streaming HMAC. */
export function snapshotStorage(env: Env): SnapshotStorage {
  return { registry: snapshotRegistry(env), shard: (n) => snapshotShard(env, n), mac: (secret) => StreamingHmac.create(secret) };
}

export function snapshotRegistry(env: Env): SnapshotRegistry {
  return env.SNAPSHOT_REGISTRY.get(env.SNAPSHOT_REGISTRY.idFromName("registry")) as unknown as SnapshotRegistry;
}

export function snapshotShard(env: Env, shard: number): SnapshotShard {
  return env.SNAPSHOT_SHARDS.get(env.SNAPSHOT_SHARDS.idFromName(`shard-${shard}`)) as unknown as SnapshotShard;
}

const MAX_CACHED_STATES = 10_000;
const cachedStates = new Map<string, ProfileState | null>();

/**
 * A profile's state in the active version: one storage read (one row of one shard), or an
 * isolate cache hit (LRU). A profile absent from the snapshot has no state (`null`).
 */
export async function readProfileState(env: Env, active: ActiveSnapshot, profileId: string): Promise<ProfileState | null> {
  const key = `${active.vid}:${profileId}`;
  if (cachedStates.has(key)) {
    const state = cachedStates.get(key)!;
    cachedStates.delete(key);
    cachedStates.set(key, state);
    return state;
  }
  const text = await snapshotShard(env, shardOf(profileId, active.shards)).get(active.vid, profileId);
  const state = text === null ? null : (JSON.parse(text) as ProfileState);
  cachedStates.set(key, state);
  if (cachedStates.size > MAX_CACHED_STATES) cachedStates.delete(cachedStates.keys().next().value as string);
  return state;
}

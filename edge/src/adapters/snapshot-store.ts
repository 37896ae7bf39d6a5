import type { Env } from "../env.ts";
import { ActivePointer } from "./kv/active-pointer.ts";
import type { SnapshotRegistry } from "../hosts/snapshot-registry.ts";
import type { ShardRows, SnapshotShard } from "../hosts/snapshot-shard.ts";
import { ACTIVE_SNAPSHOT_KEY, type ActiveSnapshot, type SnapshotAudience } from "../domain/snapshots/types.ts";

/**
 * Audience-state snapshots. A version's profiles live in `SnapshotShard` Durable Objects (SQLite),
 * spread by a hash of the profile id, keyed by the version's number (`vid`); the
 * `SnapshotRegistry` object tracks versions and their states; KV `snapshot:active` holds the
 * active pointer, switched in one write after the version is completely stored. A decision reads
 * the pointer (cached 1 s per isolate) and then exactly one row: the profile's state in that
 * version (cached per isolate, since versions never change once written).
 */

export type { ActiveSnapshot } from "../domain/snapshots/types.ts";

export interface ProfileState {
  audiences: string[];
  attributes: Record<string, unknown>;
}

/** A header's audiences (kept for the validators' types). */
export interface SnapshotMeta {
  audiences: SnapshotAudience[];
}

export const activeSnapshotPointer = new ActivePointer<ActiveSnapshot>(ACTIVE_SNAPSHOT_KEY, 1_000);

/** The active version, or `null` (also for a pointer written by an older edge, without `vid`). */
export async function readActiveSnapshot(kv: KVNamespace): Promise<ActiveSnapshot | null> {
  const active = await activeSnapshotPointer.read(kv);
  return active && typeof active.vid === "number" ? active : null;
}

/** The RPC surfaces of the snapshot objects (stated once, as in objects/stubs.ts). */
export interface ShardApi {
  put(vid: number, part: number, rows: ShardRows): Promise<void>;
  get(vid: number, id: string): Promise<string | null>;
  count(vid: number): Promise<number>;
  dropPart(vid: number, part: number): Promise<number>;
  drop(vid: number): Promise<number>;
}

export type RegistryApi = Pick<
  SnapshotRegistry,
  "begin" | "startPart" | "partProgress" | "partAbandoned" | "fail" | "prepareCommit" | "ready" | "activate" | "remove" | "activeSnapshot" | "version" | "list"
> extends infer T
  ? { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never }
  : never;

export function snapshotRegistry(env: Env): RegistryApi {
  return env.SNAPSHOT_REGISTRY.get(env.SNAPSHOT_REGISTRY.idFromName("registry")) as unknown as RegistryApi;
}

export function snapshotShard(env: Env, shard: number): ShardApi {
  return env.SNAPSHOT_SHARDS.get(env.SNAPSHOT_SHARDS.idFromName(`shard-${shard}`)) as unknown as ShardApi;
}

/** The shard of a profile id: FNV-1a (32-bit) of its UTF-16 code units, modulo `shards`. */
export function shardOf(profileId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < profileId.length; i++) {
    hash ^= profileId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
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

/** Removes a version's rows from every shard (a rejected import, or a version past rollback). */
export async function dropVersion(env: Env, vid: number, shards: number): Promise<void> {
  await Promise.all(Array.from({ length: shards }, (_, shard) => snapshotShard(env, shard).drop(vid)));
}

/** Distinct profiles of a version, counted over its shards. */
export async function countVersion(env: Env, vid: number, shards: number): Promise<number> {
  const counts = await Promise.all(Array.from({ length: shards }, (_, shard) => snapshotShard(env, shard).count(vid)));
  return counts.reduce((sum, n) => sum + n, 0);
}

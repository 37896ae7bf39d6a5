import type { ActiveSnapshot, Dropped, ImportSlot, RegistryRefusal, ShardRows, SnapshotAudience, SnapshotError, SnapshotVersion } from "./types.ts";

/**
 * The one registry of snapshot versions (their states, parts and counts, and the active pointer).
 * Every call is serialised by the implementation, so two activations never interleave; activation
 * writes the active pointer that decisions read before it answers.
 */
export interface SnapshotRegistry {
  /** Starts (or, for a retried first part, continues) the import of `version`. */
  begin(version: string, audiences: SnapshotAudience[], shards: number, expectedParts: number | null, single?: boolean): Promise<ImportSlot | RegistryRefusal>;
  /** Records that part `n` is being received. */
  startPart(version: string, n: number, expectedParts?: number | null): Promise<ImportSlot | RegistryRefusal>;
  /** Progress of a part while it streams (and its final counts when `done`). */
  partProgress(version: string, n: number, lines: number, profiles: number, bytes: number, done: boolean): Promise<void>;
  /** A part that will be sent again (e.g. a bad signature): it no longer counts as received. */
  partAbandoned(version: string, n: number): Promise<void>;
  /** Rejects the whole version; answers its rows to remove. */
  fail(version: string, errors: SnapshotError[], invalidLines: number): Promise<Dropped | null>;
  /** Checks that every part arrived; answers what the commit needs to count rows. */
  prepareCommit(version: string, parts: number | null): Promise<{ vid: number; shards: number } | RegistryRefusal>;
  /** The version is completely written: it may be activated. */
  ready(version: string, profiles: number): Promise<SnapshotVersion | RegistryRefusal>;
  /** One atomic switch of the active pointer; answers the versions retired by it. */
  activate(version: string): Promise<{ active: ActiveSnapshot; dropped: Dropped[] } | RegistryRefusal>;
  /** Deletes a version that is not active; answers its rows to remove. */
  remove(version: string): Promise<Dropped | RegistryRefusal>;
  activeSnapshot(): Promise<ActiveSnapshot | null>;
  version(version: string): Promise<SnapshotVersion | null>;
  list(limit?: number): Promise<{ active: ActiveSnapshot | null; versions: SnapshotVersion[] }>;
}

/** One shard of the snapshot rows, keyed by `(vid, profileId)`. */
export interface SnapshotShard {
  put(vid: number, part: number, rows: ShardRows): Promise<void>;
  /** One profile's state in a version, as JSON text, or `null`. */
  get(vid: number, id: string): Promise<string | null>;
  count(vid: number): Promise<number>;
  /** Rows of a version with ids after `after`, in id order, at most `limit`. */
  page(vid: number, after: string, limit: number): Promise<{ id: string; state: string }[]>;
  /** Removes what one part of an import wrote (before that part is retried). */
  dropPart(vid: number, part: number): Promise<number>;
  drop(vid: number): Promise<number>;
}

/** HMAC-SHA256 of a body as it streams through (a signed import is verified without buffering it). */
export interface StreamingMac {
  update(chunk: Uint8Array): Promise<void>;
  /** Whether the digest equals `signature` (`sha256=<hex>`), in constant time. */
  matches(signature: string): Promise<boolean>;
}

/** Where snapshots live: the registry and the shards, and how a signed body is checked. */
export interface SnapshotStorage {
  registry: SnapshotRegistry;
  shard(n: number): SnapshotShard;
  mac(secret: string): Promise<StreamingMac>;
}

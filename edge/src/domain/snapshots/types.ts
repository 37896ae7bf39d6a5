/** Shapes shared by the snapshot registry, the importer, the routes and the CLI. */

export const ACTIVE_SNAPSHOT_KEY = "snapshot:active";

export type VersionState = "importing" | "ready" | "active" | "failed";

export interface SnapshotAudience {
  id: string;
  name?: string;
}

/** The active-version pointer (KV `snapshot:active`), read by every decision (cached 1 s). */
export interface ActiveSnapshot {
  version: string;
  /** The registry's number for the version: the key of its rows in the shards. */
  vid: number;
  /** How many shards the version's rows are spread over (by hash of the profile id). */
  shards: number;
  activatedAt: string;
  /** The version active before this one (the rollback target), if any. */
  previous: string | null;
}

/** One rejected line: its 1-based line number in the file and the JSON path (`$[line - 1]…`). */
export interface SnapshotError {
  line: number;
  path: string;
  message: string;
}

export interface SnapshotPart {
  n: number;
  state: "receiving" | "done";
  lines: number;
  profiles: number;
  bytes: number;
}

export interface SnapshotVersion {
  version: string;
  state: VersionState;
  profiles: number;
  audiences: SnapshotAudience[];
  createdAt: string;
  /** When the version was completely written (ready), if it was. */
  importedAt: string | null;
  activatedAt: string | null;
  progress?: { partsReceived: number; partsExpected: number | null; lines: number; bytes: number; percent?: number };
  errors?: SnapshotError[];
  invalidLines?: number;
  parts?: SnapshotPart[];
}

/** A profile's state in one snapshot version: its audiences and attributes. */
export interface ProfileState {
  audiences: string[];
  attributes: Record<string, unknown>;
}

/** A header's audiences. */
export interface SnapshotMeta {
  audiences: SnapshotAudience[];
}

/**
 * A batch of profile rows as an import sends them to a shard: the JSON text of
 * `[[profileId, state], …]`, each state itself JSON text. One string crosses the RPC and one
 * statement writes the batch.
 */
export type ShardRows = string;

/** What a registry call answers when it cannot do what was asked. */
export interface RegistryRefusal {
  refused: { status: 404 | 409; code: string; message: string };
}

export interface ImportSlot {
  vid: number;
  shards: number;
  /** The part was received before (a retry): what it wrote must be removed first. */
  retried: boolean;
}

/** A version whose rows are to be removed from the shards. */
export interface Dropped {
  vid: number;
  shards: number;
}

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

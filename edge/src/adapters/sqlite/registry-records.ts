import type { ActiveSnapshot, Dropped, ImportSlot, RegistryRefusal, SnapshotAudience, SnapshotError, SnapshotPart, SnapshotVersion, VersionState } from "../../domain/snapshots/types.ts";

/** Failed versions kept in the listing (their rows are gone). */
const KEEP_FAILED = 10;
/** Ready versions never activated (staged) kept at once: a new import beyond it is refused until one is deleted. */
export const MAX_STAGED = 20;

/**
 * An import that receives nothing for this long was interrupted (a crash, a dropped connection):
 * it is failed, visibly, and its rows are removed. A single-request import cannot resume; an
 * import by parts can, for a day (the CLI sends the missing parts again).
 */
export const INTERRUPTED_AFTER_MS = { single: 10 * 60_000, parts: 24 * 3_600_000 } as const;

interface VersionRow {
  version: string;
  vid: number;
  state: VersionState;
  shards: number;
  audiences: string;
  created_at: number;
  updated_at: number | null;
  single: number;
  ready_at: number | null;
  activated_at: number | null;
  profiles: number;
  expected_parts: number | null;
  errors: string | null;
  invalid_lines: number;
  [key: string]: SqlStorageValue;
}

interface PartRow {
  n: number;
  state: SnapshotPart["state"];
  lines: number;
  profiles: number;
  bytes: number;
  [key: string]: SqlStorageValue;
}

/**
 * The registry of snapshot versions in its Durable Object's SQLite: each version's state
 * (importing, ready, active, failed), its parts and counts, and the active pointer's copy. Every
 * method is synchronous, so each is one atomic step of the object.
 */
export class RegistryRecords {
  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS versions (
        version TEXT PRIMARY KEY, vid INTEGER NOT NULL, state TEXT NOT NULL, shards INTEGER NOT NULL,
        audiences TEXT NOT NULL, created_at INTEGER NOT NULL, ready_at INTEGER, activated_at INTEGER,
        profiles INTEGER NOT NULL DEFAULT 0, expected_parts INTEGER, errors TEXT,
        invalid_lines INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS parts (
        version TEXT NOT NULL, n INTEGER NOT NULL, state TEXT NOT NULL, lines INTEGER NOT NULL DEFAULT 0,
        profiles INTEGER NOT NULL DEFAULT 0, bytes INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (version, n));
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    // Columns added after the table was first created.
    const columns = new Set(sql.exec<{ name: string }>("PRAGMA table_info(versions)").toArray().map((c) => c.name));
    if (!columns.has("updated_at")) sql.exec("ALTER TABLE versions ADD COLUMN updated_at INTEGER");
    if (!columns.has("single")) sql.exec("ALTER TABLE versions ADD COLUMN single INTEGER NOT NULL DEFAULT 0");
  }

  /** Records that an import is still receiving (it is not interrupted). */
  private touch(version: string, now: number): void {
    this.sql.exec("UPDATE versions SET updated_at = ? WHERE version = ?", now, version);
  }

  private row(version: string): VersionRow | undefined {
    return this.sql.exec<VersionRow>("SELECT * FROM versions WHERE version = ?", version).toArray()[0];
  }

  private meta<T>(key: string): T | null {
    const rows = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray();
    return rows.length > 0 ? (JSON.parse(rows[0]!.value) as T) : null;
  }

  private setMeta(key: string, value: unknown): void {
    this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  /**
   * Starts (or, for a retried first part, continues) the import of `version`. A failed version may
   * be imported again from scratch; a ready or active one may not.
   */
  begin(version: string, audiences: SnapshotAudience[], shards: number, expectedParts: number | null, single = false, now = Date.now()): ImportSlot | RegistryRefusal {
    const existing = this.row(version);
    if (existing && existing.state === "importing") {
      this.sql.exec("UPDATE versions SET audiences = ?, expected_parts = coalesce(?, expected_parts) WHERE version = ?", JSON.stringify(audiences), expectedParts, version);
      return this.startPart(version, 1, null, now);
    }
    if (existing && existing.state !== "failed") {
      return refuse(409, "version_exists", `snapshot version ${version} was already imported`);
    }
    const { n: staged } = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM versions WHERE state IN ('ready', 'importing') AND activated_at IS NULL").one();
    if (staged >= MAX_STAGED) {
      return refuse(409, "too_many_staged", `${staged} versions are staged or importing (at most ${MAX_STAGED}): delete or activate some first`);
    }
    const vid = (this.meta<number>("nextVid") ?? 1);
    this.setMeta("nextVid", vid + 1);
    this.sql.exec("DELETE FROM parts WHERE version = ?", version);
    this.sql.exec(
      `INSERT OR REPLACE INTO versions (version, vid, state, shards, audiences, created_at, expected_parts, single)
       VALUES (?, ?, 'importing', ?, ?, ?, ?, ?)`,
      version, vid, shards, JSON.stringify(audiences), now, expectedParts, single ? 1 : 0,
    );
    return this.startPart(version, 1, null, now);
  }

  /** Records that part `n` is being received. */
  startPart(version: string, n: number, expectedParts: number | null = null, now = Date.now()): ImportSlot | RegistryRefusal {
    const row = this.row(version);
    if (!row) return refuse(404, "unknown_version", `no import of ${version} has started: upload part 1 (with the header line) first`);
    if (row.state === "failed") return refuse(409, "snapshot_failed", `the import of ${version} failed; upload it again from part 1`);
    if (row.state !== "importing") return refuse(409, "version_exists", `snapshot version ${version} is already committed`);
    if (expectedParts !== null) this.sql.exec("UPDATE versions SET expected_parts = ? WHERE version = ?", expectedParts, version);
    const retried = this.sql.exec("SELECT n FROM parts WHERE version = ? AND n = ?", version, n).toArray().length > 0;
    this.sql.exec("INSERT OR REPLACE INTO parts (version, n, state) VALUES (?, ?, 'receiving')", version, n);
    this.touch(version, now);
    return { vid: row.vid, shards: row.shards, retried };
  }

  /** Progress of a part while it streams (and its final counts when `done`). */
  partProgress(version: string, n: number, lines: number, profiles: number, bytes: number, done: boolean, now = Date.now()): void {
    this.sql.exec(
      "UPDATE parts SET lines = ?, profiles = ?, bytes = ?, state = ? WHERE version = ? AND n = ?",
      lines, profiles, bytes, done ? "done" : "receiving", version, n,
    );
    this.touch(version, now);
  }

  /** A part that will be sent again (e.g. a bad signature): it no longer counts as received. */
  partAbandoned(version: string, n: number): void {
    this.sql.exec("DELETE FROM parts WHERE version = ? AND n = ?", version, n);
  }

  /** Rejects the whole version; answers its vid so its rows can be removed. */
  fail(version: string, errors: SnapshotError[], invalidLines: number): Dropped | null {
    const row = this.row(version);
    if (!row || row.state !== "importing") return null;
    this.sql.exec("UPDATE versions SET state = 'failed', errors = ?, invalid_lines = ? WHERE version = ?", JSON.stringify(errors), invalidLines, version);
    const failed = this.sql.exec<{ version: string }>("SELECT version FROM versions WHERE state = 'failed' ORDER BY created_at DESC").toArray();
    for (const old of failed.slice(KEEP_FAILED)) this.forget(old.version);
    return { vid: row.vid, shards: row.shards };
  }

  /** Checks that every part arrived; answers what the commit needs to count rows. */
  prepareCommit(version: string, parts: number | null): { vid: number; shards: number } | RegistryRefusal {
    const row = this.row(version);
    if (!row) return refuse(404, "unknown_version", `no import of ${version} has started`);
    if (row.state === "failed") return refuse(409, "snapshot_failed", `the import of ${version} failed`);
    if (row.state !== "importing") return refuse(409, "version_exists", `snapshot version ${version} is already committed`);
    const list = this.partsOf(version);
    const expected = parts ?? row.expected_parts ?? (list.length > 0 ? Math.max(...list.map((p) => p.n)) : 0);
    const missing: number[] = [];
    for (let n = 1; n <= expected; n++) if (list.find((p) => p.n === n)?.state !== "done") missing.push(n);
    if (expected === 0 || missing.length > 0) {
      return refuse(409, "parts_missing", `parts not received completely: ${missing.slice(0, 20).join(", ") || "1"}`);
    }
    if (list.some((p) => p.n > expected)) return refuse(409, "parts_missing", `more parts than the ${expected} announced`);
    return { vid: row.vid, shards: row.shards };
  }

  /** The version is completely written: it may be activated. */
  ready(version: string, profiles: number, now = Date.now()): SnapshotVersion | RegistryRefusal {
    const row = this.row(version);
    if (!row || row.state !== "importing") return refuse(409, "version_exists", `snapshot version ${version} is not being imported`);
    this.sql.exec("UPDATE versions SET state = 'ready', profiles = ?, ready_at = ? WHERE version = ?", profiles, now, version);
    return this.describe(this.row(version)!);
  }

  /** What activating `version` would make the pointer: the new pointer, or why not (`current` when it already is). */
  activation(version: string, now = Date.now()): ActiveSnapshot | RegistryRefusal {
    const row = this.row(version);
    if (!row) return refuse(404, "unknown_version", `there is no snapshot version ${version}`);
    if (row.state !== "ready" && row.state !== "active") {
      return refuse(409, "not_ready", `snapshot version ${version} is ${row.state}, not ready`);
    }
    const current = this.activeSnapshot();
    if (current?.version === version) return current;
    return { version, vid: row.vid, shards: row.shards, activatedAt: new Date(now).toISOString(), previous: current?.version ?? null };
  }

  /**
   * Records `active` as the active version (after the pointer decisions read was written), keeps
   * the version it replaces for rollback and staged versions (ready, never activated: kept until
   * deleted), and retires versions once active and now two steps back (answered for cleanup).
   */
  activated(active: ActiveSnapshot, now = Date.now()): Dropped[] {
    this.setMeta("active", active);
    this.sql.exec("UPDATE versions SET state = 'ready' WHERE state = 'active'");
    this.sql.exec("UPDATE versions SET state = 'active', activated_at = ? WHERE version = ?", now, active.version);
    const stale = this.sql
      .exec<VersionRow>("SELECT * FROM versions WHERE state = 'ready' AND version != ? AND activated_at IS NOT NULL", active.previous ?? "")
      .toArray();
    for (const old of stale) this.forget(old.version);
    return stale.map((old) => ({ vid: old.vid, shards: old.shards }));
  }

  /**
   * Fails the imports that received nothing for INTERRUPTED_AFTER_MS (their rows are answered for
   * removal) and answers when the next one would be due, if any is still importing.
   */
  failInterrupted(now = Date.now()): { dropped: Dropped[]; next: number | null } {
    const dropped: Dropped[] = [];
    let next = Infinity;
    for (const row of this.sql.exec<VersionRow>("SELECT * FROM versions WHERE state = 'importing'").toArray()) {
      const limit = row.single ? INTERRUPTED_AFTER_MS.single : INTERRUPTED_AFTER_MS.parts;
      const deadline = (row.updated_at ?? row.created_at) + limit;
      if (deadline > now) {
        next = Math.min(next, deadline);
        continue;
      }
      const minutes = Math.round(limit / 60_000);
      const failed = this.fail(row.version, [{ line: 0, path: "$", message: `the import was interrupted: nothing arrived for ${minutes} minutes; upload it again` }], 0);
      if (failed) dropped.push(failed);
    }
    return { dropped, next: next === Infinity ? null : next };
  }

  /** When the next interrupted import would be found (an import was just touched at `now`). */
  nextCheck(now: number): number {
    return now + INTERRUPTED_AFTER_MS.single;
  }

  /** Deletes a version that is not active (staged, ready, failed, or an abandoned import); answers its rows to drop. */
  remove(version: string): Dropped | RegistryRefusal {
    const row = this.row(version);
    if (!row) return refuse(404, "unknown_version", `there is no snapshot version ${version}`);
    if (row.state === "active") return refuse(409, "version_active", `snapshot version ${version} is active: activate another one first`);
    this.forget(version);
    return { vid: row.vid, shards: row.shards };
  }

  activeSnapshot(): ActiveSnapshot | null {
    return this.meta<ActiveSnapshot>("active");
  }

  version(version: string): SnapshotVersion | null {
    const row = this.row(version);
    return row ? this.describe(row, true) : null;
  }

  list(limit = 100): { active: ActiveSnapshot | null; versions: SnapshotVersion[] } {
    const rows = this.sql.exec<VersionRow>("SELECT * FROM versions ORDER BY created_at DESC, vid DESC LIMIT ?", limit).toArray();
    return { active: this.activeSnapshot(), versions: rows.map((row) => this.describe(row)) };
  }

  private forget(version: string): void {
    this.sql.exec("DELETE FROM versions WHERE version = ?", version);
    this.sql.exec("DELETE FROM parts WHERE version = ?", version);
  }

  private partsOf(version: string): PartRow[] {
    return this.sql.exec<PartRow>("SELECT n, state, lines, profiles, bytes FROM parts WHERE version = ? ORDER BY n", version).toArray();
  }

  private describe(row: VersionRow, withParts = false): SnapshotVersion {
    const parts = this.partsOf(row.version);
    const described: SnapshotVersion = {
      version: row.version,
      state: row.state,
      profiles: row.state === "importing" ? parts.reduce((sum, p) => sum + p.profiles, 0) : row.profiles,
      audiences: JSON.parse(row.audiences) as SnapshotAudience[],
      createdAt: new Date(row.created_at).toISOString(),
      importedAt: row.ready_at === null ? null : new Date(row.ready_at).toISOString(),
      activatedAt: row.activated_at === null ? null : new Date(row.activated_at).toISOString(),
    };
    if (row.state === "importing") {
      const done = parts.filter((p) => p.state === "done").length;
      described.progress = {
        partsReceived: done,
        partsExpected: row.expected_parts,
        lines: parts.reduce((sum, p) => sum + p.lines, 0),
        bytes: parts.reduce((sum, p) => sum + p.bytes, 0),
        ...(row.expected_parts ? { percent: Math.min(100, Math.floor((100 * done) / row.expected_parts)) } : {}),
      };
    }
    if (row.state === "failed" && row.errors) {
      described.errors = JSON.parse(row.errors) as SnapshotError[];
      described.invalidLines = row.invalid_lines;
    }
    if (withParts) described.parts = parts.map((p) => ({ n: p.n, state: p.state, lines: p.lines, profiles: p.profiles, bytes: p.bytes }));
    return described;
  }
}

function refuse(status: 404 | 409, code: string, message: string): RegistryRefusal {
  return { refused: { status, code, message } };
}

import { DurableObject } from "cloudflare:workers";
import type { SnapshotShard as Shard } from "../domain/snapshots/ports.ts";
import type { ShardRows } from "../domain/snapshots/types.ts";

/**
 * One shard of the audience-state snapshots (SQLite). Rows are keyed by `(vid, profileId)`, `vid`
 * being the registry's number for a snapshot version, so versions being imported, ready, active and
 * previous live side by side; a decision reads exactly one row of the active version. `part`
 * remembers which upload part wrote a row, so a retried part first removes what its earlier attempt
 * wrote.
 */
export class SnapshotShard extends DurableObject implements Shard {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS profiles (
         vid INTEGER NOT NULL, id TEXT NOT NULL, part INTEGER NOT NULL, state TEXT NOT NULL,
         PRIMARY KEY (vid, id)) WITHOUT ROWID`,
    );
  }

  /** Writes a batch of an import's rows in one statement (the last row wins for a profile id given twice). */
  async put(vid: number, part: number, rows: ShardRows): Promise<void> {
    this.sql.exec(
      "INSERT OR REPLACE INTO profiles (vid, id, part, state) SELECT ?, value ->> 0, ?, value ->> 1 FROM json_each(?) ORDER BY key",
      vid,
      part,
      rows,
    );
  }

  /** One profile's state in a version, as JSON text, or `null`. */
  async get(vid: number, id: string): Promise<string | null> {
    const rows = this.sql.exec<{ state: string }>("SELECT state FROM profiles WHERE vid = ? AND id = ?", vid, id).toArray();
    return rows.length > 0 ? rows[0]!.state : null;
  }

  /** Rows of a version with ids after `after`, in id order, at most `limit` (a campaign reads its audience page by page). */
  async page(vid: number, after: string, limit: number): Promise<{ id: string; state: string }[]> {
    return this.sql.exec<{ id: string; state: string }>("SELECT id, state FROM profiles WHERE vid = ? AND id > ? ORDER BY id LIMIT ?", vid, after, limit).toArray();
  }

  async count(vid: number): Promise<number> {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM profiles WHERE vid = ?", vid).one().n;
  }

  /** Removes what one part of an import wrote (before that part is retried). */
  async dropPart(vid: number, part: number): Promise<number> {
    return this.sql.exec("DELETE FROM profiles WHERE vid = ? AND part = ?", vid, part).rowsWritten;
  }

  /** Removes a whole version (a rejected import, or a version past rollback). */
  async drop(vid: number): Promise<number> {
    return this.sql.exec("DELETE FROM profiles WHERE vid = ?", vid).rowsWritten;
  }
}

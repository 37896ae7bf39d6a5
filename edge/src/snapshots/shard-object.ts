import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/** One profile row as an import sends it: the profile id and its state as JSON text. */
export type ShardRow = [profileId: string, state: string];

/**
 * One shard of the audience-state snapshots (SQLite). Rows are keyed by `(vid, profileId)`, `vid`
 * being the registry's number for a snapshot version, so versions being imported, ready, active and
 * previous live side by side; a decision reads exactly one row of the active version. `part`
 * remembers which upload part wrote a row, so a retried part first removes what its earlier attempt
 * wrote.
 */
export class SnapshotShard extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS profiles (
         vid INTEGER NOT NULL, id TEXT NOT NULL, part INTEGER NOT NULL, state TEXT NOT NULL,
         PRIMARY KEY (vid, id)) WITHOUT ROWID`,
    );
  }

  /** Writes rows of an import (the last row wins for a profile id given twice). */
  put(vid: number, part: number, rows: ShardRow[]): number {
    for (const [id, state] of rows) {
      this.sql.exec("INSERT OR REPLACE INTO profiles (vid, id, part, state) VALUES (?, ?, ?, ?)", vid, id, part, state);
    }
    return rows.length;
  }

  /** One profile's state in a version, as JSON text, or `null`. */
  get(vid: number, id: string): string | null {
    const rows = this.sql.exec<{ state: string }>("SELECT state FROM profiles WHERE vid = ? AND id = ?", vid, id).toArray();
    return rows.length > 0 ? rows[0]!.state : null;
  }

  count(vid: number): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM profiles WHERE vid = ?", vid).one().n;
  }

  /** Removes what one part of an import wrote (before that part is retried). */
  dropPart(vid: number, part: number): number {
    return this.sql.exec("DELETE FROM profiles WHERE vid = ? AND part = ?", vid, part).rowsWritten;
  }

  /** Removes a whole version (a rejected import, or a version past rollback). */
  drop(vid: number): number {
    return this.sql.exec("DELETE FROM profiles WHERE vid = ?", vid).rowsWritten;
  }
}

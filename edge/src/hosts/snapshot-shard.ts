import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";

/**
 * A batch of profile rows as an import sends them: the JSON text of `[[profileId, state], …]`,
 * each state itself JSON text. One string crosses the RPC and one statement writes the batch.
 */
export type ShardRows = string;

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

  /** Writes a batch of an import's rows in one statement (the last row wins for a profile id given twice). */
  put(vid: number, part: number, rows: ShardRows): void {
    this.sql.exec(
      "INSERT OR REPLACE INTO profiles (vid, id, part, state) SELECT ?, value ->> 0, ?, value ->> 1 FROM json_each(?) ORDER BY key",
      vid,
      part,
      rows,
    );
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

/**
 * A Durable Object's SQLite tables, created by the first write. Until then reads answer as if the
 * tables were empty and create nothing, so an object that only ever served reads (an anonymous
 * visitor's decide, a profile sync) keeps no storage at all.
 *
 * @example
 * const tables = new LazyTables(ctx.storage.sql, "CREATE TABLE IF NOT EXISTS t (k TEXT)", "t");
 * tables.read()?.exec("SELECT k FROM t").toArray() ?? [];  // no tables yet: []
 * tables.write().exec("INSERT INTO t (k) VALUES (?)", "x");  // creates them first
 */
export class LazyTables {
  private state: "unknown" | "absent" | "ready" = "unknown";

  /** `schema`: `CREATE … IF NOT EXISTS` statements; `probe`: one of its tables, to tell whether they exist. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly schema: string,
    private readonly probe: string,
  ) {}

  /** For statements that add rows: the database, with the tables created if need be. */
  write(): SqlStorage {
    if (this.state !== "ready") {
      this.sql.exec(this.schema);
      this.state = "ready";
    }
    return this.sql;
  }

  /**
   * For statements that read or delete: the database, or `undefined` while the tables do not exist
   * (nothing to read or delete). Tables of an older schema get the newer ones added here.
   */
  read(): SqlStorage | undefined {
    if (this.state === "unknown") {
      const exists = this.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", this.probe).toArray().length > 0;
      if (!exists) this.state = "absent";
      else this.write();
    }
    return this.state === "ready" ? this.sql : undefined;
  }

  /** Forgets what it knows, e.g. after the object's storage was deleted. */
  reset(): void {
    this.state = "unknown";
  }
}

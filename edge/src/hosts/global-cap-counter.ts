import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { PERIODS, periodStart } from "../domain/profiles/cap-periods.ts";

/** An accepted event about one offer, as counted for global caps. */
export interface CountedEvent {
  /** Unique per accepted event (`<profileKey>|<event id>`): recording it twice counts once. */
  key: string;
  name: string;
}

/**
 * Counts for `decide`'s `globalCounts[offerId]`: `<event>` is the lifetime count,
 * `<event>/<period>` the count in the current day, week or month (UTC).
 */
export type CapCounts = Record<string, number>;

const KEY_RETENTION_MS = 7 * 86_400_000;
const BUCKET_RETENTION_MS = 70 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const LIFETIME = -1;

/**
 * Global cap counts of one offer (the namespace is sharded by offer id). Events are recorded
 * idempotently by key, so a retried flush from a profile object never counts twice.
 */
export class GlobalCapCounter extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private lastPruned = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS counts (
        name TEXT NOT NULL, period TEXT NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (name, period, start));
      CREATE TABLE IF NOT EXISTS recorded (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS recorded_at ON recorded (at);
    `);
  }

  /** Counts the events not seen before, and returns the counts as they now stand. */
  record(events: readonly CountedEvent[], now: number = Date.now()): CapCounts {
    for (const event of events) {
      const inserted = this.sql.exec("INSERT OR IGNORE INTO recorded (key, at) VALUES (?, ?)", event.key, now);
      if (inserted.rowsWritten === 0) continue;
      this.increment(event.name, "lifetime", LIFETIME);
      for (const period of PERIODS) this.increment(event.name, period, periodStart(period, now));
    }
    if (now - this.lastPruned > PRUNE_EVERY_MS) this.prune(now);
    return this.counts(now);
  }

  counts(now: number = Date.now()): CapCounts {
    const counts = new Map<string, number>(); // keyed by event names; a plain object (own properties) for the answer
    const current = new Map<string, number>(PERIODS.map((period) => [period, periodStart(period, now)]));
    for (const row of this.sql.exec<{ name: string; period: string; start: number; count: number }>(
      "SELECT name, period, start, count FROM counts",
    )) {
      if (row.period === "lifetime") counts.set(row.name, row.count);
      else if (current.get(row.period) === row.start) counts.set(`${row.name}/${row.period}`, row.count);
    }
    return Object.fromEntries(counts);
  }

  private increment(name: string, period: string, start: number): void {
    this.sql.exec(
      `INSERT INTO counts (name, period, start, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (name, period, start) DO UPDATE SET count = count + 1`,
      name,
      period,
      start,
    );
  }

  private prune(now: number): void {
    this.lastPruned = now;
    this.sql.exec("DELETE FROM recorded WHERE at < ?", now - KEY_RETENTION_MS);
    this.sql.exec("DELETE FROM counts WHERE period != 'lifetime' AND start < ?", now - BUCKET_RETENTION_MS);
  }
}

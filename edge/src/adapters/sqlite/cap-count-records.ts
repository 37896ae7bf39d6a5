import type { CapCounts, CountedEvent } from "../../domain/caps/counts.ts";
import { PERIODS, periodStart } from "../../domain/caps/periods.ts";

const KEY_RETENTION_MS = 7 * 86_400_000;
const BUCKET_RETENTION_MS = 70 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;
const LIFETIME = -1;

/**
 * Global cap counts of one offer in its Durable Object's SQLite: per event name, the lifetime count
 * and one per current day, week and month. Events are recorded idempotently by key (kept 7 days), so
 * a retried flush from a profile object never counts twice.
 */
export class CapCountRecords {
  private lastPruned = 0;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(`
      CREATE TABLE IF NOT EXISTS counts (
        name TEXT NOT NULL, period TEXT NOT NULL, start INTEGER NOT NULL, count INTEGER NOT NULL,
        PRIMARY KEY (name, period, start));
      CREATE TABLE IF NOT EXISTS recorded (key TEXT PRIMARY KEY, at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS recorded_at ON recorded (at);
    `);
  }

  record(events: readonly CountedEvent[], now: number): CapCounts {
    for (const event of events) {
      const inserted = this.sql.exec("INSERT OR IGNORE INTO recorded (key, at) VALUES (?, ?)", event.key, now);
      if (inserted.rowsWritten === 0) continue;
      this.increment(event.name, "lifetime", LIFETIME);
      for (const period of PERIODS) this.increment(event.name, period, periodStart(period, now));
    }
    if (now - this.lastPruned > PRUNE_EVERY_MS) this.prune(now);
    return this.counts(now);
  }

  counts(now: number): CapCounts {
    const counts = new Map<string, number>(); // keyed by event names; a plain object (own properties) for the answer
    const current = new Map<string, number>(PERIODS.map((period) => [period, periodStart(period, now)]));
    for (const row of this.sql.exec<{ name: string; period: string; start: number; count: number }>("SELECT name, period, start, count FROM counts")) {
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

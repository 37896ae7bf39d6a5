import { emptyHour, sameTally, seriesFromHours, tallyOf, withTally, type DeliveryTally, type HourCounts } from "../../domain/outbound/delivery-series.ts";
import type { Destination } from "../../domain/outbound/destinations.ts";
import { OUTBOUND_LIMITS as LIMITS } from "../../domain/outbound/limits.ts";
import { bucketStart, DAY_MS, HOUR_MS } from "../../domain/stats/buckets.ts";
import { histogramFromJson, histogramToJson } from "../../domain/stats/latency-histogram.ts";
import type { AttemptRecord, CampaignJob, Delivery, DeliveryRecords, DeliveryStatus, DestinationSeriesPoint, DestinationStats, ForwardedEvent, NewDelivery } from "../../domain/outbound/ports.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS d_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS d_deliveries (
    id TEXT PRIMARY KEY, seq INTEGER NOT NULL, source TEXT NOT NULL, body TEXT NOT NULL, events INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL, window_start INTEGER NOT NULL,
    next_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_status INTEGER, error TEXT, latency_ms INTEGER,
    dead INTEGER NOT NULL DEFAULT 0);
  CREATE INDEX IF NOT EXISTS d_due ON d_deliveries (status, next_at);
  CREATE INDEX IF NOT EXISTS d_newest ON d_deliveries (created_at, id);
  CREATE TABLE IF NOT EXISTS d_events (key TEXT PRIMARY KEY, seq INTEGER NOT NULL, at INTEGER NOT NULL, event TEXT, batch TEXT);
  CREATE INDEX IF NOT EXISTS d_buffered ON d_events (batch, seq);
  CREATE TABLE IF NOT EXISTS d_jobs (campaign TEXT PRIMARY KEY, job TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS d_hours (
    hour INTEGER PRIMARY KEY, delivered INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0,
    retried INTEGER NOT NULL DEFAULT 0, latency TEXT NOT NULL DEFAULT '{}', latency_max INTEGER);
`;

/** The series' counters per UTC hour (`hour`: its start, epoch ms); `latency`: histogramToJson's form. */
interface HourRow {
  hour: number;
  delivered: number;
  failed: number;
  retried: number;
  latency: string;
  latency_max: number | null;
  [key: string]: SqlStorageValue;
}

const hourCounts = (row: HourRow): { hour: number } & HourCounts => ({
  hour: row.hour,
  delivered: row.delivered,
  failed: row.failed,
  retried: row.retried,
  latency: histogramFromJson(row.latency, row.latency_max),
});

interface Row {
  id: string;
  seq: number;
  source: string;
  body: string;
  events: number;
  status: DeliveryStatus;
  attempts: number;
  created_at: number;
  window_start: number;
  next_at: number;
  updated_at: number;
  last_status: number | null;
  error: string | null;
  latency_ms: number | null;
  dead: number;
  [key: string]: SqlStorageValue;
}

const delivery = (row: Row): Delivery => ({
  id: row.id,
  source: row.source,
  body: row.body,
  events: row.events,
  status: row.status,
  attempts: row.attempts,
  createdAt: row.created_at,
  windowStart: row.window_start,
  nextAttemptAt: row.next_at,
  updatedAt: row.updated_at,
  lastStatus: row.last_status,
  error: row.error,
  latencyMs: row.latency_ms,
  deadLetter: row.dead === 1,
});

/**
 * A destination's deliveries, buffered forwarded events and campaign jobs in its Durable Object's
 * SQLite (domain/outbound/ports.ts). `seq` orders deliveries and events as they arrived.
 *
 * The series (`GET /v1/admin/stats/series?kind=webhook`) reads `d_hours`, one row of counters per
 * UTC hour (delivery-series.ts), kept LIMITS.keepSeriesMs, far longer than the deliveries. Each change
 * of a delivery's state moves its tally (tallyOf) from its previous hour's row to its new one in the
 * same synchronous step as the change, so the counters always equal what the kept rows would count,
 * plus what was pruned. An object whose deliveries predate `d_hours` fills it once from them.
 */
export class DeliveryStore implements DeliveryRecords {
  private seq: number;
  private cachedDestination: Destination | undefined;

  constructor(private readonly sql: SqlStorage) {
    const counted = sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'd_hours'").toArray().length > 0;
    sql.exec(SCHEMA);
    if (!counted) this.countKeptDeliveries();
    const last = sql.exec<{ n: number | null }>("SELECT max(n) AS n FROM (SELECT max(seq) AS n FROM d_deliveries UNION ALL SELECT max(seq) FROM d_events)").one().n;
    this.seq = last ?? 0;
  }

  private meta(key: string): string | undefined {
    return this.sql.exec<{ value: string }>("SELECT value FROM d_meta WHERE key = ?", key).toArray()[0]?.value;
  }

  private setMeta(key: string, value: string): void {
    this.sql.exec("INSERT OR REPLACE INTO d_meta (key, value) VALUES (?, ?)", key, value);
  }

  destination(): Destination | undefined {
    if (this.cachedDestination) return this.cachedDestination;
    const text = this.meta("destination");
    return (this.cachedDestination = text === undefined ? undefined : (JSON.parse(text) as Destination));
  }

  setDestination(destination: Destination): void {
    const text = JSON.stringify(destination);
    if (this.cachedDestination && JSON.stringify(this.cachedDestination) === text) return;
    this.setMeta("destination", text);
    this.cachedDestination = destination;
  }

  add(deliveries: readonly NewDelivery[], now: number): number {
    let added = 0;
    for (const d of deliveries) {
      added += this.sql.exec(
        `INSERT OR IGNORE INTO d_deliveries (id, seq, source, body, status, created_at, window_start, next_at, updated_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)`,
        d.id, ++this.seq, d.source, d.body, d.createdAt, now, now, now,
      ).rowsWritten > 0 ? 1 : 0;
    }
    return added;
  }

  buffer(events: readonly ForwardedEvent[], now: number): number {
    let added = 0;
    for (const e of events) {
      added += this.sql.exec("INSERT OR IGNORE INTO d_events (key, seq, at, event) VALUES (?, ?, ?, ?)", e.key, ++this.seq, now, JSON.stringify(e.event)).rowsWritten > 0 ? 1 : 0;
    }
    return added;
  }

  buffered(): { count: number; oldestAt: number | null } {
    const row = this.sql.exec<{ count: number; oldest: number | null }>("SELECT count(*) AS count, min(at) AS oldest FROM d_events WHERE batch IS NULL").one();
    return { count: row.count, oldestAt: row.oldest };
  }

  batch(limit: number, id: string, now: number): number {
    const rows = this.sql.exec<{ key: string; event: string }>("SELECT key, event FROM d_events WHERE batch IS NULL ORDER BY seq LIMIT ?", limit).toArray();
    if (rows.length === 0) return 0;
    const body = `{"events":[${rows.map((r) => r.event).join(",")}]}`;
    this.sql.exec(
      `INSERT INTO d_deliveries (id, seq, source, body, events, status, created_at, window_start, next_at, updated_at)
       VALUES (?, ?, 'forwarding', ?, ?, 'pending', ?, ?, ?, ?)`,
      id, ++this.seq, body, rows.length, now, now, now, now,
    );
    // The events keep their key (each is forwarded once) but no longer their body.
    this.sql.exec("UPDATE d_events SET batch = ?, event = NULL WHERE key IN (SELECT value FROM json_each(?))", id, JSON.stringify(rows.map((r) => r.key)));
    return rows.length;
  }

  waiting(): number {
    return this.pendingCount() + this.buffered().count;
  }

  pendingCount(): number {
    return this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM d_deliveries WHERE status = 'pending'").one().n;
  }

  countDropped(n: number): void {
    this.setMeta("dropped", String(Number(this.meta("dropped") ?? 0) + n));
  }

  due(now: number, limit: number, excluding: ReadonlySet<string>): Delivery[] {
    return this.sql
      .exec<Row>(
        "SELECT * FROM d_deliveries WHERE status = 'pending' AND next_at <= ? AND id NOT IN (SELECT value FROM json_each(?)) ORDER BY next_at, seq LIMIT ?",
        now, JSON.stringify([...excluding]), limit,
      )
      .toArray()
      .map(delivery);
  }

  nextAttemptAt(): number | undefined {
    return this.sql.exec<{ at: number | null }>("SELECT min(next_at) AS at FROM d_deliveries WHERE status = 'pending'").one().at ?? undefined;
  }

  attempted(id: string, attempt: AttemptRecord, now: number): void {
    const status: DeliveryStatus = attempt.verdict === "retry" ? "pending" : attempt.verdict;
    const before = this.tally(id);
    this.sql.exec(
      `UPDATE d_deliveries SET status = ?, attempts = attempts + 1, next_at = ?, updated_at = ?, last_status = ?, error = ?,
         latency_ms = ?, dead = ? WHERE id = ?`,
      status, attempt.nextAttemptAt ?? now, now, attempt.status, attempt.error, attempt.latencyMs, attempt.deadLetter ? 1 : 0, id,
    );
    this.recount(before, this.tally(id));
  }

  retry(id: string, now: number): Delivery | undefined {
    const before = this.tally(id);
    this.sql.exec("UPDATE d_deliveries SET status = 'pending', next_at = ?, window_start = ?, dead = 0, updated_at = ? WHERE id = ? AND status != 'delivered'", now, now, now, id);
    this.recount(before, this.tally(id));
    return this.get(id);
  }

  /** What the delivery counts in the series as it stands (`null`: nothing, or no such delivery). */
  private tally(id: string): DeliveryTally | null {
    const row = this.sql
      .exec<{ status: DeliveryStatus; attempts: number; updated_at: number; latency_ms: number | null }>(
        "SELECT status, attempts, updated_at, latency_ms FROM d_deliveries WHERE id = ?", id,
      )
      .toArray()[0];
    return row ? tallyOf({ status: row.status, attempts: row.attempts, updatedAt: row.updated_at, latencyMs: row.latency_ms }) : null;
  }

  /** Moves a delivery's tally from where it counted to where it counts now (the caller's step: no await in between). */
  private recount(before: DeliveryTally | null, after: DeliveryTally | null): void {
    if (sameTally(before, after)) return;
    if (before) this.count(before.hour, (counts) => withTally(counts, before, -1));
    if (after) this.count(after.hour, (counts) => withTally(counts, after, 1));
  }

  private count(hour: number, change: (counts: HourCounts) => HourCounts): void {
    const row = this.sql.exec<HourRow>("SELECT * FROM d_hours WHERE hour = ?", hour).toArray()[0];
    const counts = change(row ? hourCounts(row) : emptyHour());
    this.sql.exec(
      "INSERT OR REPLACE INTO d_hours (hour, delivered, failed, retried, latency, latency_max) VALUES (?, ?, ?, ?, ?, ?)",
      hour, counts.delivered, counts.failed, counts.retried, histogramToJson(counts.latency), counts.latency.max,
    );
  }

  /**
   * Fills `d_hours` from the deliveries kept when it was created (an object of a version before the
   * counters): the series then answers for them as it did from the rows. Grouped in SQLite first, so
   * one pass over the rows whatever their number.
   */
  private countKeptDeliveries(): void {
    const groups = this.sql
      .exec<{ h: number; status: DeliveryStatus; attempts: number; latency_ms: number | null; n: number }>(
        `SELECT CAST(updated_at / ?1 AS INTEGER) AS h, status, min(attempts, 2) AS attempts, CASE WHEN status = 'delivered' THEN latency_ms END AS latency_ms,
           count(*) AS n
         FROM d_deliveries WHERE status != 'pending' OR attempts > 0 GROUP BY 1, 2, 3, 4`,
        HOUR_MS,
      )
      .toArray();
    const hours = new Map<number, HourCounts>();
    for (const g of groups) {
      const tally = tallyOf({ status: g.status, attempts: g.attempts, updatedAt: g.h * HOUR_MS, latencyMs: g.latency_ms });
      if (tally) hours.set(tally.hour, withTally(hours.get(tally.hour) ?? emptyHour(), tally, 1, g.n));
    }
    for (const [hour, counts] of hours) this.count(hour, () => counts);
  }

  get(id: string): Delivery | undefined {
    const row = this.sql.exec<Row>("SELECT * FROM d_deliveries WHERE id = ?", id).toArray()[0];
    return row ? delivery(row) : undefined;
  }

  list(status: DeliveryStatus | undefined, limit: number, before?: { createdAt: number; id: string }): Delivery[] {
    const [at, id] = before ? [before.createdAt, before.id] : [Number.MAX_SAFE_INTEGER, ""];
    return this.sql
      .exec<Row>(
        `SELECT * FROM d_deliveries WHERE (?1 IS NULL OR status = ?1) AND (created_at < ?2 OR (created_at = ?2 AND id < ?3))
         ORDER BY created_at DESC, id DESC LIMIT ?4`,
        status ?? null, at, id, limit,
      )
      .toArray()
      .map(delivery);
  }

  stats(now: number): DestinationStats {
    const counts = this.sql
      .exec<{ status: DeliveryStatus; n: number; retrying: number; dead: number; events: number; last: number | null }>(
        "SELECT status, count(*) AS n, sum(attempts > 0) AS retrying, sum(dead) AS dead, sum(events) AS events, max(updated_at) AS last FROM d_deliveries GROUP BY status",
      )
      .toArray();
    const of = (status: DeliveryStatus) => counts.find((c) => c.status === status);
    const since = now - 86_400_000;
    const delivered = this.sql.exec<{ n: number }>("SELECT count(*) AS n FROM d_deliveries WHERE status = 'delivered' AND updated_at > ?", since).one().n;
    const p95 =
      delivered === 0
        ? null
        : this.sql.exec<{ ms: number }>(
            "SELECT latency_ms AS ms FROM d_deliveries WHERE status = 'delivered' AND updated_at > ? ORDER BY latency_ms LIMIT 1 OFFSET ?",
            since, Math.min(delivered - 1, Math.floor(delivered * 0.95)),
          ).one().ms;
    return {
      pending: of("pending")?.n ?? 0,
      retrying: of("pending")?.retrying ?? 0,
      delivered: of("delivered")?.n ?? 0,
      failed: of("failed")?.n ?? 0,
      deadLetters: of("failed")?.dead ?? 0,
      dropped: Number(this.meta("dropped") ?? 0),
      eventsForwarded: of("delivered")?.events ?? 0,
      eventsBuffered: this.buffered().count,
      p95LatencyMs: p95,
      lastDeliveredAt: of("delivered")?.last ?? null,
    };
  }

  /**
   * Per bucket of `bucketMs` (an hour or a UTC day) from `from` (a bucket start) to `to` (exclusive):
   * the sums of the hourly counters (DestinationSeriesPoint), read from `d_hours` alone. Every
   * bucket is present.
   */
  series(from: number, to: number, bucketMs: number): DestinationSeriesPoint[] {
    const rows = this.sql.exec<HourRow>("SELECT * FROM d_hours WHERE hour >= ? AND hour < ? ORDER BY hour", from, to).toArray();
    return seriesFromHours(rows.map(hourCounts), from, to, bucketMs);
  }

  jobs(): CampaignJob[] {
    return this.sql.exec<{ job: string }>("SELECT job FROM d_jobs").toArray().map((row) => JSON.parse(row.job) as CampaignJob);
  }

  startJob(job: CampaignJob): boolean {
    return this.sql.exec("INSERT OR IGNORE INTO d_jobs (campaign, job) VALUES (?, ?)", `${job.campaignId}@${job.opens}`, JSON.stringify(job)).rowsWritten > 0;
  }

  saveJob(job: CampaignJob): void {
    this.sql.exec("UPDATE d_jobs SET job = ? WHERE campaign = ?", JSON.stringify(job), `${job.campaignId}@${job.opens}`);
  }

  prune(now: number): void {
    this.sql.exec("DELETE FROM d_deliveries WHERE status = 'delivered' AND updated_at < ?", now - LIMITS.keepDeliveredMs);
    this.sql.exec("DELETE FROM d_deliveries WHERE status = 'failed' AND updated_at < ?", now - LIMITS.keepFailedMs);
    this.sql.exec("DELETE FROM d_events WHERE batch IS NOT NULL AND at < ?", now - LIMITS.keepForwardedIdsMs);
    // Whole UTC days go, so a day of the series is never cut short.
    this.sql.exec("DELETE FROM d_hours WHERE hour < ?", bucketStart(now - LIMITS.keepSeriesMs, DAY_MS));
  }
}

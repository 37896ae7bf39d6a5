import { eventMessage, parseOutboxMessage, type OutboxMessage } from "../../domain/events/messages.ts";
import type { ProfileRecords } from "../../domain/profiles/ports.ts";
import { PERIODS, periodStart } from "../../domain/caps/periods.ts";
import { LazyTables } from "./lazy-tables.ts";
import { PROFILE_LIMITS } from "../../domain/profiles/limits.ts";
import type { HistoryEntry, ProfileCapCounters, ProfileEvent } from "../../domain/profiles/types.ts";

interface Reservation {
  decisionId: string;
  offerId: string;
  at: number;
  expiresAt: number;
}

interface StoredHistoryEntry extends HistoryEntry {
  seq: number;
}

/** Created by the first write (storage/lazy-tables.ts): a profile that was only read keeps nothing. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, offer_id TEXT, ts INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS processed (id TEXT PRIMARY KEY, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS processed_at ON processed (at);
  CREATE TABLE IF NOT EXISTS reservations (
    decision_id TEXT PRIMARY KEY, offer_id TEXT NOT NULL, at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS lifetime_counts (
    offer_id TEXT NOT NULL, name TEXT NOT NULL, total INTEGER NOT NULL, last_at INTEGER NOT NULL,
    PRIMARY KEY (offer_id, name));
  CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, message TEXT NOT NULL);
`;

/**
 * The state of one profile in its Durable Object's SQLite storage, with the hot parts (history,
 * reservations) mirrored in memory. Every method is synchronous, so a caller that does not await
 * between reading and writing runs as one atomic step of the object.
 */
export class ProfileStore implements ProfileRecords {
  private history: StoredHistoryEntry[] | undefined;
  private reservations: Map<string, Reservation> | undefined;

  private readonly tables: LazyTables;

  constructor(sql: SqlStorage) {
    this.tables = new LazyTables(sql, SCHEMA, "history");
  }

  /** Forgets everything cached, e.g. after the object's storage was deleted. */
  reset(): void {
    this.tables.reset();
    this.history = undefined;
    this.reservations = undefined;
  }

  /** History plus one `display` per live reservation: what caps and the `history` operator see. */
  historyForDecision(now: number): HistoryEntry[] {
    const entries: HistoryEntry[] = this.loadHistory().map(({ name, offerId, timestamp }) =>
      offerId === undefined ? { name, timestamp } : { name, offerId, timestamp },
    );
    for (const reservation of this.liveReservations(now)) {
      entries.push({ name: "display", offerId: reservation.offerId, timestamp: reservation.at });
    }
    return entries;
  }

  reserve(decisionId: string, offerId: string, now: number): void {
    const reservations = this.loadReservations();
    const reservation = { decisionId, offerId, at: now, expiresAt: now + PROFILE_LIMITS.reservationMs };
    reservations.set(decisionId, reservation);
    this.tables.write().exec(
      "INSERT OR REPLACE INTO reservations (decision_id, offer_id, at, expires_at) VALUES (?, ?, ?, ?)",
      decisionId,
      offerId,
      reservation.at,
      reservation.expiresAt,
    );
    if (reservations.size > PROFILE_LIMITS.reservations) {
      const oldest = reservations.keys().next().value as string;
      this.release(oldest);
    }
  }

  /** Records a new event; `false` (and nothing changes) if its id was processed before. */
  append(event: ProfileEvent, profileKey: string, now: number): boolean {
    const seen = this.tables.write().exec("INSERT OR IGNORE INTO processed (id, at) VALUES (?, ?)", event.id, now);
    if (seen.rowsWritten === 0) return false;
    const timestamp = Math.min(event.timestamp, now);
    const history = this.loadHistory(); // before the insert, so the new row is not loaded twice
    const cursor = this.tables.write().exec<{ seq: number }>(
      "INSERT INTO history (name, offer_id, ts) VALUES (?, ?, ?) RETURNING seq",
      event.name,
      event.offerId ?? null,
      timestamp,
    );
    const seq = cursor.one().seq;
    history.push({ seq, name: event.name, offerId: event.offerId, timestamp });
    // Counters per offer and offer-event type only (a track event's free name is no counter): at
    // most the catalog's offers × OFFER_EVENT_TYPES rows.
    if (event.offerId !== undefined && event.type !== "track") {
      this.tables.write().exec(
        `INSERT INTO lifetime_counts (offer_id, name, total, last_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (offer_id, name) DO UPDATE SET total = total + 1, last_at = max(last_at, excluded.last_at)`,
        event.offerId,
        event.name,
        timestamp,
      );
      // A display settles its decision's reservation (a device's own decision, with no token, the
      // offer's oldest: in hybrid mode the edge reserved for the same showing). A suppressed
      // decision was never seen: its reservation goes the same way, without counting as a display.
      if (event.type === "display" || event.type === "suppress") this.settleReservation(event.offerId, event.decisionId);
    }
    this.tables.write().exec("INSERT INTO outbox (message) VALUES (?)", JSON.stringify(eventMessage(event, profileKey, now)));
    return true;
  }

  /** Drops what is past the bounds of PROFILE_LIMITS. */
  trim(now: number): void {
    const history = this.loadHistory();
    const oldestKept = now - PROFILE_LIMITS.historyAgeMs;
    const excess = Math.max(0, history.length - PROFILE_LIMITS.historyEvents);
    const kept = history.slice(excess).filter((entry) => entry.timestamp >= oldestKept);
    const sql = this.tables.read();
    if (!sql) return;
    if (kept.length !== history.length) {
      this.history = kept;
      const firstSeq = kept[0]?.seq ?? Number.MAX_SAFE_INTEGER;
      sql.exec("DELETE FROM history WHERE seq < ? OR ts < ?", firstSeq, oldestKept);
    }
    sql.exec("DELETE FROM processed WHERE at < ?", now - PROFILE_LIMITS.processedAgeMs);
    const { n } = sql.exec<{ n: number }>("SELECT count(*) AS n FROM processed").one();
    if (n > PROFILE_LIMITS.processedIds) {
      sql.exec(
        "DELETE FROM processed WHERE id IN (SELECT id FROM processed ORDER BY at LIMIT ?)",
        n - PROFILE_LIMITS.processedIds,
      );
    }
    this.expireReservations(now);
  }

  expireReservations(now: number): void {
    for (const reservation of [...this.loadReservations().values()]) {
      if (reservation.expiresAt <= now) this.release(reservation.decisionId);
    }
  }

  outboxBatch(limit: number): { lastSeq: number; messages: OutboxMessage[] } | undefined {
    const rows = this.tables.read()?.exec<{ seq: number; message: string }>(
      "SELECT seq, message FROM outbox ORDER BY seq LIMIT ?",
      limit,
    ).toArray();
    if (!rows?.length) return undefined;
    // Messages an older edge stored carry no `kind`: read through the one parser (unreadable ones are dropped).
    const messages = rows.map((row) => parseOutboxMessage(JSON.parse(row.message))).filter((m): m is OutboxMessage => m !== undefined);
    return { lastSeq: rows[rows.length - 1]!.seq, messages };
  }

  /** Adds a message (e.g. a journey statistic) to the outbox, in the caller's atomic step. */
  enqueue(message: OutboxMessage): void {
    this.tables.write().exec("INSERT INTO outbox (message) VALUES (?)", JSON.stringify(message));
  }

  removeFromOutbox(lastSeq: number): void {
    this.tables.read()?.exec("DELETE FROM outbox WHERE seq <= ?", lastSeq);
  }

  outboxSize(): number {
    return this.tables.read()?.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n ?? 0;
  }

  isEmpty(now: number): boolean {
    return this.loadHistory().length === 0 && this.liveReservations(now).length === 0 && this.outboxSize() === 0;
  }

  oldestHistoryTimestamp(): number | undefined {
    let oldest: number | undefined;
    for (const entry of this.loadHistory()) if (oldest === undefined || entry.timestamp < oldest) oldest = entry.timestamp;
    return oldest;
  }

  /** Recent history (newest first), counts per cap period, and pending reservations. */
  summary(now: number): { history: HistoryEntry[]; caps: ProfileCapCounters; pendingReservations: number } {
    // Keyed by offer ids and event names, which clients send: Maps, made plain objects (own
    // properties only, through Object.fromEntries) for the answer.
    const byOffer = new Map<string, Map<string, ProfileCapCounters[string][string]>>();
    const of = (offerId: string) => ({
      get: (name: string) => byOffer.get(offerId)?.get(name),
      set: (name: string, counter: ProfileCapCounters[string][string]) => {
        const names = byOffer.get(offerId) ?? new Map();
        byOffer.set(offerId, names.set(name, counter));
        return counter;
      },
    });
    for (const row of this.tables.read()?.exec<{ offer_id: string; name: string; total: number; last_at: number }>(
      "SELECT offer_id, name, total, last_at FROM lifetime_counts",
    ) ?? []) {
      of(row.offer_id).set(row.name, { day: 0, week: 0, month: 0, lifetime: row.total, lastAt: row.last_at });
    }
    const starts = PERIODS.map((period) => [period, periodStart(period, now)] as const);
    for (const entry of this.historyForDecision(now)) {
      if (entry.offerId === undefined) continue;
      const counter = of(entry.offerId).get(entry.name) ?? of(entry.offerId).set(entry.name, { day: 0, week: 0, month: 0, lifetime: 0, lastAt: 0 });
      for (const [period, start] of starts) if (entry.timestamp >= start) counter[period]++;
      counter.lastAt = Math.max(counter.lastAt, entry.timestamp);
    }
    for (const reservation of this.liveReservations(now)) {
      const counter = of(reservation.offerId).get("display");
      if (counter) counter.lifetime++;
    }
    const history = this.loadHistory()
      .slice(-100)
      .reverse()
      .map(({ name, offerId, timestamp }) => (offerId === undefined ? { name, timestamp } : { name, offerId, timestamp }));
    const caps: ProfileCapCounters = Object.fromEntries([...byOffer].map(([offerId, names]) => [offerId, Object.fromEntries(names)]));
    return { history, caps, pendingReservations: this.liveReservations(now).length };
  }

  private settleReservation(offerId: string, decisionId: string | undefined): void {
    const reservations = this.loadReservations();
    const byToken = decisionId === undefined ? undefined : reservations.get(decisionId);
    if (byToken && byToken.offerId === offerId) {
      this.release(byToken.decisionId);
      return;
    }
    // A display without (or with an already settled) token settles the oldest reservation of the offer.
    for (const reservation of reservations.values()) {
      if (reservation.offerId === offerId) {
        this.release(reservation.decisionId);
        return;
      }
    }
  }

  private release(decisionId: string): void {
    this.loadReservations().delete(decisionId);
    this.tables.read()?.exec("DELETE FROM reservations WHERE decision_id = ?", decisionId);
  }

  private liveReservations(now: number): Reservation[] {
    return [...this.loadReservations().values()].filter((reservation) => reservation.expiresAt > now);
  }

  private loadHistory(): StoredHistoryEntry[] {
    this.history ??= (this.tables.read()
      ?.exec<{ seq: number; name: string; offer_id: string | null; ts: number }>(
        "SELECT seq, name, offer_id, ts FROM history ORDER BY seq",
      )
      .toArray() ?? [])
      .map((row) => ({ seq: row.seq, name: row.name, offerId: row.offer_id ?? undefined, timestamp: row.ts }));
    return this.history;
  }

  private loadReservations(): Map<string, Reservation> {
    if (!this.reservations) {
      this.reservations = new Map();
      for (const row of this.tables.read()?.exec<{ decision_id: string; offer_id: string; at: number; expires_at: number }>(
        "SELECT decision_id, offer_id, at, expires_at FROM reservations ORDER BY at",
      ) ?? []) {
        this.reservations.set(row.decision_id, {
          decisionId: row.decision_id,
          offerId: row.offer_id,
          at: row.at,
          expiresAt: row.expires_at,
        });
      }
    }
    return this.reservations;
  }
}

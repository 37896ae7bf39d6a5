import type { EventMessage } from "../../domain/events/messages.ts";

/** Per-offer statistics in D1 (schema: migrations/0001_stats.sql). */

export const STAT_TYPES = ["trigger", "display", "interact", "dismiss", "suppress", "conversion"] as const;
export type StatType = (typeof STAT_TYPES)[number];

export type OfferStats = { offerId: string; placement: string | null } & Record<StatType, number>;

/** How long aggregated event keys are remembered for redelivery dedupe. */
export const DEDUPE_RETENTION_MS = 7 * 86_400_000;

/**
 * Adds events to the statistics, each event key counted once even when a message is delivered
 * again: one D1 batch (a transaction) inserts the key, and the count moves only if it was new.
 */
export async function aggregateEvents(db: D1Database, events: readonly EventMessage[], receivedAt: number): Promise<void> {
  const countable = events.filter(
    (event) => event.offerId !== undefined && (STAT_TYPES as readonly string[]).includes(event.type),
  );
  if (countable.length === 0) return;
  const remember = db.prepare("INSERT OR IGNORE INTO aggregated_events (event_key, received_at) VALUES (?, ?)");
  const count = db.prepare(
    `INSERT INTO offer_stats (offer_id, placement, event_type, day, count)
       SELECT ?, ?, ?, ?, 1 WHERE changes() = 1
     ON CONFLICT (offer_id, placement, event_type, day) DO UPDATE SET count = count + 1`,
  );
  const statements: D1PreparedStatement[] = [];
  for (const event of countable) {
    statements.push(remember.bind(event.key, receivedAt));
    statements.push(count.bind(event.offerId, event.placement ?? "", event.type, utcDay(event.timestamp)));
  }
  await db.batch(statements);
}

export async function pruneDedupeKeys(db: D1Database, now: number): Promise<void> {
  await db.prepare("DELETE FROM aggregated_events WHERE received_at < ?").bind(now - DEDUPE_RETENTION_MS).run();
}

/** Totals per offer and placement (every day summed). */
export async function readOfferStats(db: D1Database, filter: { offerId?: string } = {}): Promise<OfferStats[]> {
  const where = filter.offerId === undefined ? "" : "WHERE offer_id = ?1";
  const statement = db.prepare(
    `SELECT offer_id, placement, event_type, SUM(count) AS total FROM offer_stats ${where}
     GROUP BY offer_id, placement, event_type ORDER BY offer_id, placement`,
  );
  const { results } = await (filter.offerId === undefined ? statement : statement.bind(filter.offerId)).all<{
    offer_id: string;
    placement: string;
    event_type: string;
    total: number;
  }>();
  const rows = new Map<string, OfferStats>();
  for (const row of results) {
    const id = `${row.offer_id}\u0000${row.placement}`;
    let stats = rows.get(id);
    if (!stats) {
      stats = { offerId: row.offer_id, placement: row.placement === "" ? null : row.placement, ...zeroCounts() };
      rows.set(id, stats);
    }
    if ((STAT_TYPES as readonly string[]).includes(row.event_type)) stats[row.event_type as StatType] = row.total;
  }
  return [...rows.values()];
}

function zeroCounts(): Record<StatType, number> {
  return { trigger: 0, display: 0, interact: 0, dismiss: 0, suppress: 0, conversion: 0 };
}

function utcDay(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

import { LazyTables } from "./lazy-tables.ts";
import type { Attribution, Instance, JourneyRecords as Records, Pending } from "../../domain/journeys/ports.ts";
import type { Pointer } from "../../domain/journeys/definitions.ts";

/** Created by the first write (storage/lazy-tables.ts): a profile without journeys keeps nothing. */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS j_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS j_versions (
    journey_id TEXT NOT NULL, version TEXT NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (journey_id, version));
  CREATE TABLE IF NOT EXISTS j_instances (
    journey_id TEXT PRIMARY KEY, version TEXT NOT NULL, pointer TEXT NOT NULL, due_at INTEGER NOT NULL,
    wait_event TEXT, wait_offer TEXT, entered_at INTEGER NOT NULL, last_offer TEXT);
  CREATE TABLE IF NOT EXISTS j_entries (journey_id TEXT PRIMARY KEY, last_entered_at INTEGER NOT NULL, total INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS j_pending (
    offer_id TEXT NOT NULL, source TEXT NOT NULL, ref TEXT NOT NULL, version TEXT NOT NULL, step TEXT NOT NULL,
    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (source, ref, offer_id));
  CREATE TABLE IF NOT EXISTS j_attribution (
    offer_id TEXT PRIMARY KEY, source TEXT NOT NULL, ref TEXT NOT NULL, version TEXT NOT NULL, step TEXT NOT NULL,
    expires_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS j_campaigns (campaign_id TEXT PRIMARY KEY, delivered_at INTEGER NOT NULL, total INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS j_attributes (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS j_leases (offer_id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, until INTEGER NOT NULL);
`;

/**
 * Journey and campaign state in a profile's Durable Object (SQLite), next to ProfileStore's tables.
 * Every method is synchronous: a caller that does not await in between makes one atomic transition.
 */
export class JourneyStore implements Records {
  private readonly tables: LazyTables;
  private cachedInstances: Map<string, Instance> | undefined;
  private cachedPending: Pending[] | undefined;
  private cachedAttributes: Record<string, unknown> | undefined;

  constructor(sql: SqlStorage) {
    this.tables = new LazyTables(sql, SCHEMA, "j_meta");
  }

  reset(): void {
    this.tables.reset();
    this.cachedInstances = undefined;
    this.cachedPending = undefined;
    this.cachedAttributes = undefined;
  }

  meta(key: string): string | undefined {
    return this.tables.read()?.exec<{ value: string }>("SELECT value FROM j_meta WHERE key = ?", key).toArray()[0]?.value;
  }

  setMeta(key: string, value: string): void {
    this.tables.write().exec("INSERT OR REPLACE INTO j_meta (key, value) VALUES (?, ?)", key, value);
  }

  instances(): Map<string, Instance> {
    if (!this.cachedInstances) {
      this.cachedInstances = new Map();
      for (const row of this.tables.read()?.exec<{
        journey_id: string; version: string; pointer: string; due_at: number; wait_event: string | null;
        wait_offer: string | null; entered_at: number; last_offer: string | null;
      }>("SELECT * FROM j_instances") ?? []) {
        this.cachedInstances.set(row.journey_id, {
          journeyId: row.journey_id,
          version: row.version,
          pointer: JSON.parse(row.pointer) as Pointer,
          dueAt: row.due_at,
          waitEvent: row.wait_event,
          waitOffer: row.wait_offer,
          enteredAt: row.entered_at,
          lastOffer: row.last_offer,
        });
      }
    }
    return this.cachedInstances;
  }

  saveInstance(instance: Instance): void {
    this.instances().set(instance.journeyId, instance);
    this.tables.write().exec(
      `INSERT OR REPLACE INTO j_instances (journey_id, version, pointer, due_at, wait_event, wait_offer, entered_at, last_offer)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      instance.journeyId, instance.version, JSON.stringify(instance.pointer), instance.dueAt,
      instance.waitEvent, instance.waitOffer, instance.enteredAt, instance.lastOffer,
    );
  }

  deleteInstance(journeyId: string): void {
    this.instances().delete(journeyId);
    this.tables.read()?.exec("DELETE FROM j_instances WHERE journey_id = ?", journeyId);
  }

  nextDue(): number | undefined {
    let next: number | undefined;
    for (const instance of this.instances().values()) if (next === undefined || instance.dueAt < next) next = instance.dueAt;
    for (const pending of this.pending()) if (next === undefined || pending.expiresAt < next) next = pending.expiresAt;
    return next;
  }

  definition(journeyId: string, version: string): string | undefined {
    return this.tables.read()
      ?.exec<{ definition: string }>("SELECT definition FROM j_versions WHERE journey_id = ? AND version = ?", journeyId, version)
      .toArray()[0]?.definition;
  }

  saveDefinition(journeyId: string, version: string, definition: string): void {
    this.tables.write().exec("INSERT OR IGNORE INTO j_versions (journey_id, version, definition) VALUES (?, ?, ?)", journeyId, version, definition);
  }

  /** Drops stored definitions no instance uses any more. */
  pruneDefinitions(): void {
    this.tables.read()?.exec("DELETE FROM j_versions WHERE NOT EXISTS (SELECT 1 FROM j_instances i WHERE i.journey_id = j_versions.journey_id AND i.version = j_versions.version)");
  }

  lastEntry(journeyId: string): number | undefined {
    return this.tables.read()
      ?.exec<{ last_entered_at: number }>("SELECT last_entered_at FROM j_entries WHERE journey_id = ?", journeyId)
      .toArray()[0]?.last_entered_at;
  }

  recordEntry(journeyId: string, now: number): void {
    this.tables.write().exec(
      `INSERT INTO j_entries (journey_id, last_entered_at, total) VALUES (?, ?, 1)
       ON CONFLICT (journey_id) DO UPDATE SET last_entered_at = excluded.last_entered_at, total = total + 1`,
      journeyId, now,
    );
  }

  pending(): Pending[] {
    this.cachedPending ??= (this.tables.read()
      ?.exec<{ offer_id: string; source: string; ref: string; version: string; step: string; created_at: number; expires_at: number }>(
        "SELECT * FROM j_pending ORDER BY created_at",
      )
      .toArray() ?? [])
      .map((row) => ({
        offerId: row.offer_id, source: row.source as Pending["source"], ref: row.ref, version: row.version, step: row.step,
        createdAt: row.created_at, expiresAt: row.expires_at,
      }));
    return this.cachedPending;
  }

  addPending(pending: Pending): void {
    this.removePending(pending.source, pending.ref, pending.offerId);
    this.pending().push(pending);
    this.tables.write().exec(
      "INSERT OR REPLACE INTO j_pending (offer_id, source, ref, version, step, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      pending.offerId, pending.source, pending.ref, pending.version, pending.step, pending.createdAt, pending.expiresAt,
    );
  }

  /** Removes one pending offer, or (without `offerId`) all of a journey's or campaign's. */
  removePending(source: Pending["source"], ref: string, offerId?: string): void {
    this.cachedPending = this.pending().filter((p) => !(p.source === source && p.ref === ref && (offerId === undefined || p.offerId === offerId)));
    if (offerId === undefined) this.tables.read()?.exec("DELETE FROM j_pending WHERE source = ? AND ref = ?", source, ref);
    else this.tables.read()?.exec("DELETE FROM j_pending WHERE source = ? AND ref = ? AND offer_id = ?", source, ref, offerId);
  }

  expirePending(now: number): void {
    if (!this.pending().some((p) => p.expiresAt <= now)) return;
    this.cachedPending = this.pending().filter((p) => p.expiresAt > now);
    this.tables.read()?.exec("DELETE FROM j_pending WHERE expires_at <= ?", now);
  }

  attribution(offerId: string, now: number): Attribution | undefined {
    const row = this.tables.read()
      ?.exec<{ source: string; ref: string; version: string; step: string; expires_at: number }>(
        "SELECT source, ref, version, step, expires_at FROM j_attribution WHERE offer_id = ?",
        offerId,
      )
      .toArray()[0];
    if (!row || row.expires_at <= now) return undefined;
    return { source: row.source as Pending["source"], ref: row.ref, version: row.version, step: row.step };
  }

  attribute(offerId: string, attribution: Attribution, expiresAt: number): void {
    this.tables.write().exec(
      "INSERT OR REPLACE INTO j_attribution (offer_id, source, ref, version, step, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      offerId, attribution.source, attribution.ref, attribution.version, attribution.step, expiresAt,
    );
  }

  /** How often a campaign was delivered to this profile (0 if never). */
  campaignDeliveries(campaignId: string): number {
    return this.tables.read()?.exec<{ total: number }>("SELECT total FROM j_campaigns WHERE campaign_id = ?", campaignId).toArray()[0]?.total ?? 0;
  }

  recordCampaignDelivery(campaignId: string, now: number): void {
    this.tables.write().exec(
      `INSERT INTO j_campaigns (campaign_id, delivered_at, total) VALUES (?, ?, 1)
       ON CONFLICT (campaign_id) DO UPDATE SET delivered_at = excluded.delivered_at, total = total + 1`,
      campaignId, now,
    );
  }

  /**
   * Pending offers handed to a decision and not yet displayed or suppressed: not offered again
   * until the lease ends, so two pages (or devices) asking at once do not both show them.
   */
  leases(now: number): Map<string, string> {
    const leases = new Map<string, string>();
    for (const row of this.tables.read()?.exec<{ offer_id: string; decision_id: string }>("SELECT offer_id, decision_id FROM j_leases WHERE until > ?", now) ?? []) {
      leases.set(row.offer_id, row.decision_id);
    }
    return leases;
  }

  lease(offerId: string, decisionId: string, until: number): void {
    this.tables.write().exec("INSERT OR REPLACE INTO j_leases (offer_id, decision_id, until) VALUES (?, ?, ?)", offerId, decisionId, until);
  }

  /** Ends the lease of `offerId` (only the one of `decisionId`, when given). */
  endLease(offerId: string, decisionId?: string): void {
    if (decisionId === undefined) this.tables.read()?.exec("DELETE FROM j_leases WHERE offer_id = ?", offerId);
    else this.tables.read()?.exec("DELETE FROM j_leases WHERE offer_id = ? AND decision_id = ?", offerId, decisionId);
  }

  /** Profile attributes written by `set` steps (they override the snapshot's). */
  attributes(): Record<string, unknown> {
    if (!this.cachedAttributes) {
      this.cachedAttributes = Object.create(null) as Record<string, unknown>; // keyed by `set` steps' names
      for (const row of this.tables.read()?.exec<{ name: string; value: string }>("SELECT name, value FROM j_attributes") ?? []) {
        this.cachedAttributes[row.name] = JSON.parse(row.value);
      }
    }
    return this.cachedAttributes;
  }

  setAttributes(values: Record<string, unknown>): void {
    const attributes = this.attributes();
    for (const [name, value] of Object.entries(values)) {
      attributes[name] = value;
      this.tables.write().exec("INSERT OR REPLACE INTO j_attributes (name, value) VALUES (?, ?)", name, JSON.stringify(value ?? null));
    }
  }

  /** Drops expired attributions and leases. */
  trim(now: number): void {
    this.tables.read()?.exec("DELETE FROM j_attribution WHERE expires_at <= ?", now);
    this.tables.read()?.exec("DELETE FROM j_leases WHERE until <= ?", now);
    this.expirePending(now);
  }

  /** Nothing that must outlive the profile's history (entries are kept for re-entry rules). */
  isEmpty(): boolean {
    const sql = this.tables.read();
    if (!sql) return true;
    const { n } = sql
      .exec<{ n: number }>(
        `SELECT (SELECT count(*) FROM j_instances) + (SELECT count(*) FROM j_pending) + (SELECT count(*) FROM j_entries)
           + (SELECT count(*) FROM j_campaigns) + (SELECT count(*) FROM j_attributes) AS n`,
      )
      .one();
    return n === 0;
  }
}

import { createHmac, timingSafeEqual } from "node:crypto";
import { compileCatalog, type CompiledCatalog } from "@edgewise/decision-engine";
import { catalogFacts, indexFacts, type CatalogFactsJson, type LoadedCatalog } from "../../src/domain/catalogs/facts.ts";
import type { CountedEvent } from "../../src/domain/caps/counts.ts";
import { PERIODS, periodStart } from "../../src/domain/caps/periods.ts";
import { eventMessage, parseOutboxMessage, type OutboxMessage } from "../../src/domain/events/messages.ts";
import type { Attribution, Instance, JourneyRecords, JourneySources, Pending, ProfileFacts } from "../../src/domain/journeys/ports.ts";
import { PROFILE_LIMITS } from "../../src/domain/profiles/limits.ts";
import type { CatalogLoader, Downstream, ProfileRecords, Scheduler } from "../../src/domain/profiles/ports.ts";
import { ProfileService } from "../../src/domain/profiles/profile-service.ts";
import { Refusal } from "../../src/domain/shared/refusal.ts";
import type { HistoryEntry, ProfileCapCounters, ProfileEvent } from "../../src/domain/profiles/types.ts";
import type { SnapshotRegistry, SnapshotShard, SnapshotStorage, StreamingMac } from "../../src/domain/snapshots/ports.ts";
import type {
  ActiveSnapshot,
  Dropped,
  ImportSlot,
  RegistryRefusal,
  SnapshotAudience,
  SnapshotError,
  SnapshotVersion,
} from "../../src/domain/snapshots/types.ts";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** Tuesday 2026-03-10 12:00 UTC. */
export const T0 = Date.UTC(2026, 2, 10, 12);

/** The Refusal that `run` throws (the test fails when it throws nothing, or something else). */
export function thrownRefusal(run: () => unknown): Refusal {
  try {
    run();
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error("expected a Refusal");
}

// ---- profiles -------------------------------------------------------------------------------------

interface Reservation {
  decisionId: string;
  offerId: string;
  at: number;
  expiresAt: number;
}

type Counter = ProfileCapCounters[string][string];

/** ProfileRecords in memory, with the semantics of adapters/sqlite/profile-records.ts. */
export class MemoryProfileRecords implements ProfileRecords {
  history: (HistoryEntry & { seq: number })[] = [];
  processed = new Map<string, number>();
  reservations = new Map<string, Reservation>();
  lifetime = new Map<string, Map<string, { total: number; lastAt: number }>>();
  /** Stored as JSON text, as the SQLite outbox keeps it. */
  outbox: { seq: number; text: string }[] = [];
  private seq = 0;

  reset(): void {}

  /** What `deleteAll` does to this profile's storage. */
  wipe(): void {
    this.history = [];
    this.processed.clear();
    this.reservations.clear();
    this.lifetime.clear();
    this.outbox = [];
  }

  historyForDecision(now: number): HistoryEntry[] {
    const entries: HistoryEntry[] = this.history.map(({ name, offerId, timestamp }) => (offerId === undefined ? { name, timestamp } : { name, offerId, timestamp }));
    for (const reservation of this.live(now)) entries.push({ name: "display", offerId: reservation.offerId, timestamp: reservation.at });
    return entries;
  }

  reserve(decisionId: string, offerId: string, now: number): void {
    this.reservations.set(decisionId, { decisionId, offerId, at: now, expiresAt: now + PROFILE_LIMITS.reservationMs });
    if (this.reservations.size > PROFILE_LIMITS.reservations) this.reservations.delete(this.reservations.keys().next().value as string);
  }

  expireReservations(now: number): void {
    for (const [id, reservation] of this.reservations) if (reservation.expiresAt <= now) this.reservations.delete(id);
  }

  append(event: ProfileEvent, profileKey: string, now: number): boolean {
    if (this.processed.has(event.id)) return false;
    this.processed.set(event.id, now);
    const timestamp = Math.min(event.timestamp, now);
    this.history.push({ seq: ++this.seq, name: event.name, offerId: event.offerId, timestamp });
    if (event.offerId !== undefined && event.type !== "track") {
      const names = this.lifetime.get(event.offerId) ?? new Map<string, { total: number; lastAt: number }>();
      const counter = names.get(event.name) ?? { total: 0, lastAt: 0 };
      names.set(event.name, { total: counter.total + 1, lastAt: Math.max(counter.lastAt, timestamp) });
      this.lifetime.set(event.offerId, names);
      if (event.type === "display" || event.type === "suppress") this.settle(event.offerId, event.decisionId);
    }
    this.enqueue(eventMessage(event, profileKey, now));
    return true;
  }

  trim(now: number): void {
    const oldestKept = now - PROFILE_LIMITS.historyAgeMs;
    const excess = Math.max(0, this.history.length - PROFILE_LIMITS.historyEvents);
    this.history = this.history.slice(excess).filter((entry) => entry.timestamp >= oldestKept);
    for (const [id, at] of this.processed) if (at < now - PROFILE_LIMITS.processedAgeMs) this.processed.delete(id);
    const ids = [...this.processed].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    for (const id of ids.slice(0, Math.max(0, ids.length - PROFILE_LIMITS.processedIds))) this.processed.delete(id);
    this.expireReservations(now);
  }

  summary(now: number): { history: HistoryEntry[]; caps: ProfileCapCounters; pendingReservations: number } {
    // Keyed by offer ids and event names: prototype-free, like the SQLite adapter's Object.fromEntries.
    const caps: ProfileCapCounters = Object.create(null);
    const counter = (offerId: string, name: string): Counter => {
      const names = (caps[offerId] ??= Object.create(null) as ProfileCapCounters[string]);
      return (names[name] ??= { day: 0, week: 0, month: 0, lifetime: 0, lastAt: 0 });
    };
    for (const [offerId, names] of this.lifetime) {
      for (const [name, { total, lastAt }] of names) Object.assign(counter(offerId, name), { lifetime: total, lastAt });
    }
    for (const entry of this.historyForDecision(now)) {
      if (entry.offerId === undefined) continue;
      const c = counter(entry.offerId, entry.name);
      for (const period of PERIODS) if (entry.timestamp >= periodStart(period, now)) c[period]++;
      c.lastAt = Math.max(c.lastAt, entry.timestamp);
    }
    for (const reservation of this.live(now)) {
      const c = caps[reservation.offerId]?.["display"];
      if (c) c.lifetime++;
    }
    const history = this.history
      .slice(-100)
      .reverse()
      .map(({ name, offerId, timestamp }) => (offerId === undefined ? { name, timestamp } : { name, offerId, timestamp }));
    return { history, caps, pendingReservations: this.live(now).length };
  }

  enqueue(message: OutboxMessage): void {
    this.outbox.push({ seq: ++this.seq, text: JSON.stringify(message) });
  }

  outboxBatch(limit: number): { lastSeq: number; messages: OutboxMessage[] } | undefined {
    const rows = this.outbox.slice(0, limit);
    if (rows.length === 0) return undefined;
    const messages = rows.map((row) => parseOutboxMessage(JSON.parse(row.text))).filter((m): m is OutboxMessage => m !== undefined);
    return { lastSeq: rows[rows.length - 1]!.seq, messages };
  }

  removeFromOutbox(lastSeq: number): void {
    this.outbox = this.outbox.filter((row) => row.seq > lastSeq);
  }

  outboxSize(): number {
    return this.outbox.length;
  }

  isEmpty(now: number): boolean {
    return this.history.length === 0 && this.live(now).length === 0 && this.outbox.length === 0;
  }

  oldestHistoryTimestamp(): number | undefined {
    return this.history.length === 0 ? undefined : Math.min(...this.history.map((entry) => entry.timestamp));
  }

  private settle(offerId: string, decisionId: string | undefined): void {
    const byToken = decisionId === undefined ? undefined : this.reservations.get(decisionId);
    if (byToken && byToken.offerId === offerId) return void this.reservations.delete(byToken.decisionId);
    for (const reservation of this.reservations.values()) {
      if (reservation.offerId === offerId) return void this.reservations.delete(reservation.decisionId);
    }
  }

  private live(now: number): Reservation[] {
    return [...this.reservations.values()].filter((reservation) => reservation.expiresAt > now);
  }
}

/** JourneyRecords in memory, with the semantics of adapters/sqlite/journey-records.ts. */
export class MemoryJourneyRecords implements JourneyRecords {
  metas = new Map<string, string>();
  stored = new Map<string, Instance>();
  definitions = new Map<string, string>();
  entries = new Map<string, { lastAt: number; total: number }>();
  pendings: Pending[] = [];
  attributions = new Map<string, Attribution & { expiresAt: number }>();
  campaigns = new Map<string, { deliveredAt: number; total: number }>();
  leased = new Map<string, { decisionId: string; until: number }>();
  values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;

  reset(): void {}

  wipe(): void {
    this.metas.clear();
    this.stored.clear();
    this.definitions.clear();
    this.entries.clear();
    this.pendings = [];
    this.attributions.clear();
    this.campaigns.clear();
    this.leased.clear();
    this.values = Object.create(null) as Record<string, unknown>;
  }

  meta(key: string): string | undefined {
    return this.metas.get(key);
  }

  setMeta(key: string, value: string): void {
    this.metas.set(key, value);
  }

  instances(): Map<string, Instance> {
    return this.stored;
  }

  saveInstance(instance: Instance): void {
    this.stored.set(instance.journeyId, structuredClone(instance));
  }

  deleteInstance(journeyId: string): void {
    this.stored.delete(journeyId);
  }

  nextDue(): number | undefined {
    const times = [...[...this.stored.values()].map((i) => i.dueAt), ...this.pendings.map((p) => p.expiresAt)];
    return times.length === 0 ? undefined : Math.min(...times);
  }

  definition(journeyId: string, version: string): string | undefined {
    return this.definitions.get(`${journeyId}@${version}`);
  }

  saveDefinition(journeyId: string, version: string, definition: string): void {
    if (!this.definitions.has(`${journeyId}@${version}`)) this.definitions.set(`${journeyId}@${version}`, definition);
  }

  pruneDefinitions(): void {
    const used = new Set([...this.stored.values()].map((i) => `${i.journeyId}@${i.version}`));
    for (const key of this.definitions.keys()) if (!used.has(key)) this.definitions.delete(key);
  }

  lastEntry(journeyId: string): number | undefined {
    return this.entries.get(journeyId)?.lastAt;
  }

  recordEntry(journeyId: string, now: number): void {
    this.entries.set(journeyId, { lastAt: now, total: (this.entries.get(journeyId)?.total ?? 0) + 1 });
  }

  pending(): Pending[] {
    return this.pendings;
  }

  addPending(pending: Pending): void {
    this.removePending(pending.source, pending.ref, pending.offerId);
    this.pendings.push(pending);
    this.pendings.sort((a, b) => a.createdAt - b.createdAt);
  }

  removePending(source: Pending["source"], ref: string, offerId?: string): void {
    this.pendings = this.pendings.filter((p) => !(p.source === source && p.ref === ref && (offerId === undefined || p.offerId === offerId)));
  }

  expirePending(now: number): void {
    this.pendings = this.pendings.filter((p) => p.expiresAt > now);
  }

  attribution(offerId: string, now: number): Attribution | undefined {
    const found = this.attributions.get(offerId);
    if (!found || found.expiresAt <= now) return undefined;
    return { source: found.source, ref: found.ref, version: found.version, step: found.step };
  }

  attribute(offerId: string, attribution: Attribution, expiresAt: number): void {
    this.attributions.set(offerId, { ...attribution, expiresAt });
  }

  campaignDeliveries(campaignId: string): number {
    return this.campaigns.get(campaignId)?.total ?? 0;
  }

  recordCampaignDelivery(campaignId: string, now: number): void {
    this.campaigns.set(campaignId, { deliveredAt: now, total: this.campaignDeliveries(campaignId) + 1 });
  }

  leases(now: number): Map<string, string> {
    return new Map([...this.leased].filter(([, lease]) => lease.until > now).map(([offerId, lease]) => [offerId, lease.decisionId]));
  }

  lease(offerId: string, decisionId: string, until: number): void {
    this.leased.set(offerId, { decisionId, until });
  }

  endLease(offerId: string, decisionId?: string): void {
    if (decisionId === undefined || this.leased.get(offerId)?.decisionId === decisionId) this.leased.delete(offerId);
  }

  attributes(): Record<string, unknown> {
    return this.values;
  }

  setAttributes(values: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(values)) this.values[name] = structuredClone(value ?? null);
  }

  trim(now: number): void {
    for (const [offerId, a] of this.attributions) if (a.expiresAt <= now) this.attributions.delete(offerId);
    for (const [offerId, lease] of this.leased) if (lease.until <= now) this.leased.delete(offerId);
    this.expirePending(now);
  }

  isEmpty(): boolean {
    return this.stored.size + this.pendings.length + this.entries.size + this.campaigns.size + Object.keys(this.values).length === 0;
  }
}

/** Catalog versions compiled with their facts (through JSON, as stored at publish); one may be active. */
export class MemoryCatalogs implements CatalogLoader {
  readonly versions = new Map<string, LoadedCatalog>();
  active: string | null = null;
  loads = 0;

  /** Publishes and activates `json` as `version`. */
  publish(version: string, json: unknown): LoadedCatalog {
    const compiled = compileCatalog(json);
    const facts = JSON.parse(JSON.stringify(catalogFacts(compiled))) as CatalogFactsJson;
    const loaded = { version, compiled, facts: indexFacts(version, facts) };
    this.versions.set(version, loaded);
    this.active = version;
    return loaded;
  }

  async load(version: string): Promise<LoadedCatalog | null> {
    this.loads++;
    return this.versions.get(version) ?? null;
  }

  activeCompiled(): CompiledCatalog | null {
    return this.active === null ? null : (this.versions.get(this.active)?.compiled ?? null);
  }
}

export class RecordingDownstream implements Downstream {
  readonly sent: OutboxMessage[] = [];
  readonly counted: { offerId: string; events: CountedEvent[] }[] = [];
  failing = false;

  async countGlobally(offerId: string, events: readonly CountedEvent[]): Promise<void> {
    if (this.failing) throw new Error("global counter unavailable");
    this.counted.push({ offerId, events: [...events] });
  }

  async send(messages: readonly OutboxMessage[]): Promise<void> {
    if (this.failing) throw new Error("queue unavailable");
    this.sent.push(...messages);
  }
}

export class FakeScheduler implements Scheduler {
  alarmAt: number | null = null;
  deletions = 0;

  constructor(private readonly onDeleteAll: () => void = () => {}) {}

  async alarm(): Promise<number | null> {
    return this.alarmAt;
  }

  async setAlarm(at: number): Promise<void> {
    this.alarmAt = at;
  }

  async deleteAll(): Promise<void> {
    this.deletions++;
    this.alarmAt = null;
    this.onDeleteAll();
  }
}

/** A ProfileService over in-memory ports, with a clock the test moves. */
export function profileHarness() {
  const clock = { now: T0 };
  const records = new MemoryProfileRecords();
  const journeyRecords = new MemoryJourneyRecords();
  const catalogs = new MemoryCatalogs();
  const downstream = new RecordingDownstream();
  const facts = new Map<string, ProfileFacts>();
  const scheduler = new FakeScheduler(() => {
    records.wipe();
    journeyRecords.wipe();
  });
  const journeySources: JourneySources = {
    activeCatalog: async () => catalogs.activeCompiled(),
    profileFacts: async (profileKey) => facts.get(profileKey) ?? { profile: {}, audiences: [] },
  };
  let ids = 0;
  const service = new ProfileService({
    records,
    journeyRecords,
    journeySources,
    catalogs,
    downstream,
    scheduler,
    now: () => clock.now,
    newId: () => `d-${++ids}`,
  });
  return { service, clock, records, journeyRecords, catalogs, downstream, scheduler, facts };
}

// ---- snapshots ------------------------------------------------------------------------------------

interface VersionRecord {
  vid: number;
  shards: number;
  state: SnapshotVersion["state"];
  audiences: SnapshotAudience[];
  profiles: number;
  parts: Map<number, { done: boolean; lines: number; profiles: number; bytes: number }>;
  errors?: SnapshotError[];
  invalidLines?: number;
}

const refusal = (status: 404 | 409, code: string, message: string): RegistryRefusal => ({ refused: { status, code, message } });

/** A snapshot registry in memory: versions, their parts, and the active pointer. */
export class MemoryRegistry implements SnapshotRegistry {
  readonly versions = new Map<string, VersionRecord>();
  active: ActiveSnapshot | null = null;
  private nextVid = 1;

  async begin(version: string, audiences: SnapshotAudience[], shards: number): Promise<ImportSlot | RegistryRefusal> {
    const existing = this.versions.get(version);
    if (existing && existing.state !== "importing") return refusal(409, "version_exists", `version ${version} exists`);
    if (existing) return { vid: existing.vid, shards: existing.shards, retried: existing.parts.has(1) };
    const record: VersionRecord = { vid: this.nextVid++, shards, state: "importing", audiences, profiles: 0, parts: new Map() };
    record.parts.set(1, { done: false, lines: 0, profiles: 0, bytes: 0 });
    this.versions.set(version, record);
    return { vid: record.vid, shards, retried: false };
  }

  async startPart(version: string, n: number): Promise<ImportSlot | RegistryRefusal> {
    const record = this.versions.get(version);
    if (!record) return refusal(404, "not_found", `no version ${version}`);
    if (record.state !== "importing") return refusal(409, "not_importing", `version ${version} is ${record.state}`);
    const retried = record.parts.has(n);
    record.parts.set(n, { done: false, lines: 0, profiles: 0, bytes: 0 });
    return { vid: record.vid, shards: record.shards, retried };
  }

  async partProgress(version: string, n: number, lines: number, profiles: number, bytes: number, done: boolean): Promise<void> {
    this.versions.get(version)?.parts.set(n, { done, lines, profiles, bytes });
  }

  async partAbandoned(version: string, n: number): Promise<void> {
    this.versions.get(version)?.parts.delete(n);
  }

  async fail(version: string, errors: SnapshotError[], invalidLines: number): Promise<Dropped | null> {
    const record = this.versions.get(version);
    if (!record) return null;
    Object.assign(record, { state: "failed", errors, invalidLines });
    return { vid: record.vid, shards: record.shards };
  }

  async prepareCommit(version: string, parts: number | null): Promise<{ vid: number; shards: number } | RegistryRefusal> {
    const record = this.versions.get(version);
    if (!record) return refusal(404, "not_found", `no version ${version}`);
    const done = [...record.parts.values()].filter((part) => part.done).length;
    if (record.state !== "importing" || (parts !== null && done !== parts)) return refusal(409, "incomplete", `version ${version} is incomplete`);
    return { vid: record.vid, shards: record.shards };
  }

  async ready(version: string, profiles: number): Promise<SnapshotVersion | RegistryRefusal> {
    const record = this.versions.get(version);
    if (!record) return refusal(404, "not_found", `no version ${version}`);
    Object.assign(record, { state: "ready", profiles });
    return this.view(version, record);
  }

  async activate(version: string): Promise<{ active: ActiveSnapshot; dropped: Dropped[] } | RegistryRefusal> {
    const record = this.versions.get(version);
    if (!record || (record.state !== "ready" && record.state !== "active")) return refusal(409, "not_ready", `version ${version} is not ready`);
    const previous = this.active?.version ?? null;
    if (previous !== null) this.versions.get(previous)!.state = "ready";
    record.state = "active";
    this.active = { version, vid: record.vid, shards: record.shards, activatedAt: new Date(T0).toISOString(), previous };
    return { active: this.active, dropped: [] };
  }

  async remove(version: string): Promise<Dropped | RegistryRefusal> {
    const record = this.versions.get(version);
    if (!record) return refusal(404, "not_found", `no version ${version}`);
    if (record.state === "active") return refusal(409, "active", `version ${version} is active`);
    this.versions.delete(version);
    return { vid: record.vid, shards: record.shards };
  }

  async activeSnapshot(): Promise<ActiveSnapshot | null> {
    return this.active;
  }

  async version(version: string): Promise<SnapshotVersion | null> {
    const record = this.versions.get(version);
    return record ? this.view(version, record) : null;
  }

  async list(): Promise<{ active: ActiveSnapshot | null; versions: SnapshotVersion[] }> {
    return { active: this.active, versions: [...this.versions].map(([name, record]) => this.view(name, record)) };
  }

  private view(version: string, record: VersionRecord): SnapshotVersion {
    const iso = new Date(T0).toISOString();
    return {
      version,
      state: record.state,
      profiles: record.profiles,
      audiences: record.audiences,
      createdAt: iso,
      importedAt: record.state === "importing" || record.state === "failed" ? null : iso,
      activatedAt: record.state === "active" ? iso : null,
      ...(record.errors ? { errors: record.errors, invalidLines: record.invalidLines ?? 0 } : {}),
    };
  }
}

/** One shard's rows: `(vid, profileId)` → the part that wrote it and the state's JSON text. */
export class MemoryShard implements SnapshotShard {
  readonly rows = new Map<number, Map<string, { part: number; state: string }>>();
  puts = 0;

  async put(vid: number, part: number, rows: string): Promise<void> {
    this.puts++;
    const byId = this.rows.get(vid) ?? new Map<string, { part: number; state: string }>();
    for (const [id, state] of JSON.parse(rows) as [string, string][]) byId.set(id, { part, state });
    this.rows.set(vid, byId);
  }

  async get(vid: number, id: string): Promise<string | null> {
    return this.rows.get(vid)?.get(id)?.state ?? null;
  }

  async count(vid: number): Promise<number> {
    return this.rows.get(vid)?.size ?? 0;
  }

  async page(vid: number, after: string, limit: number): Promise<{ id: string; state: string }[]> {
    const ids = [...(this.rows.get(vid)?.keys() ?? [])].filter((id) => id > after).sort().slice(0, limit);
    return ids.map((id) => ({ id, state: this.rows.get(vid)!.get(id)!.state }));
  }

  async dropPart(vid: number, part: number): Promise<number> {
    const byId = this.rows.get(vid);
    let dropped = 0;
    for (const [id, row] of byId ?? []) if (row.part === part && byId!.delete(id)) dropped++;
    return dropped;
  }

  async drop(vid: number): Promise<number> {
    const dropped = this.rows.get(vid)?.size ?? 0;
    this.rows.delete(vid);
    return dropped;
  }
}

/** HMAC-SHA256 of the streamed chunks, compared with `sha256=<hex>`. */
class NodeStreamingMac implements StreamingMac {
  private readonly hmac;

  constructor(secret: string) {
    this.hmac = createHmac("sha256", secret);
  }

  async update(chunk: Uint8Array): Promise<void> {
    this.hmac.update(chunk);
  }

  async matches(signature: string): Promise<boolean> {
    const expected = Buffer.from(`sha256=${this.hmac.digest("hex")}`);
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

export function memorySnapshotStorage(shardCount = 64) {
  const registry = new MemoryRegistry();
  const shards = Array.from({ length: shardCount }, () => new MemoryShard());
  const storage: SnapshotStorage = {
    registry,
    shard: (n) => shards[n]!,
    mac: async (secret) => new NodeStreamingMac(secret),
  };
  return { storage, registry, shards };
}

/** An NDJSON body, streamed in chunks of `chunkBytes`. */
export function ndjsonBody(lines: readonly (string | object)[], chunkBytes = 7): ReadableStream<Uint8Array> {
  return bytesBody(new TextEncoder().encode(lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n")), chunkBytes);
}

export function bytesBody(bytes: Uint8Array, chunkBytes = 7): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkBytes));
      offset += chunkBytes;
    },
  });
}

export function signBody(secret: string, text: string): string {
  return `sha256=${createHmac("sha256", secret).update(text).digest("hex")}`;
}

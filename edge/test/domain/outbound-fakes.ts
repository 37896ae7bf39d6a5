import type { Destination } from "../../src/domain/outbound/destinations.ts";
import { OUTBOUND_LIMITS } from "../../src/domain/outbound/limits.ts";
import type { AttemptRecord, CampaignJob, Delivery, DeliveryRecords, DeliveryStatus, DestinationStats, ForwardedEvent, NewDelivery } from "../../src/domain/outbound/ports.ts";

/**
 * DeliveryRecords in memory, for the domain's tests in Node (the edge's are SQLite in the
 * destination's Durable Object: adapters/sqlite/delivery-records.ts, exercised under wrangler dev).
 */
export class MemoryDeliveries implements DeliveryRecords {
  private config: Destination | undefined;
  readonly deliveries = new Map<string, Delivery & { seq: number }>();
  readonly events = new Map<string, { seq: number; at: number; event: Record<string, unknown> | null; batch: string | null }>();
  readonly jobList = new Map<string, CampaignJob>();
  private seq = 0;
  droppedCount = 0;

  destination() {
    return this.config;
  }
  setDestination(destination: Destination) {
    this.config = destination;
  }
  add(deliveries: readonly NewDelivery[], now: number) {
    let added = 0;
    for (const d of deliveries) {
      if (this.deliveries.has(d.id)) continue;
      this.deliveries.set(d.id, {
        ...d, seq: ++this.seq, events: 0, status: "pending", attempts: 0, windowStart: now, nextAttemptAt: now, updatedAt: now,
        lastStatus: null, error: null, latencyMs: null, deadLetter: false,
      });
      added++;
    }
    return added;
  }
  buffer(events: readonly ForwardedEvent[], now: number) {
    let added = 0;
    for (const e of events) {
      if (this.events.has(e.key)) continue;
      this.events.set(e.key, { seq: ++this.seq, at: now, event: e.event, batch: null });
      added++;
    }
    return added;
  }
  private unbatched() {
    return [...this.events.entries()].filter(([, e]) => e.batch === null).sort((a, b) => a[1].seq - b[1].seq);
  }
  buffered() {
    const list = this.unbatched();
    return { count: list.length, oldestAt: list.length ? Math.min(...list.map(([, e]) => e.at)) : null };
  }
  batch(limit: number, id: string, now: number) {
    const taken = this.unbatched().slice(0, limit);
    if (taken.length === 0) return 0;
    this.add([{ id, source: "forwarding", body: JSON.stringify({ events: taken.map(([, e]) => e.event) }), createdAt: now }], now);
    this.deliveries.get(id)!.events = taken.length;
    for (const [, e] of taken) Object.assign(e, { batch: id, event: null });
    return taken.length;
  }
  waiting() {
    return this.pendingCount() + this.buffered().count;
  }
  pendingCount() {
    return [...this.deliveries.values()].filter((d) => d.status === "pending").length;
  }
  countDropped(n: number) {
    this.droppedCount += n;
  }
  due(now: number, limit: number, excluding: ReadonlySet<string>) {
    return [...this.deliveries.values()]
      .filter((d) => d.status === "pending" && d.nextAttemptAt <= now && !excluding.has(d.id))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq)
      .slice(0, limit);
  }
  nextAttemptAt() {
    const times = [...this.deliveries.values()].filter((d) => d.status === "pending").map((d) => d.nextAttemptAt);
    return times.length ? Math.min(...times) : undefined;
  }
  attempted(id: string, a: AttemptRecord, now: number) {
    const d = this.deliveries.get(id)!;
    Object.assign(d, {
      status: (a.verdict === "retry" ? "pending" : a.verdict) as DeliveryStatus, attempts: d.attempts + 1, nextAttemptAt: a.nextAttemptAt ?? now,
      updatedAt: now, lastStatus: a.status, error: a.error, latencyMs: a.latencyMs, deadLetter: a.deadLetter === true,
    });
  }
  retry(id: string, now: number) {
    const d = this.deliveries.get(id);
    if (d && d.status !== "delivered") Object.assign(d, { status: "pending", nextAttemptAt: now, windowStart: now, deadLetter: false, updatedAt: now });
    return d;
  }
  get(id: string) {
    return this.deliveries.get(id);
  }
  list(status: DeliveryStatus | undefined, limit: number) {
    return [...this.deliveries.values()].filter((d) => !status || d.status === status).reverse().slice(0, limit);
  }
  stats(): DestinationStats {
    const all = [...this.deliveries.values()];
    const of = (s: DeliveryStatus) => all.filter((d) => d.status === s);
    return {
      pending: of("pending").length, retrying: of("pending").filter((d) => d.attempts > 0).length, delivered: of("delivered").length,
      failed: of("failed").length, deadLetters: of("failed").filter((d) => d.deadLetter).length, dropped: this.droppedCount,
      eventsForwarded: of("delivered").reduce((n, d) => n + d.events, 0), eventsBuffered: this.buffered().count, p95LatencyMs: null, lastDeliveredAt: null,
    };
  }
  jobs() {
    return [...this.jobList.values()];
  }
  startJob(job: CampaignJob) {
    const key = `${job.campaignId}@${job.opens}`;
    if (this.jobList.has(key)) return false;
    this.jobList.set(key, job);
    return true;
  }
  saveJob(job: CampaignJob) {
    this.jobList.set(`${job.campaignId}@${job.opens}`, job);
  }
  prune(now: number) {
    for (const [id, d] of this.deliveries) if (d.status === "delivered" && d.updatedAt < now - OUTBOUND_LIMITS.keepDeliveredMs) this.deliveries.delete(id);
  }
}

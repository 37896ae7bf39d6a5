import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { loadCatalogOrNull } from "../adapters/kv/compiled-catalogs.ts";
import { snapshotShard } from "../adapters/snapshot-store.ts";
import { DeliveryStore } from "../adapters/sqlite/delivery-records.ts";
import { workerSecret } from "../adapters/secrets.ts";
import { DestinationService } from "../domain/outbound/destination-service.ts";
import type { Destination } from "../domain/outbound/destinations.ts";
import type { CampaignJob, DeliveryStatus, ForwardedEvent, NewDelivery } from "../domain/outbound/ports.ts";
import { isDevelopment } from "../settings.ts";

/**
 * One outbound destination's Durable Object (keyed `webhook:<id>` or `forwarding:<id>`): wires the
 * domain's DestinationService to the object's SQLite, its alarm (the sender), the snapshot shards
 * (campaign audiences), the catalogs in KV and the Worker's secrets. The object serialises the
 * destination's bookkeeping, so `perSecond` is kept by one sender.
 */
export class OutboundDestination extends DurableObject<Env> {
  private readonly records: DeliveryStore;
  private readonly service: DestinationService;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.records = new DeliveryStore(ctx.storage.sql);
    this.service = new DestinationService({
      records: this.records,
      campaigns: {
        page: (vid, shard, after, limit) => snapshotShard(env, shard).page(vid, after, limit),
        catalog: async (version) => (await loadCatalogOrNull(env.CATALOGS, version))?.compiled ?? null,
      },
      secret: (name) => workerSecret(env, name),
      development: isDevelopment(env),
      fetch: (input, init) => fetch(input, init),
      wakeAt: async (at) => {
        const current = await ctx.storage.getAlarm();
        if (current === null || current > at) await ctx.storage.setAlarm(at);
      },
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: () => Math.random(),
    });
  }

  enqueue(destination: Destination | null, deliveries: NewDelivery[]) {
    return this.service.enqueue(destination, deliveries);
  }

  forward(destination: Destination, events: ForwardedEvent[]) {
    return this.service.forward(destination, events);
  }

  startCampaign(destination: Destination, job: CampaignJob) {
    return this.service.startCampaign(destination, job);
  }

  stopCampaign(campaignId: string) {
    return this.service.stopCampaign(campaignId);
  }

  retry(id: string) {
    return this.service.retry(id);
  }

  get(id: string) {
    return this.records.get(id) ?? null;
  }

  list(status: DeliveryStatus | undefined, limit: number, before?: { createdAt: number; id: string }) {
    return this.records.list(status, limit, before);
  }

  stats() {
    return { destination: this.records.destination() ?? null, ...this.records.stats(Date.now()), jobs: this.records.jobs() };
  }

  /** Deliveries per hour or day (`bucketMs`) from `from` (a bucket start) to `to`, from the hourly counters (GET /v1/admin/stats/series). */
  series(from: number, to: number, bucketMs: number) {
    return this.records.series(from, to, bucketMs);
  }

  override async alarm(): Promise<void> {
    await this.service.run();
  }
}

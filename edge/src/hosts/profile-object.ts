import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env.ts";
import { loadCatalogOrNull } from "../adapters/kv/compiled-catalogs.ts";
import { journeySources } from "../adapters/profile-facts.ts";
import { JourneyStore } from "../adapters/sqlite/journey-records.ts";
import { ProfileStore } from "../adapters/sqlite/profile-records.ts";
import { downstream } from "../adapters/downstream.ts";
import { ProfileService } from "../domain/profiles/profile-service.ts";
import type { ProfileEvent, ProfileDecideRequest, ProfileSyncRequest } from "../domain/profiles/types.ts";

/**
 * One profile's Durable Object (keyed `p:<profileId>` or `anon:<anonymousId>`): wires the domain's
 * ProfileService to the object's SQLite (profile and journey records), its alarm, the catalogs in
 * KV, the global cap counters and the events queue. The object serialises the profile's calls.
 */
export class ProfileObject extends DurableObject<Env> {
  private readonly store: ProfileStore;
  private readonly service: ProfileService;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new ProfileStore(ctx.storage.sql);
    this.service = new ProfileService({
      records: this.store,
      journeyRecords: new JourneyStore(ctx.storage.sql),
      journeySources: journeySources(env),
      catalogs: { load: (version) => loadCatalogOrNull(env.CATALOGS, version) },
      downstream: downstream(env),
      scheduler: {
        alarm: () => ctx.storage.getAlarm(),
        setAlarm: (at) => ctx.storage.setAlarm(at),
        deleteAll: () => ctx.storage.deleteAll(),
      },
    });
  }

  decide(request: ProfileDecideRequest) {
    return this.service.decide(request);
  }

  ingest(profileKey: string, events: readonly ProfileEvent[], catalogVersion?: string | null) {
    return this.service.ingest(profileKey, events, catalogVersion);
  }

  sync(request: ProfileSyncRequest) {
    return this.service.sync(request);
  }

  override alarm(): Promise<void> {
    return this.service.wake();
  }
}

import type { Env } from "../env.ts";
import type { GlobalCapCounter } from "../domain/caps/counts.ts";
import type { Destination } from "../domain/outbound/destinations.ts";
import type { CampaignJob, Delivery, DeliveryStatus, DestinationSeriesPoint, DestinationStats, ForwardedEvent, NewDelivery } from "../domain/outbound/ports.ts";
import type { IngestOutcome, ProfileDecideRequest, ProfileDecideResult, ProfileEvent, ProfileSync, ProfileSyncRequest } from "../domain/profiles/types.ts";

/** The RPC surface of a ProfileObject, as the Worker calls it. */
export interface ProfileApi {
  decide(request: ProfileDecideRequest): Promise<ProfileDecideResult>;
  ingest(profileKey: string, events: readonly ProfileEvent[], catalogVersion?: string | null): Promise<IngestOutcome[]>;
  sync(request: ProfileSyncRequest): Promise<ProfileSync>;
}

// The stubs' generated RPC types cannot express `unknown` JSON payloads (offer content), so the
// surfaces are stated here once; the classes implement exactly these methods.

export function profileObject(env: Env, profileKey: string): ProfileApi {
  return env.PROFILES.get(env.PROFILES.idFromName(profileKey)) as unknown as ProfileApi;
}

export function globalCapCounter(env: Env, offerId: string): GlobalCapCounter {
  return env.GLOBAL_CAPS.get(env.GLOBAL_CAPS.idFromName(offerId)) as unknown as GlobalCapCounter;
}

/** The RPC surface of an OutboundDestination (hosts/outbound-destination.ts). */
export interface DestinationApi {
  enqueue(destination: Destination | null, deliveries: NewDelivery[]): Promise<{ added: number; dropped: number }>;
  forward(destination: Destination, events: ForwardedEvent[]): Promise<{ added: number; dropped: number }>;
  startCampaign(destination: Destination, job: CampaignJob): Promise<boolean>;
  stopCampaign(campaignId: string): Promise<boolean>;
  retry(id: string): Promise<Delivery | undefined>;
  get(id: string): Promise<Delivery | null>;
  list(status: DeliveryStatus | undefined, limit: number, before?: { createdAt: number; id: string }): Promise<Delivery[]>;
  stats(): Promise<DestinationStats & { destination: Destination | null; jobs: CampaignJob[] }>;
  /** Deliveries per hour or day (`bucketMs`) from `from` (a bucket start) to `to`, every bucket present. */
  series(from: number, to: number, bucketMs: number): Promise<DestinationSeriesPoint[]>;
}

/** A destination's object, by its name (`webhook:<id>` or `forwarding:<id>`: destinations.ts `destinationName`). */
export function outboundDestination(env: Env, name: string): DestinationApi {
  return env.OUTBOUND.get(env.OUTBOUND.idFromName(name)) as unknown as DestinationApi;
}

import type { Env } from "../env.ts";
import type { GlobalCapCounter } from "../domain/caps/counts.ts";
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

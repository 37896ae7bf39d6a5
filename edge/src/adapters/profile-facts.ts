import type { JourneySources, ProfileFacts } from "../domain/journeys/ports.ts";
import type { Env } from "../env.ts";
import { readActiveCatalog } from "./kv/catalog-store.ts";
import { loadCatalogOrNull } from "./kv/compiled-catalogs.ts";
import { readActiveSnapshot, readProfileState } from "./snapshot-store.ts";

/** The profile's facts from the active snapshot (`p:<id>` keys); an anonymous key has none. */
export async function loadProfileFacts(env: Env, profileKey: string): Promise<ProfileFacts> {
  if (!profileKey.startsWith("p:")) return { profile: { id: profileKey.slice(profileKey.indexOf(":") + 1) }, audiences: [] };
  const profileId = profileKey.slice(2);
  const snapshot = await readActiveSnapshot(env.SNAPSHOTS);
  const state = snapshot ? await readProfileState(env, snapshot, profileId) : null;
  return { profile: { ...state?.attributes, id: profileId }, audiences: state?.audiences ?? [] };
}

/** Journeys' view of the world at the edge: the active catalog from KV (compiled once per isolate), facts from the snapshot. */
export function journeySources(env: Env): JourneySources {
  return {
    activeCatalog: async () => {
      const active = await readActiveCatalog(env.CATALOGS);
      return active ? ((await loadCatalogOrNull(env.CATALOGS, active.version))?.compiled ?? null) : null;
    },
    profileFacts: (profileKey) => loadProfileFacts(env, profileKey),
  };
}

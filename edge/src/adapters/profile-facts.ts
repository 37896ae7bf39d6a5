import type { Env } from "../env.ts";
import { readActiveSnapshot, readProfileState } from "./snapshot-store.ts";

/** What journey rules see of a profile besides the event: its snapshot attributes and audiences. */
export interface ProfileFacts {
  profile: Record<string, unknown>;
  audiences: string[];
}

/** The profile's facts from the active snapshot (`p:<id>` keys); an anonymous key has none. */
export async function loadProfileFacts(env: Env, profileKey: string): Promise<ProfileFacts> {
  if (!profileKey.startsWith("p:")) return { profile: { id: profileKey.slice(profileKey.indexOf(":") + 1) }, audiences: [] };
  const profileId = profileKey.slice(2);
  const snapshot = await readActiveSnapshot(env.SNAPSHOTS);
  const state = snapshot ? await readProfileState(env, snapshot, profileId) : null;
  return { profile: { ...state?.attributes, id: profileId }, audiences: state?.audiences ?? [] };
}

import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { isProfileTrusted, profileKeyOf } from "../domain/identity/identity.ts";
import { profileObject } from "../adapters/stubs.ts";
import type { ProfileSyncRequest } from "../domain/profiles/types.ts";
import { loadFacts, readActiveCatalog } from "../adapters/kv/catalog-store.ts";
import { readGlobalCounts } from "../adapters/global-counts.ts";
import { readActiveSnapshot, readProfileState } from "../adapters/snapshot-store.ts";
import { PARAMETERS, parseParameters } from "./bodies/parameters.ts";

/**
 * `GET /v1/profile/:id`: what a device needs to decide locally — the profile's audiences (active
 * snapshot plus real-time ones) and attributes, cap counters, recent history, the offers journeys
 * and campaigns hold for it (`pending`) and the global cap counts of the catalog's offers. In secure
 * mode it needs the profile's signature (query `profileSignature` or header `x-profile-signature`)
 * and reveals nothing without a valid one.
 */
export const profileRoutes = new Hono<AppEnv>().get("/:id", async (c) => {
  const { id: profileId } = parseParameters(PARAMETERS.profile, c.req.param());
  const query = parseParameters(PARAMETERS.profileQuery, c.req.query());
  const signature = query.profileSignature ?? c.req.header("x-profile-signature");
  if (!(await isProfileTrusted(profileId, signature, c.env.IDENTITY_SECRET))) {
    throw new ApiError(403, "signature_required", "a valid profileSignature is required for this profile");
  }
  const [snapshot, active] = await Promise.all([readActiveSnapshot(c.env.SNAPSHOTS), readActiveCatalog(c.env.CATALOGS)]);
  const [state, facts] = await Promise.all([
    snapshot ? readProfileState(c.env, snapshot, profileId) : null,
    active ? loadFacts(c.env.CATALOGS, active.version) : null,
  ]);
  const request: ProfileSyncRequest = {
    profileKey: profileKeyOf(profileId),
    catalogVersion: facts ? facts.version : null,
    profile: { ...state?.attributes, id: profileId },
    audiences: state?.audiences ?? [],
  };
  const [sync, globalCounts] = await Promise.all([
    profileObject(c.env, request.profileKey).sync(request),
    facts ? readGlobalCounts(c.env, facts, [...facts.globalCappedByPlacement.keys()]) : {},
  ]);
  return c.json({ profileId, snapshotVersion: snapshot?.version ?? null, ...sync, globalCounts });
});

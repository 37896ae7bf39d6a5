import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { ApiError } from "../errors.ts";
import { isProfileTrusted, profileKeyOf } from "../identity/profile-identity.ts";
import { profileObject } from "../objects/stubs.ts";
import { readActiveSnapshot, readProfileState } from "../storage/snapshot-store.ts";
import { ID_RULES } from "../validation/decide-body.ts";

/**
 * `GET /v1/profile/:id`: the profile's audiences and attributes (active snapshot), cap counters and
 * recent history, for local decisioning. In secure mode it needs the profile's signature (query
 * `profileSignature` or header `x-profile-signature`) and reveals nothing without a valid one.
 */
export const profileRoutes = new Hono<AppEnv>().get("/:id", async (c) => {
  const profileId = c.req.param("id");
  if (profileId.length === 0 || profileId.length > ID_RULES.maxLength) {
    throw new ApiError(400, "invalid_profile_id", `a profile id has 1 to ${ID_RULES.maxLength} characters`, "$.id");
  }
  const signature = c.req.query("profileSignature") ?? c.req.header("x-profile-signature");
  if (!(await isProfileTrusted(profileId, signature, c.env.IDENTITY_SECRET))) {
    throw new ApiError(403, "signature_required", "a valid profileSignature is required for this profile");
  }
  const snapshot = await readActiveSnapshot(c.env.SNAPSHOTS);
  const [state, summary] = await Promise.all([
    snapshot ? readProfileState(c.env, snapshot, profileId) : null,
    profileObject(c.env, profileKeyOf(profileId)).summary(),
  ]);
  return c.json({
    profileId,
    audiences: state?.audiences ?? [],
    attributes: state?.attributes ?? {},
    snapshotVersion: snapshot?.version ?? null,
    ...summary,
  });
});

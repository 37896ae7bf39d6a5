import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import { resolveIdentity } from "../identity/profile-identity.ts";
import { signDecisionToken } from "../identity/tokens.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import type { ProfileDecideRequest } from "../objects/profile-types.ts";
import { profileObject } from "../objects/stubs.ts";
import { mergeRequestContext } from "../request-context.ts";
import { loadCatalogOrNull, readActiveCatalog } from "../storage/catalog-store.ts";
import { readGlobalCounts } from "../storage/global-counts.ts";
import { readActiveSnapshot, readProfileState, type ProfileState } from "../storage/snapshot-store.ts";
import { parseDecideBody } from "../validation/decide-body.ts";
import { tokenSecret } from "../identity/token-secret.ts";

/**
 * `POST /v1/decide` → `{decisions: [{placement, offerId, fallback, content?, message?, token,
 * explanation?}], audiences, catalogVersion, snapshotVersion}`. The decision itself runs in the
 * profile's Durable Object.
 */
export const decideRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseDecideBody(await readJsonBody(c, BODY_LIMITS.decide));
  const identity = await resolveIdentity(
    { ...body, profileSignature: body.profileSignature ?? c.req.header("x-profile-signature") },
    c.env.IDENTITY_SECRET,
  );
  const [active, snapshot] = await Promise.all([readActiveCatalog(c.env.CATALOGS), readActiveSnapshot(c.env.SNAPSHOTS)]);
  const [catalog, state] = await Promise.all([
    active ? loadCatalogOrNull(c.env.CATALOGS, active.version) : null,
    identity.profileId !== undefined && snapshot ? readProfileState(c.env, snapshot, identity.profileId) : null,
  ]);
  const globalCounts = catalog ? await readGlobalCounts(c.env, catalog, body.placements) : {};
  const audiences = state?.audiences ?? [];
  const request: ProfileDecideRequest = {
    profileKey: identity.profileKey,
    catalogVersion: catalog ? catalog.version : null,
    placements: body.placements,
    profile: profileOf(identity.profileId, identity.anonymousId, state),
    audiences,
    context: mergeRequestContext(c.req.raw, body.context),
    explain: body.explain && c.get("isAdmin"),
    globalCounts,
    ...(body.event ? { event: body.event } : {}),
  };
  const result = await profileObject(c.env, identity.profileKey).decide(request);
  const secret = tokenSecret(c.env);
  const decisions = await Promise.all(
    result.decisions.map(async ({ decisionId, ...decision }) => ({
      ...decision,
      token: await signDecisionToken(secret, {
        decisionId,
        placement: decision.placement,
        offerId: decision.offerId,
        profileKey: identity.profileKey,
        issuedAt: result.decidedAt,
      }),
    })),
  );
  return c.json({
    decisions,
    audiences: result.audiences ?? audiences,
    catalogVersion: request.catalogVersion,
    snapshotVersion: snapshot?.version ?? null,
    anonymous: identity.profileId === undefined,
  });
});

/** The evaluation context's `profile`: snapshot attributes plus `id` (the anonymous id if untrusted). */
function profileOf(profileId: string | undefined, anonymousId: string, state: ProfileState | null): Record<string, unknown> {
  if (profileId === undefined) return { id: anonymousId };
  return { ...state?.attributes, id: profileId };
}

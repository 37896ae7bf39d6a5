import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { resolveIdentity, type Identity } from "../domain/identity/identity.ts";
import { tokenSecret } from "../adapters/secrets.ts";
import { signDecisionToken } from "../domain/identity/tokens.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import type { ProfileDecideRequest, ProfileDecideResult } from "../domain/profiles/types.ts";
import { profileObject } from "../adapters/stubs.ts";
import { mergeRequestContext } from "./request-context.ts";
import { loadFacts, readActiveCatalog } from "../adapters/kv/catalog-store.ts";
import { readGlobalCounts } from "../adapters/global-counts.ts";
import { readActiveSnapshot, readProfileState, type ActiveSnapshot, type ProfileState } from "../adapters/snapshot-store.ts";
import { parseDecideBody, type DecideBody } from "./bodies/decide-body.ts";
import { HOLDOUT_ID } from "../domain/catalogs/facts.ts";
import { verifyPreviewToken } from "../domain/identity/preview.ts";

/**
 * `POST /v1/decide` → `{decisions: [{placement, offerId, fallback, content?, message?, token,
 * explanation?}], audiences, catalogVersion, snapshotVersion}`. The decision itself runs in the
 * profile's Durable Object. With a valid `preview` token it is a dry run that forces the token's
 * offer or variant, with explanations and without tokens (`preview: {active: true, …}`); with one
 * expired or invalid, decisions as usual and `preview: {active: false, reason}`.
 */
export const decideRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseDecideBody(await readJsonBody(c, BODY_LIMITS.decide));
  const identity = await resolveIdentity(
    { ...body, profileSignature: body.profileSignature ?? c.req.header("x-profile-signature") },
    c.env.IDENTITY_SECRET,
  );
  const preview = body.preview === undefined ? undefined : await verifyPreviewToken(tokenSecret(c.env), body.preview, Date.now());
  const previewing = typeof preview === "object";
  const { request, snapshot, state, facts } = await decisionRequest(c.env, c.req.raw, body, identity, previewing || (body.explain && c.get("isAdmin")));
  if (previewing) {
    // A preview link (POST /v1/admin/preview): a dry run that forces its offer or variant, explained; nothing is recorded.
    request.simulate = {
      ...(preview.offerId === undefined ? {} : { offers: [preview.offerId] }),
      ...(preview.experimentId === undefined ? {} : { variants: { [preview.experimentId]: preview.variantId! } }),
    };
    const result = await profileObject(c.env, identity.profileKey).decide(request);
    const decisions = result.decisions.map(({ decisionId: _none, ...decision }) => ({ ...decision, token: "" }));
    const { expiresAt, ...forced } = preview;
    return c.json({ ...answer(request, result, decisions, snapshot, state, identity), preview: { active: true, ...forced, expiresAt: new Date(expiresAt).toISOString() } });
  }
  const hasHoldout = facts?.experiments.has(HOLDOUT_ID) ?? false;
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
        ...(decision.experimentId !== undefined && decision.variantId !== undefined ? { experimentId: decision.experimentId, variantId: decision.variantId } : {}),
        ...(hasHoldout ? { holdout: decision.holdout === true } : {}),
      }),
    })),
  );
  // A preview token that is no longer (or never was) valid: decided as usual, and said so.
  return c.json({ ...answer(request, result, decisions, snapshot, state, identity), ...(preview === undefined ? {} : { preview: { active: false, reason: preview } }) });
});

/**
 * What a profile's object needs to decide for `body`: the active catalog's version, the profile's
 * snapshot state and the global cap counts of the placements' offers, read in parallel.
 */
export async function decisionRequest(env: Env, raw: Request, body: DecideBody, identity: Identity, explain: boolean) {
  const [active, snapshot] = await Promise.all([readActiveCatalog(env.CATALOGS), readActiveSnapshot(env.SNAPSHOTS)]);
  // The catalog's facts, not the catalog: the Worker never compiles one (the profile's object does).
  const [facts, state] = await Promise.all([
    active ? loadFacts(env.CATALOGS, active.version) : null,
    identity.profileId !== undefined && snapshot ? readProfileState(env, snapshot, identity.profileId) : null,
  ]);
  const globalCounts = facts ? await readGlobalCounts(env, facts, body.placements) : {};
  const request: ProfileDecideRequest = {
    profileKey: identity.profileKey,
    catalogVersion: facts ? facts.version : null,
    placements: body.placements,
    profile: profileOf(identity.profileId, identity.anonymousId, state),
    audiences: state?.audiences ?? [],
    context: mergeRequestContext(raw, body.context),
    explain,
    globalCounts,
    ...(body.event ? { event: body.event } : {}),
  };
  return { request, snapshot, state, facts };
}

/** The `/v1/decide` answer around the object's decisions. */
export function answer<D>(request: ProfileDecideRequest, result: ProfileDecideResult, decisions: D[], snapshot: ActiveSnapshot | null, state: ProfileState | null, identity: Identity) {
  return {
    decisions,
    audiences: result.audiences ?? state?.audiences ?? [],
    catalogVersion: request.catalogVersion,
    snapshotVersion: snapshot?.version ?? null,
    anonymous: identity.profileId === undefined,
  };
}

/** The evaluation context's `profile`: snapshot attributes plus `id` (the anonymous id if untrusted). */
function profileOf(profileId: string | undefined, anonymousId: string, state: ProfileState | null): Record<string, unknown> {
  if (profileId === undefined) return { id: anonymousId };
  return { ...state?.attributes, id: profileId };
}

import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { profileKeyOf, anonymousKeyOf, type Identity } from "../../domain/identity/identity.ts";
import { BODY_LIMITS, readJsonBody } from "../../middleware/body.ts";
import { profileObject } from "../../adapters/stubs.ts";
import { parseSimulateBody } from "../bodies/simulate-body.ts";
import { answer, decisionRequest } from "../decide.ts";

/**
 * `POST /v1/admin/simulate` (DESIGN.md, "Simulation"): the decide body plus optional `profile`,
 * `audiences`, `history` and `now` overrides → the `/v1/decide` answer with explanations (no
 * tokens), each failed eligibility condition with the values it read (`reads: [{path, value}]`),
 * and `pending` (what journeys and campaigns hold for the profile). A dry run in the profile's own
 * object: no cap reserved, no pending message leased or delivered, no event, no journey entered.
 * The admin is trusted: `profileId` needs no signature here.
 */
export const simulateRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseSimulateBody(await readJsonBody(c, BODY_LIMITS.decide));
  const identity: Identity = body.profileId === undefined
    ? { profileKey: anonymousKeyOf(body.anonymousId), anonymousId: body.anonymousId }
    : { profileKey: profileKeyOf(body.profileId), profileId: body.profileId, anonymousId: body.anonymousId };
  const { request, snapshot, state } = await decisionRequest(c.env, c.req.raw, body, identity, true);
  if (body.profile) request.profile = { ...body.profile, id: identity.profileId ?? identity.anonymousId };
  request.simulate = body.overrides;
  const result = await profileObject(c.env, identity.profileKey).decide(request);
  const decisions = result.decisions.map(({ decisionId: _none, ...decision }) => decision);
  return c.json({ ...answer(request, result, decisions, snapshot, state, identity), pending: result.pending ?? [], simulated: true });
});

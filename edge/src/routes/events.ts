import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { resolveIdentity } from "../identity/profile-identity.ts";
import { tokenSecret } from "../identity/token-secret.ts";
import { verifyDecisionToken } from "../identity/tokens.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import type { ProfileEvent } from "../objects/profile-types.ts";
import { profileObject } from "../objects/stubs.ts";
import { parseEvent, parseEventsBody, type ClientEvent } from "../validation/events-body.ts";

interface Rejection {
  index: number;
  error: { code: string; message: string; path?: string };
}

interface ReadyEvent {
  index: number;
  profileKey: string;
  event: ProfileEvent;
}

/**
 * `POST /v1/events` → `202 {accepted, duplicates, rejected: [{index, error}]}`. Each event is
 * validated on its own; good ones are recorded once per id in their profile's Durable Object, which
 * also feeds the global cap counters and the events queue.
 */
export const eventsRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseEventsBody(await readJsonBody(c, BODY_LIMITS.events));
  const batchSignature = body.profileSignature ?? c.req.header("x-profile-signature");
  const rejected: Rejection[] = [];
  const ready: ReadyEvent[] = [];
  await Promise.all(
    body.events.map(async (raw, index) => {
      try {
        const event = parseEvent(raw, `$.events[${index}]`);
        ready.push(await prepare(c.env, event, index, batchSignature));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        rejected.push({ index, error: error.toJSON().error as Rejection["error"] });
      }
    }),
  );
  const { accepted, duplicates } = await ingest(c.env, ready);
  rejected.sort((a, b) => a.index - b.index);
  return c.json({ accepted, duplicates, rejected }, 202);
});

/** Resolves the event's profile and checks its decision token (a bad token rejects the event). */
async function prepare(env: Env, event: ClientEvent, index: number, batchSignature: string | undefined): Promise<ReadyEvent> {
  const path = `$.events[${index}]`;
  const identity = await resolveIdentity(
    { ...event, profileSignature: event.profileSignature ?? batchSignature },
    env.IDENTITY_SECRET,
  );
  const ready: ProfileEvent = { id: event.id, type: event.type, name: event.name, timestamp: event.timestamp };
  let { offerId, placement } = event;
  if (event.token !== undefined) {
    const claims = await verifyDecisionToken(tokenSecret(env), event.token);
    if (!claims) throw new ApiError(400, "invalid_token", "the decision token is not valid", `${path}.token`);
    if (offerId !== undefined && claims.offerId !== null && claims.offerId !== offerId) {
      throw new ApiError(400, "token_mismatch", "the token was issued for another offer", `${path}.offerId`);
    }
    if (placement !== undefined && claims.placement !== placement) {
      throw new ApiError(400, "token_mismatch", "the token was issued for another placement", `${path}.placement`);
    }
    offerId ??= claims.offerId ?? undefined;
    placement ??= claims.placement;
    ready.decisionId = claims.decisionId;
  }
  if (offerId !== undefined) ready.offerId = offerId;
  if (placement !== undefined) ready.placement = placement;
  if (event.properties !== undefined) ready.properties = event.properties; // for journeys' `when` rules
  return { index, profileKey: identity.profileKey, event: ready };
}

/** Sends each profile's events to its Durable Object (profiles in parallel) and counts the outcomes. */
async function ingest(env: Env, ready: readonly ReadyEvent[]): Promise<{ accepted: number; duplicates: number }> {
  const byProfile = new Map<string, ReadyEvent[]>();
  for (const item of [...ready].sort((a, b) => a.index - b.index)) {
    const list = byProfile.get(item.profileKey) ?? [];
    list.push(item);
    byProfile.set(item.profileKey, list);
  }
  let accepted = 0;
  let duplicates = 0;
  await Promise.all(
    [...byProfile].map(async ([profileKey, items]) => {
      const outcomes = await profileObject(env, profileKey).ingest(
        profileKey,
        items.map((item) => item.event),
      );
      for (const outcome of outcomes) outcome === "accepted" ? accepted++ : duplicates++;
    }),
  );
  return { accepted, duplicates };
}

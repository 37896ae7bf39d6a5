import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { ApiError } from "../errors.ts";
import { Refusal } from "../domain/shared/refusal.ts";
import { anonymousKeyOf, resolveIdentity } from "../domain/identity/identity.ts";
import { tokenSecret } from "../adapters/secrets.ts";
import { DECISION_TOKEN_TTL_MS, verifyDecisionToken } from "../domain/identity/tokens.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import type { ProfileEvent } from "../domain/profiles/types.ts";
import { globalCapCounter, profileObject } from "../adapters/stubs.ts";
import { eventMessage } from "../domain/events/messages.ts";
import { loadCatalogOrNull, readActiveCatalog, type LoadedCatalog } from "../adapters/kv/catalog-store.ts";
import { parseEvent, parseEventsBody, type ClientEvent } from "./bodies/events-body.ts";

interface Rejection {
  index: number;
  error: { code: string; message: string; path?: string };
}

interface ReadyEvent {
  index: number;
  profileKey: string;
  /** Stored in the profile's object; else (an anonymous visitor's event nothing reads back) only counted. */
  stored: boolean;
  event: ProfileEvent;
}

/** What intake checks events against: the active catalog and the one before it (recently active). */
interface IntakeCatalogs {
  active: LoadedCatalog | null;
  previous: LoadedCatalog | null;
}

/**
 * `POST /v1/events` → `202 {accepted, duplicates, rejected: [{index, error}]}`. Each event is
 * validated on its own; good ones are recorded once per id in their profile's Durable Object, which
 * also feeds the global cap counters and the events queue. An event about an offer that neither the
 * active nor the previous catalog has is rejected (`unknown_offer`): made-up offers create no
 * counters and no statistics. An anonymous visitor's event that no rule or journey reads back is
 * only counted (statistics, global caps), never stored (`namesThatMatter`).
 */
export const eventsRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseEventsBody(await readJsonBody(c, BODY_LIMITS.events));
  const batchSignature = body.profileSignature ?? c.req.header("x-profile-signature");
  const catalogs = await intakeCatalogs(c.env);
  const rejected: Rejection[] = [];
  const ready: ReadyEvent[] = [];
  await Promise.all(
    body.events.map(async (raw, index) => {
      try {
        const event = parseEvent(raw, `$.events[${index}]`);
        ready.push(await prepare(c.env, catalogs, event, index, batchSignature));
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        rejected.push({ index, error: error.toJSON().error as Rejection["error"] });
      }
    }),
  );
  const { accepted, duplicates } = await ingest(c.env, ready);
  rejected.sort((a, b) => a.index - b.index);
  return c.json({ accepted, duplicates, rejected }, 202);
});

async function intakeCatalogs(env: Env): Promise<IntakeCatalogs> {
  const active = await readActiveCatalog(env.CATALOGS);
  const [current, previous] = await Promise.all([
    active ? loadCatalogOrNull(env.CATALOGS, active.version) : null,
    active?.previous ? loadCatalogOrNull(env.CATALOGS, active.previous) : null,
  ]);
  return { active: current, previous };
}

const knows = (catalogs: IntakeCatalogs, offerId: string) => !!(catalogs.active?.compiled.offers.has(offerId) || catalogs.previous?.compiled.offers.has(offerId));
const globallyCapped = (catalogs: IntakeCatalogs, offerId: string) =>
  !!(catalogs.active?.globalCappedOffers.has(offerId) || catalogs.previous?.globalCappedOffers.has(offerId));

/**
 * Resolves the event's profile and checks its decision token: a forged one, one issued for another
 * profile (than the event's, or this device's anonymous id) or older than DECISION_TOKEN_TTL_MS, or
 * one naming another offer or placement rejects the event.
 */
async function prepare(env: Env, catalogs: IntakeCatalogs, event: ClientEvent, index: number, batchSignature: string | undefined): Promise<ReadyEvent> {
  const path = `$.events[${index}]`;
  const identity = await resolveIdentity({ ...event, profileSignature: event.profileSignature ?? batchSignature }, env.IDENTITY_SECRET);
  const ready: ProfileEvent = { id: event.id, type: event.type, name: event.name, timestamp: event.timestamp };
  let { offerId, placement } = event;
  if (event.token !== undefined) {
    const claims = await verifyDecisionToken(tokenSecret(env), event.token);
    if (!claims) throw new ApiError(400, "invalid_token", "the decision token is not valid", `${path}.token`);
    if (claims.profileKey !== identity.profileKey && claims.profileKey !== anonymousKeyOf(event.anonymousId)) {
      throw new ApiError(400, "token_mismatch", "the token was issued for another profile", `${path}.token`);
    }
    if (Date.now() - claims.issuedAt > DECISION_TOKEN_TTL_MS) {
      throw new ApiError(400, "token_expired", `the token is older than ${DECISION_TOKEN_TTL_MS / 86_400_000} days`, `${path}.token`);
    }
    if (offerId !== undefined && claims.offerId !== null && claims.offerId !== offerId) {
      throw new ApiError(400, "token_mismatch", "the token was issued for another offer", `${path}.offerId`);
    }
    if (placement !== undefined && claims.placement !== placement) {
      throw new ApiError(400, "token_mismatch", "the token was issued for another placement", `${path}.placement`);
    }
    offerId ??= claims.offerId ?? undefined;
    placement ??= claims.placement;
    ready.decisionId = claims.decisionId;
  } else if (offerId !== undefined && !knows(catalogs, offerId)) {
    throw new ApiError(400, "unknown_offer", `no active or recent catalog has an offer "${offerId}"`, `${path}.offerId`);
  }
  if (offerId !== undefined) {
    ready.offerId = offerId;
    ready.global = globallyCapped(catalogs, offerId);
  }
  if (placement !== undefined) ready.placement = placement;
  if (event.properties !== undefined) ready.properties = event.properties; // for journeys' `when` rules
  const stored = identity.profileId !== undefined || ready.decisionId !== undefined || !!catalogs.active?.namesThatMatter.has(ready.name);
  return { index, profileKey: identity.profileKey, stored, event: ready };
}

/**
 * Sends each profile's stored events to its Durable Object (profiles in parallel) and the others
 * straight to the statistics (the queue's consumer counts each event key once, so a retry is
 * harmless there too), and counts the outcomes.
 */
async function ingest(env: Env, ready: readonly ReadyEvent[]): Promise<{ accepted: number; duplicates: number }> {
  const byProfile = new Map<string, ReadyEvent[]>();
  const counted: ReadyEvent[] = [];
  for (const item of [...ready].sort((a, b) => a.index - b.index)) {
    if (!item.stored) {
      counted.push(item);
      continue;
    }
    const list = byProfile.get(item.profileKey) ?? [];
    list.push(item);
    byProfile.set(item.profileKey, list);
  }
  let accepted = counted.length;
  let duplicates = 0;
  await Promise.all([
    countOnly(env, counted),
    ...[...byProfile].map(async ([profileKey, items]) => {
      const outcomes = await profileObject(env, profileKey).ingest(profileKey, items.map((item) => item.event));
      for (const outcome of outcomes) outcome === "accepted" ? accepted++ : duplicates++;
    }),
  ]);
  return { accepted, duplicates };
}

/** Events stored nowhere: to the statistics queue, and to the global cap counters of their offers. */
async function countOnly(env: Env, items: readonly ReadyEvent[]): Promise<void> {
  if (items.length === 0) return;
  const now = Date.now();
  const messages = items.map((item) => eventMessage(item.event, item.profileKey, now));
  const byOffer = new Map<string, { key: string; name: string }[]>();
  for (const message of messages) {
    if (!message.global || message.offerId === undefined) continue;
    byOffer.set(message.offerId, [...(byOffer.get(message.offerId) ?? []), { key: message.key, name: message.name }]);
  }
  for (let i = 0; i < messages.length; i += 100) await env.EVENTS_QUEUE.sendBatch(messages.slice(i, i + 100).map((body) => ({ body })));
  await Promise.all([...byOffer].map(([offerId, events]) => globalCapCounter(env, offerId).record(events)));
}

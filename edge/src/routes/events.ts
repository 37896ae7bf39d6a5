import { Hono } from "hono";
import type { AppEnv } from "../app-env.ts";
import type { Env } from "../env.ts";
import { Refusal } from "../domain/shared/refusal.ts";
import { tokenSecret } from "../adapters/secrets.ts";
import { BODY_LIMITS, readJsonBody } from "../middleware/body.ts";
import { profileObject } from "../adapters/stubs.ts";
import { downstream } from "../adapters/downstream.ts";
import { eventMessage } from "../domain/events/messages.ts";
import { sendDownstream } from "../domain/events/downstream.ts";
import { admitEvent, destinations, type AdmittedEvent, type IntakeCatalogs } from "../domain/events/intake.ts";
import { loadFacts, readActiveCatalog } from "../adapters/kv/catalog-store.ts";
import { parseEvent, parseEventsBody } from "./bodies/events-body.ts";

interface Rejection {
  index: number;
  error: { code: string; message: string; path?: string };
}

/**
 * `POST /v1/events` → `202 {accepted, duplicates, rejected: [{index, error}]}`. Each event is
 * validated and admitted on its own (domain/events/intake.ts); admitted ones are recorded once per
 * id in their profile's Durable Object, which also feeds the global cap counters and the events
 * queue. An anonymous visitor's event that no rule or journey reads back is only counted
 * (statistics, global caps), never stored (`namesThatMatter`).
 */
export const eventsRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const body = parseEventsBody(await readJsonBody(c, BODY_LIMITS.events));
  const batchSignature = body.profileSignature ?? c.req.header("x-profile-signature");
  const { catalogs, version } = await intakeCatalogs(c.env);
  const secrets = { token: tokenSecret(c.env), identity: c.env.IDENTITY_SECRET };
  const now = Date.now();
  const rejected: Rejection[] = [];
  const admitted: AdmittedEvent[] = [];
  await Promise.all(
    body.events.map(async (raw, index) => {
      try {
        admitted.push(await admitEvent(parseEvent(raw, `$.events[${index}]`), index, catalogs, secrets, batchSignature, now));
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        rejected.push({ index, error: error.toJSON().error as Rejection["error"] });
      }
    }),
  );
  const { accepted, duplicates } = await record(c.env, admitted, version);
  rejected.sort((a, b) => a.index - b.index);
  return c.json({ accepted, duplicates, rejected }, 202);
});

async function intakeCatalogs(env: Env): Promise<{ catalogs: IntakeCatalogs; version: string | null }> {
  const active = await readActiveCatalog(env.CATALOGS);
  const [current, previous] = await Promise.all([
    active ? loadFacts(env.CATALOGS, active.version) : null,
    active?.previous ? loadFacts(env.CATALOGS, active.previous) : null,
  ]);
  return { catalogs: { active: current, previous }, version: current?.version ?? null };
}

/**
 * Sends each profile's stored events to its Durable Object (profiles in parallel, with the catalog
 * version intake used, for its journeys) and the others straight downstream (the queue's consumer
 * counts each event key once, so a retry is harmless there too), and counts the outcomes.
 */
async function record(env: Env, admitted: readonly AdmittedEvent[], catalogVersion: string | null): Promise<{ accepted: number; duplicates: number }> {
  const { byProfile, counted } = destinations(admitted);
  let accepted = counted.length;
  let duplicates = 0;
  const now = Date.now();
  await Promise.all([
    counted.length > 0 ? sendDownstream(downstream(env), counted.map((item) => eventMessage(item.event, item.profileKey, now))) : undefined,
    ...[...byProfile].map(async ([profileKey, events]) => {
      const outcomes = await profileObject(env, profileKey).ingest(profileKey, events, catalogVersion);
      for (const outcome of outcomes) outcome === "accepted" ? accepted++ : duplicates++;
    }),
  ]);
  return { accepted, duplicates };
}

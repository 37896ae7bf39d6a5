import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { adminHeaders, decide, event, eventually, fetchEdge, json, sendEvents, uid } from "./helpers.ts";

/** A catalog with a message placement, a hero placement and the offers journeys and campaigns use. */
export function orchestrationCatalog(extra: { journeys?: unknown[]; campaigns?: unknown[]; offers?: unknown[] } = {}): Record<string, unknown> {
  const message = (title: string) => ({ layout: "banner", title });
  return {
    placements: [
      { id: "web-messages", surface: "web://shop.example", format: "message" },
      { id: "home-hero", surface: "web://shop.example/#hero", format: "html" },
    ],
    offers: [
      { id: "default-hero", placements: ["home-hero"], content: { html: "<p>Welcome</p>" } },
      { id: "cart-reminder", placements: ["web-messages"], message: message("You left something in your cart") },
      { id: "vip-cart-reminder", placements: ["web-messages"], message: message("VIP: your cart, 10% off") },
      { id: "offer-a", placements: ["web-messages"], message: message("A") },
      { id: "offer-b", placements: ["web-messages"], message: message("B") },
      { id: "spring-sale", placements: ["home-hero"], content: { html: "<p>Spring sale</p>" } },
      { id: "summer-sale", placements: ["home-hero"], content: { html: "<p>Summer sale</p>" } },
      ...(extra.offers ?? []),
    ],
    fallbacks: { "home-hero": "default-hero" },
    // A paused journey that nobody enters keeps every message offer orchestrated (never an ordinary
    // candidate) whatever the test's own journeys reference.
    journeys: [
      ...(extra.journeys ?? []),
      {
        id: "_library", paused: true, trigger: { event: "_never" },
        steps: ["cart-reminder", "vip-cart-reminder", "offer-a", "offer-b"].map((message) => ({ message })),
      },
    ],
    campaigns: extra.campaigns ?? [],
  };
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export function profileStub(profileId: string) {
  return env.PROFILES.get(env.PROFILES.idFromName(`p:${profileId}`));
}

/**
 * Lets `ms` pass for one profile's journeys: every stored journey time moves back by `ms`, the
 * object is evicted (in-memory state dropped, as after a restart), and its alarm is run.
 */
export async function advance(profileId: string, ms: number): Promise<boolean> {
  const stub = profileStub(profileId);
  await runInDurableObject(stub, (_instance, state) => {
    const sql = state.storage.sql;
    const tables = sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'j_%'").toArray().map((r) => r.name);
    if (tables.includes("j_instances")) sql.exec("UPDATE j_instances SET due_at = due_at - ?1, entered_at = entered_at - ?1", ms);
    if (tables.includes("j_entries")) sql.exec("UPDATE j_entries SET last_entered_at = last_entered_at - ?", ms);
    if (tables.includes("j_pending")) sql.exec("UPDATE j_pending SET created_at = created_at - ?1, expires_at = expires_at - ?1", ms);
    if (tables.includes("j_attribution")) sql.exec("UPDATE j_attribution SET expires_at = expires_at - ?", ms);
  });
  await evictDurableObject(stub);
  return runDurableObjectAlarm(stub);
}

export interface InstanceRow {
  journey_id: string;
  version: string;
  pointer: string;
  due_at: number;
  wait_event: string | null;
}

export async function instancesOf(profileId: string): Promise<InstanceRow[]> {
  return runInDurableObject(profileStub(profileId), (_i, state) => {
    const exists = state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'j_instances'").toArray().length > 0;
    return exists ? state.storage.sql.exec<InstanceRow & Record<string, SqlStorageValue>>("SELECT * FROM j_instances ORDER BY journey_id").toArray() : [];
  });
}

export async function entriesOf(profileId: string, journeyId: string): Promise<number> {
  return runInDurableObject(profileStub(profileId), (_i, state) => {
    const exists = state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'j_entries'").toArray().length > 0;
    if (!exists) return 0;
    return state.storage.sql.exec<{ total: number }>("SELECT total FROM j_entries WHERE journey_id = ?", journeyId).toArray()[0]?.total ?? 0;
  });
}

export async function track(profileId: string, name: string, properties?: Record<string, unknown>) {
  return sendEvents([event({ type: "track", name, profileId, anonymousId: `a-${profileId}`, ...(properties ? { properties } : {}) })]);
}

export async function decideMessages(profileId: string, placements = ["web-messages"]) {
  return decide({ profileId, anonymousId: `a-${profileId}`, placements });
}

export async function report(profileId: string, type: string, token: string) {
  return sendEvents([event({ type, token, profileId, anonymousId: `a-${profileId}` })]);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function stats(query = ""): Promise<any> {
  const response = await fetchEdge(`/v1/admin/stats${query}`, { headers: adminHeaders() });
  if (response.status !== 200) throw new Error(`stats ${response.status}`);
  return json(response);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function journeyStatsEventually(journeyId: string, ready: (j: any) => boolean): Promise<any> {
  return eventually(async () => {
    const body = await stats(`?journeyId=${encodeURIComponent(journeyId)}`);
    const journey = body.journeys[0];
    return journey && ready(journey) ? journey : undefined;
  });
}

export { uid };

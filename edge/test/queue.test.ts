import { createExecutionContext, createMessageBatch, getQueueResult, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { ProfileStore } from "../src/adapters/sqlite/profile-records.ts";
import { consumeEvents } from "../src/hosts/queue-consumer.ts";
import type { EventMessage } from "../src/domain/events/messages.ts";
import { globalCapCounter } from "../src/adapters/stubs.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, event, eventually, fetchEdge, publish, sendEvents, uid, json } from "./helpers.ts";

type StatsRow = { offerId: string; placement: string | null; display: number; interact: number; dismiss: number; conversion: number; trigger: number };

async function statsOf(offerId: string): Promise<StatsRow[]> {
  const response = await fetchEdge(`/v1/admin/stats?offerId=${encodeURIComponent(offerId)}`, { headers: adminHeaders() });
  expect(response.status).toBe(200);
  return ((await json(response)) as { offers: StatsRow[] }).offers;
}

type QueueMessageInit = Parameters<typeof createMessageBatch<EventMessage>>[1][number];

function message(body: EventMessage, attempts = 1): QueueMessageInit {
  return { id: crypto.randomUUID(), timestamp: new Date(), attempts, body };
}

async function consume(bodies: EventMessage[]) {
  const batch = createMessageBatch<EventMessage>("edgewise-events", bodies.map((body) => message(body)));
  const ctx = createExecutionContext();
  await consumeEvents(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

describe("events pipeline → queue → D1 stats", () => {
  it("fills GET /v1/admin/stats from accepted events (real queue delivery)", async () => {
    const offerId = uid("offer");
    const catalog = testCatalog();
    catalog.offers.push({ id: offerId, placements: ["home-hero"], content: { html: "<p>x</p>" } } as (typeof catalog.offers)[number]);
    await publish(catalog);
    const profileId = uid("p");
    const result = await sendEvents([
      event({ type: "display", offerId, placement: "home-hero", profileId }),
      event({ type: "display", offerId, placement: "home-hero", profileId }),
      event({ type: "interact", offerId, placement: "home-hero", profileId }),
      event({ type: "conversion", offerId, profileId }),
      event({ type: "dismiss", offerId, placement: "app-home", anonymousId: "x" }),
      event({ type: "track", name: "page.view", profileId }),
    ]);
    expect(result.accepted).toBe(6);
    const rows = await eventually(async () => {
      const stats = await statsOf(offerId);
      const total = stats.reduce((n, s) => n + s.display + s.interact + s.conversion + s.dismiss, 0);
      return total === 5 ? stats : undefined;
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        { offerId, placement: "home-hero", trigger: 0, display: 2, interact: 1, dismiss: 0, suppress: 0, conversion: 0 },
        { offerId, placement: null, trigger: 0, display: 0, interact: 0, dismiss: 0, suppress: 0, conversion: 1 },
        { offerId, placement: "app-home", trigger: 0, display: 0, interact: 0, dismiss: 1, suppress: 0, conversion: 0 },
      ]),
    );
  });

  it("the consumer counts a redelivered message once and acknowledges the batch", async () => {
    const offerId = uid("offer");
    const body: EventMessage = { kind: "event", global: false, key: `p:x|${uid()}`, type: "display", name: "display", offerId, placement: "hero", timestamp: Date.now() };
    const first = await consume([body, body]);
    expect(first.ackAll).toBe(true);
    expect(first.retryMessages).toEqual([]);
    await consume([body]);
    expect((await statsOf(offerId))[0]!.display).toBe(1);
  });

  it("drops malformed messages instead of retrying them forever", async () => {
    const batch = createMessageBatch<unknown>("edgewise-events", [
      { id: "bad-1", timestamp: new Date(), attempts: 1, body: "garbage" },
      { id: "bad-2", timestamp: new Date(), attempts: 1, body: { key: 1 } },
    ]);
    const ctx = createExecutionContext();
    await consumeEvents(batch, env);
    const result = await getQueueResult(batch, ctx);
    expect(result).toMatchObject({ ackAll: true, retryMessages: [], retryBatch: { retry: false } });
  });

  it("retries the whole batch when D1 fails, and counts it once it recovers", async () => {
    const offerId = uid("offer");
    const body: EventMessage = { kind: "event", global: false, key: `p:y|${uid()}`, type: "interact", name: "interact", offerId, timestamp: Date.now() };
    await env.STATS_DB.exec("ALTER TABLE offer_stats RENAME TO offer_stats_away");
    try {
      const failed = await consume([body]);
      expect(failed.retryBatch.retry).toBe(true);
    } finally {
      await env.STATS_DB.exec("ALTER TABLE offer_stats_away RENAME TO offer_stats");
    }
    await consume([body]);
    expect((await statsOf(offerId))[0]!.interact).toBe(1);
  });

  it("a profile's outbox is flushed again by its alarm when a flush failed", async () => {
    const offerId = uid("offer");
    const profileKey = `anon:${uid()}`;
    const stub = env.PROFILES.get(env.PROFILES.idFromName(profileKey));
    const stranded: EventMessage = { kind: "event", key: `${profileKey}|stranded`, type: "display", name: "display", offerId, timestamp: Date.now(), global: true };
    await runInDurableObject(stub, async (instance, state) => {
      (instance as unknown as { store: ProfileStore }).store.enqueue(stranded);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // Flushed, and with nothing else stored the object deleted its storage.
    const tables = await runInDurableObject(stub, (_i, state) => state.storage.sql.exec("SELECT name FROM sqlite_master WHERE name = 'outbox'").toArray());
    expect(tables).toEqual([]);
    // …and still works afterwards.
    const again = await sendEvents([event({ type: "track", name: "after", anonymousId: profileKey.slice("anon:".length) })]);
    expect(again.accepted).toBe(1);
    await eventually(async () => ((await statsOf(offerId))[0]?.display === 1 ? true : undefined));
    const counts = await globalCapCounter(env, offerId).counts();
    expect(counts["display"]).toBe(1);
  });
});

// Finding 3: nothing a client sends creates storage without bound. Random offer ids, anonymous ids
// and event names from 1,000 requests create no Durable Object beyond the profiles the requests
// name, and a profile's tables stay within their bounds.
import { listDurableObjectIds, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { PROFILE_LIMITS } from "../../src/domain/profiles/limits.ts";
import { testCatalog } from "../fixtures/catalog.ts";
import { adminHeaders, event, fetchApp, fetchEdge, json, publish, uid } from "../helpers.ts";

const postJson = (path: string, body: unknown, headers: Record<string, string> = { "x-client-key": "test-client-key", "content-type": "application/json" }) =>
  fetchApp(path, { method: "POST", headers, body: JSON.stringify(body) });

const random = () => Math.random().toString(36).slice(2, 10);

/** Runs `count` calls, `width` at a time. */
async function inBatches<T>(count: number, width: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += width) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(width, count - start) }, (_, k) => call(start + k)))));
  }
  return results;
}

/** The objects of a namespace that hold storage. */
async function objectKeys<T extends Rpc.DurableObjectBranded | undefined>(namespace: DurableObjectNamespace<T>): Promise<Set<string>> {
  return new Set((await listDurableObjectIds(namespace as unknown as DurableObjectNamespace)).map((id) => id.toString()));
}

describe("storage bounds", () => {
  it("1,000 requests with random offer ids, anonymous ids and event names create no object beyond the profiles named", { timeout: 120_000 }, async () => {
    await publish(testCatalog());
    const named = [uid("named"), uid("named"), uid("named")];
    const [profilesBefore, countersBefore] = await Promise.all([objectKeys(env.PROFILES), objectKeys(env.GLOBAL_CAPS)]);
    const answers = await inBatches(1000, 25, async (i) => {
        const events = [
          event({ type: "track", name: `n-${random()}`, anonymousId: `anon-${random()}` }),
          event({ type: "display", offerId: `o-${random()}`, anonymousId: `anon-${random()}` }),
          event({ type: "track", name: `n-${random()}`, offerId: `o-${random()}`, profileId: named[i % 3] }),
          event({ type: "track", name: `n-${random()}`, profileId: named[i % 3] }),
        ];
        const response = await postJson("/v1/events", { events }, { "x-client-key": "test-client-key", "content-type": "application/json", "cf-connecting-ip": `10.0.${i % 250}.${i % 7}` });
        return { status: response.status, body: await json(response) };
    });
    expect(answers.map((a) => a.status).filter((s) => s !== 202)).toEqual([]);
    // Made-up offers are refused per entry; the rest is accepted.
    expect(answers.every((a) => a.body.accepted === 2 && a.body.rejected.map((r: { error: { code: string } }) => r.error.code).join() === "unknown_offer,unknown_offer")).toBe(true);
    const [profilesAfter, countersAfter] = await Promise.all([objectKeys(env.PROFILES), objectKeys(env.GLOBAL_CAPS)]);
    const created = [...profilesAfter].filter((id) => !profilesBefore.has(id));
    expect(created.sort()).toEqual(named.map((id) => env.PROFILES.idFromName(`p:${id}`).toString()).sort());
    expect([...countersAfter].filter((id) => !countersBefore.has(id))).toEqual([]);
    // Each named profile keeps at most its bounded history; no counter rows for made-up names.
    for (const id of named) {
      const rows = await runInDurableObject(env.PROFILES.get(env.PROFILES.idFromName(`p:${id}`)), (_i, state) => ({
        history: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM history").one().n,
        counts: state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM lifetime_counts").one().n,
      }));
      expect(rows.history).toBeLessThanOrEqual(PROFILE_LIMITS.historyEvents);
      expect(rows.counts).toBe(0);
    }
    // Made-up offers do not appear in the statistics either.
    const stats = await json(await fetchEdge("/v1/admin/stats", { headers: adminHeaders() }));
    expect(stats.offers.filter((o: { offerId: string }) => o.offerId.startsWith("o-"))).toEqual([]);
  });

  it("an anonymous visitor's events that no rule reads back are counted, not stored", async () => {
    await publish(testCatalog());
    const anonymousId = uid("anon");
    const before = await objectKeys(env.PROFILES);
    const response = await postJson("/v1/events", { events: [event({ type: "track", name: "scroll", anonymousId }), event({ type: "interact", offerId: "brazil", anonymousId })] });
    expect(await json(response)).toMatchObject({ accepted: 2, duplicates: 0, rejected: [] });
    expect([...(await objectKeys(env.PROFILES))].filter((id) => !before.has(id))).toEqual([]);
    // A name a cap counts (display) is worth keeping: that visitor gets storage.
    await postJson("/v1/events", { events: [event({ type: "display", offerId: "vip-offer", anonymousId })] });
    expect([...(await objectKeys(env.PROFILES))].filter((id) => !before.has(id))).toEqual([env.PROFILES.idFromName(`anon:${anonymousId}`).toString()]);
  });
});

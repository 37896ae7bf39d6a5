import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { PROFILE_LIMITS } from "../src/domain/profiles/limits.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { clientHeaders, decide, event, fetchEdge, importSnapshot, publish, sendEvents, uid, json } from "./helpers.ts";

beforeAll(async () => {
  await publish(testCatalog());
  expect((await importSnapshot("profile-snap", [{ profileId: "pf-1", audiences: ["vip"], attributes: { ltv: 900 } }])).status).toBe(201);
});

describe("GET /v1/profile/:id", () => {
  it("returns audiences, attributes, cap counters and recent history", async () => {
    await decide({ profileId: "pf-1", anonymousId: uid(), placements: ["home-hero"] });
    await sendEvents([
      event({ type: "display", offerId: "vip-offer", profileId: "pf-1" }),
      event({ type: "interact", offerId: "vip-offer", profileId: "pf-1" }),
      event({ type: "track", name: "cart.add", profileId: "pf-1" }),
    ]);
    const response = await fetchEdge("/v1/profile/pf-1", { headers: clientHeaders() });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({
      profileId: "pf-1",
      audiences: ["vip"],
      attributes: { ltv: 900 },
      snapshotVersion: "profile-snap",
      pendingReservations: 0,
      caps: {
        "vip-offer": {
          display: { day: 1, week: 1, month: 1, lifetime: 1 },
          interact: { day: 1, week: 1, month: 1, lifetime: 1 },
        },
      },
    });
    expect(body.history.map((h: { name: string }) => h.name)).toEqual(["cart.add", "interact", "display"]);
  });

  it("answers an empty state for an unknown profile", async () => {
    const body = await json(await fetchEdge(`/v1/profile/${uid()}`, { headers: clientHeaders() }));
    expect(body).toMatchObject({ audiences: [], attributes: {}, history: [], caps: {}, pendingReservations: 0 });
  });

  it("rejects an over-long id", async () => {
    const response = await fetchEdge(`/v1/profile/${"x".repeat(300)}`, { headers: clientHeaders() });
    expect(response.status).toBe(400);
  });
});

describe("bounds of a profile's object", () => {
  it("keeps at most 1,000 events and none older than 90 days", async () => {
    const profileId = uid("busy");
    const old = Date.now() - PROFILE_LIMITS.historyAgeMs - 86_400_000;
    await sendEvents(Array.from({ length: 10 }, () => event({ type: "track", name: "ancient", profileId, timestamp: old })));
    for (let batch = 0; batch < 3; batch++) {
      await sendEvents(Array.from({ length: 400 }, () => event({ type: "track", name: "recent", profileId })));
    }
    const stub = env.PROFILES.get(env.PROFILES.idFromName(`p:${profileId}`));
    const counts = await runInDurableObject(stub, (_instance, state) => ({
      history: state.storage.sql.exec("SELECT count(*) AS n FROM history").one()["n"],
      ancient: state.storage.sql.exec("SELECT count(*) AS n FROM history WHERE name = 'ancient'").one()["n"],
      processed: state.storage.sql.exec("SELECT count(*) AS n FROM processed").one()["n"],
    }));
    expect(counts).toEqual({ history: 1_000, ancient: 0, processed: 1_210 });
  });

  it("deletes its storage once everything has expired", async () => {
    const profileId = uid("gone");
    await sendEvents([event({ type: "track", name: "once", profileId })]);
    const stub = env.PROFILES.get(env.PROFILES.idFromName(`p:${profileId}`));
    await runInDurableObject(stub, (instance, state) => {
      state.storage.sql.exec("UPDATE history SET ts = 0");
      (instance as unknown as { store: { history: unknown } }).store.history = undefined;
    });
    const { runDurableObjectAlarm } = await import("cloudflare:test");
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const tables = await runInDurableObject(stub, (_instance, state) =>
      state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'history'").toArray(),
    );
    expect(tables).toEqual([]);
  });
});

import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { clearGlobalCountsCache } from "../src/adapters/global-counts.ts";
import { globalCapCounter } from "../src/adapters/stubs.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { decide, event, importSnapshot, publish, sendEvents, uid } from "./helpers.ts";

const VIPS = Array.from({ length: 6 }, (_, i) => ({
  profileId: `vip-${i}`,
  audiences: ["vip"],
  attributes: { ltv: 1000 },
}));

beforeAll(async () => {
  await publish(testCatalog({ vipCapLimit: 3, globalLimit: 5 }));
  expect((await importSnapshot("caps-snap", VIPS)).status).toBe(201);
});

function shownVip(results: Awaited<ReturnType<typeof decide>>[]): number {
  return results.filter((r) => r.decisions[0]!.offerId === "vip-offer").length;
}

describe("profile caps", () => {
  it("a cap of 3 shows the offer exactly 3 times under 20 concurrent decides", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => decide({ profileId: "vip-0", anonymousId: uid(), placements: ["home-hero"] })),
    );
    expect(shownVip(results)).toBe(3);
    for (const r of results) if (r.decisions[0]!.offerId !== "vip-offer") expect(r.decisions[0]!.fallback).toBe(true);

    // Reporting the 3 displays (by token) settles the reservations without counting them twice.
    const tokens = results.filter((r) => r.decisions[0]!.offerId === "vip-offer").map((r) => r.decisions[0]!.token);
    const reported = await sendEvents(tokens.map((token) => event({ type: "display", token, profileId: "vip-0" })));
    expect(reported.accepted).toBe(3);
    const after = await Promise.all(
      Array.from({ length: 5 }, () => decide({ profileId: "vip-0", anonymousId: uid(), placements: ["home-hero"] })),
    );
    expect(shownVip(after)).toBe(0);
  });

  it("displays reported without a token settle the offer's oldest reservation", async () => {
    const first = await decide({ profileId: "vip-1", anonymousId: uid(), placements: ["home-hero"] });
    expect(first.decisions[0]!.offerId).toBe("vip-offer");
    await sendEvents([event({ type: "display", offerId: "vip-offer", profileId: "vip-1" })]);
    const more = [];
    for (let i = 0; i < 4; i++) more.push(await decide({ profileId: "vip-1", anonymousId: uid(), placements: ["home-hero"] }));
    expect(shownVip(more)).toBe(2);
  });

  it("frees reservations that were never displayed once they expire", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await decide({ profileId: "vip-2", anonymousId: uid(), placements: ["home-hero"] }));
    expect(shownVip(results)).toBe(3);
    const stub = env.PROFILES.get(env.PROFILES.idFromName("p:vip-2"));
    await runInDurableObject(stub, (instance, state) => {
      state.storage.sql.exec("UPDATE reservations SET expires_at = 0");
      (instance as unknown as { store: { reservations: unknown } }).store.reservations = undefined;
    });
    const again = await decide({ profileId: "vip-2", anonymousId: uid(), placements: ["home-hero"] });
    expect(again.decisions[0]!.offerId).toBe("vip-offer");
  });

  it("caps count per profile", async () => {
    const results = await Promise.all(
      ["vip-3", "vip-4", "vip-5"].map((profileId) => decide({ profileId, anonymousId: uid(), placements: ["home-hero"] })),
    );
    expect(shownVip(results)).toBe(3);
  });
});

describe("global caps", () => {
  it("stop an offer once its global display count reaches the limit", async () => {
    const shown = await decide({ anonymousId: uid(), placements: ["global-spot"] });
    expect(shown.decisions[0]!.offerId).toBe("limited");
    const displays = Array.from({ length: 5 }, (_, i) =>
      event({ type: "display", offerId: "limited", anonymousId: `global-${i}` }),
    );
    // Retries must not count twice.
    expect(await sendEvents(displays)).toMatchObject({ accepted: 5 });
    expect(await sendEvents(displays)).toMatchObject({ accepted: 0, duplicates: 5 });
    clearGlobalCountsCache();
    const capped = await decide({ anonymousId: uid(), placements: ["global-spot"] });
    expect(capped.decisions[0]!.offerId).toBeNull();
  });

  it("the counter records each event key once", async () => {
    const counter = globalCapCounter(env, "counter-test");
    const events = [
      { key: "a|1", name: "display" },
      { key: "a|2", name: "display" },
      { key: "a|1", name: "display" },
      { key: "a|3", name: "interact" },
    ];
    expect(await counter.record(events)).toMatchObject({ display: 2, "display/day": 2, "display/month": 2, interact: 1 });
    expect(await counter.record(events)).toMatchObject({ display: 2, interact: 1 });
    const nextYear = Date.now() + 400 * 86_400_000;
    const later = await counter.counts(nextYear);
    expect(later).toEqual({ display: 2, interact: 1 });
  });
});

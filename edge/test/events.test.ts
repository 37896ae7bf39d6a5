import { beforeAll, describe, expect, it } from "vitest";
import { signDecisionToken } from "../src/domain/identity/tokens.ts";
import { testCatalog, VIP_PROFILE } from "./fixtures/catalog.ts";
import { clientHeaders, decide, event, fetchEdge, importSnapshot, postJson, publish, sendEvents, uid, json } from "./helpers.ts";

beforeAll(async () => {
  await publish(testCatalog());
  expect((await importSnapshot("events-snap", [VIP_PROFILE])).status).toBe(201);
});

async function profileSummary(profileId: string) {
  const response = await fetchEdge(`/v1/profile/${profileId}`, { headers: clientHeaders() });
  expect(response.status).toBe(200);
  return response.json() as Promise<{
    history: { name: string; offerId?: string; timestamp: number }[];
    caps: Record<string, Record<string, { day: number; lifetime: number }>>;
    pendingReservations: number;
  }>;
}

describe("POST /v1/events", () => {
  it("accepts good events and rejects bad ones one by one, with their index and path", async () => {
    const profileId = uid("p");
    const result = await sendEvents([
      event({ type: "track", name: "cart.add", profileId, properties: { sku: "A1" } }),
      event({ type: "nope", profileId }),
      event({ type: "display", offerId: "vip-offer", placement: "home-hero", profileId }),
      { id: "x", type: "track", anonymousId: "a" },
      event({ type: "track", profileId }),
      event({ type: "display", profileId }),
      "not an event",
      event({ type: "conversion", profileId, timestamp: "2026-11-29T10:00:00Z" }),
    ]);
    expect(result.accepted).toBe(3);
    expect(result.duplicates).toBe(0);
    expect(result.rejected).toEqual([
      { index: 1, error: expect.objectContaining({ code: "invalid_body", path: "$.events[1].type" }) },
      { index: 3, error: expect.objectContaining({ path: "$.events[3].timestamp" }) },
      { index: 4, error: expect.objectContaining({ path: "$.events[4].name" }) },
      { index: 5, error: expect.objectContaining({ path: "$.events[5].offerId" }) },
      { index: 6, error: expect.objectContaining({ path: "$.events[6]" }) },
    ]);
    const summary = await profileSummary(profileId);
    expect(summary.history.map((h) => h.name).sort()).toEqual(["cart.add", "conversion", "display"]);
    expect(summary.caps["vip-offer"]!["display"]).toMatchObject({ day: 1, lifetime: 1 });
  });

  it("answers 202 with an empty batch", async () => {
    const response = await postJson("/v1/events", { events: [] });
    expect(response.status).toBe(202);
    expect(await json(response)).toEqual({ accepted: 0, duplicates: 0, rejected: [] });
  });

  it("counts a retried event once, also in another batch", async () => {
    const profileId = uid("p");
    const display = event({ type: "display", offerId: "vip-offer", profileId });
    expect(await sendEvents([display, display])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await sendEvents([display, event({ type: "track", name: "x", profileId })])).toMatchObject({
      accepted: 1,
      duplicates: 1,
    });
    expect((await profileSummary(profileId)).caps["vip-offer"]!["display"]!.lifetime).toBe(1);
  });

  it("counts concurrent duplicates once", async () => {
    const profileId = uid("p");
    const display = event({ type: "display", offerId: "vip-offer", profileId });
    const results = await Promise.all(Array.from({ length: 12 }, () => sendEvents([display])));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.duplicates, 0)).toBe(11);
    expect((await profileSummary(profileId)).caps["vip-offer"]!["display"]!.lifetime).toBe(1);
  });

  it("takes offer and placement from a valid decision token", async () => {
    const anonymousId = uid("a");
    const { decisions } = await decide({ profileId: "u-vip", anonymousId, placements: ["home-hero"] });
    const token = decisions[0]!.token;
    const result = await sendEvents([event({ type: "display", token, profileId: "u-vip", anonymousId })]);
    expect(result).toMatchObject({ accepted: 1, rejected: [] });
    const summary = await profileSummary("u-vip");
    expect(summary.history[0]).toMatchObject({ name: "display", offerId: "vip-offer" });
    expect(summary.pendingReservations).toBe(0);
  });

  it("rejects events whose token is forged, malformed or for another offer", async () => {
    const forged = await signDecisionToken("not-the-secret", {
      decisionId: "d",
      placement: "home-hero",
      offerId: "vip-offer",
      profileKey: "p:u-vip",
      issuedAt: Date.now(),
    });
    const anonymousId = uid("a");
    const { decisions } = await decide({ profileId: "u-vip", anonymousId, placements: ["home-hero"] });
    const genuine = decisions[0]!.token;
    const tampered = `${genuine.split(".")[0]!.slice(0, -2)}xx.${genuine.split(".")[1]}`;
    const vip = { profileId: "u-vip", anonymousId };
    const result = await sendEvents([
      event({ type: "display", token: forged, ...vip }),
      event({ type: "display", token: "garbage", ...vip }),
      event({ type: "display", token: tampered, ...vip }),
      event({ type: "display", token: genuine, offerId: "brazil", ...vip }),
      event({ type: "display", token: genuine, offerId: "vip-offer", placement: "banner", ...vip }),
      event({ type: "interact", token: genuine, ...vip }),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.path])).toEqual([
      [0, "invalid_token", "$.events[0].token"],
      [1, "invalid_token", "$.events[1].token"],
      [2, "invalid_token", "$.events[2].token"],
      [3, "token_mismatch", "$.events[3].offerId"],
      [4, "token_mismatch", "$.events[4].placement"],
    ]);
  });

  it("binds a token to its profile (or this device's anonymous id) and a week (finding 7)", async () => {
    const anonymousId = uid("a");
    const { decisions } = await decide({ profileId: "u-vip", anonymousId, placements: ["home-hero"] });
    const token = decisions[0]!.token;
    const anonymous = (await decide({ anonymousId, placements: ["home-hero"] })).decisions[0]!.token;
    const old = await signDecisionToken("test-token-secret", {
      decisionId: "old", placement: "home-hero", offerId: "vip-offer", profileKey: "p:u-vip", issuedAt: Date.now() - 8 * 86_400_000,
    });
    const result = await sendEvents([
      event({ type: "conversion", token, profileId: "u-777", anonymousId: uid("x") }),
      event({ type: "conversion", token, profileId: "u-778", anonymousId }), // not the device's anonymous token: u-vip's
      event({ type: "display", token: old, profileId: "u-vip", anonymousId }),
      event({ type: "display", token: anonymous, profileId: "u-vip", anonymousId }), // identified after an anonymous decision: fine
      event({ type: "conversion", token, profileId: "u-vip", anonymousId }),
    ]);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.path])).toEqual([
      [0, "token_mismatch", "$.events[0].token"],
      [1, "token_mismatch", "$.events[1].token"],
      [2, "token_expired", "$.events[2].token"],
    ]);
    expect(result.accepted).toBe(2);
  });

  it("rejects, per entry, events about offers no active or recent catalog has (unknown_offer)", async () => {
    const profileId = uid("p");
    const result = await sendEvents([
      event({ type: "display", offerId: uid("made-up"), profileId }),
      event({ type: "display", offerId: "vip-offer", profileId }),
      event({ type: "track", name: "x", offerId: "__proto__", profileId }),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.path])).toEqual([
      [0, "unknown_offer", "$.events[0].offerId"],
      [2, "unknown_offer", "$.events[2].offerId"],
    ]);
  });

  it("clamps timestamps up to 5 minutes ahead (clock skew) to the time of arrival", async () => {
    const profileId = uid("p");
    expect((await sendEvents([event({ type: "track", name: "skewed", profileId, timestamp: Date.now() + 4 * 60_000 })])).accepted).toBe(1);
    const [entry] = (await profileSummary(profileId)).history;
    expect(entry!.timestamp).toBeLessThanOrEqual(Date.now());
  });

  it("rejects, per entry, events dated more than 5 minutes in the future (invalid_timestamp)", async () => {
    const profileId = uid("p");
    const result = await sendEvents([
      event({ type: "track", name: "far", profileId, timestamp: 99999999999999 }),
      event({ type: "track", name: "now", profileId }),
      event({ type: "track", name: "iso", profileId, timestamp: new Date(Date.now() + 6 * 60_000).toISOString() }),
    ]);
    expect(result.accepted).toBe(1);
    expect(result.rejected.map((r) => [r.index, r.error.code, r.error.path])).toEqual([
      [0, "invalid_timestamp", "$.events[0].timestamp"],
      [2, "invalid_timestamp", "$.events[2].timestamp"],
    ]);
    expect((await profileSummary(profileId)).history.map((e: { name: string }) => e.name)).toEqual(["now"]);
  });
});

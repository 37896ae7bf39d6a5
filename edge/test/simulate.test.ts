// DESIGN.md, "Simulation": POST /v1/admin/simulate decides like /v1/decide, explains, shows what each
// failed condition read, and changes nothing.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { testCatalog, VIP_PROFILE } from "./fixtures/catalog.ts";
import { adminHeaders, clientHeaders, fetchEdge, importSnapshot, json, postJson, publish, uid } from "./helpers.ts";
import { advance, MINUTE, orchestrationCatalog, profileStub, track } from "./journeys-helpers.ts";

const simulate = async (body: Record<string, unknown>, headers = adminHeaders()) => postJson("/v1/admin/simulate", body, headers);

async function tablesOf(profileId: string): Promise<Record<string, number>> {
  return runInDurableObject(profileStub(profileId), (_i, state) => {
    const counts: Record<string, number> = {};
    for (const { name } of state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'").toArray()) {
      counts[name] = state.storage.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM "${name}"`).one().n;
    }
    return counts;
  });
}

describe("POST /v1/admin/simulate", () => {
  it("needs the admin key: a client key is refused", async () => {
    const response = await simulate({ placements: ["home-hero"] }, clientHeaders());
    expect(response.status).toBe(401);
  });

  it("explains every candidate and names the values a failed condition read", async () => {
    await publish(testCatalog());
    await importSnapshot(uid("sim"), [{ ...VIP_PROFILE, profileId: "sim-vip" }, { profileId: "sim-low", audiences: ["vip"], attributes: { ltv: 40 } }]);
    const response = await simulate({ profileId: "sim-low", placements: ["home-hero"], context: { geo: { country: "PT" } } });
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body).toMatchObject({ simulated: true, audiences: ["vip"], pending: [] });
    const [decision] = body.decisions;
    expect(decision).toMatchObject({ placement: "home-hero", offerId: "default-hero", fallback: true });
    expect(decision.token).toBeUndefined();
    expect(decision.explanation.candidates).toEqual([
      { offerId: "vip-offer", outcome: "ineligible", condition: "eligibility.and[1]", detail: "eligibility.and[1] is false", reads: [{ path: "profile.ltv", value: 40 }] },
      { offerId: "brazil", outcome: "ineligible", condition: "eligibility", detail: "eligibility is false", reads: [{ path: "context.geo.country", value: "PT" }] },
    ]);
  });

  it("takes profile, audiences, history and now overrides, and simulates an event", async () => {
    await publish(testCatalog({ vipCapLimit: 1 }));
    const now = Date.parse("2026-06-01T12:00:00Z");
    const capped = await json(await simulate({
      profileId: uid("p"), placements: ["home-hero"], profile: { ltv: 900, firstName: "Zé" }, audiences: ["vip"],
      history: [{ name: "display", offerId: "vip-offer", timestamp: now - 1000 }], now,
    }));
    expect(capped.decisions[0].explanation.candidates[0]).toMatchObject({ offerId: "vip-offer", outcome: "capped" });
    const shown = await json(await simulate({ profileId: uid("p"), placements: ["home-hero"], profile: { ltv: 900, firstName: "Zé" }, audiences: ["vip"], now }));
    expect(shown.decisions[0]).toMatchObject({ offerId: "vip-offer", content: { html: "<h2>Hi Zé</h2>" } });
    const triggered = await json(await simulate({ placements: ["web-messages"], event: { name: "page.view", properties: { path: "/" } } }));
    expect(triggered.decisions[0]).toMatchObject({ offerId: "welcome", message: { title: "Bem-vindo" } });
    const untriggered = await json(await simulate({ placements: ["web-messages"] }));
    expect(untriggered.decisions[0].explanation.candidates).toEqual([{ offerId: "welcome", outcome: "trigger", detail: 'waits for event "page.view"' }]);
  });

  it("changes nothing: no reservation, no lease or delivery of a pending message, no event, no journey", async () => {
    const journeyId = uid("j");
    await publish({
      ...orchestrationCatalog({ journeys: [{ id: journeyId, trigger: { event: "cart.add" }, steps: [{ wait: "PT1M" }, { message: "cart-reminder" }] }] }),
    });
    const profileId = uid("p");
    await track(profileId, "cart.add");
    await advance(profileId, 2 * MINUTE);
    const before = await tablesOf(profileId);
    for (let i = 0; i < 3; i++) {
      const body = await json(await simulate({ profileId, placements: ["web-messages"], context: { channel: "web" }, event: { name: "cart.add" } }));
      expect(body.pending).toEqual(["cart-reminder"]);
      expect(body.decisions[0]).toMatchObject({ offerId: "cart-reminder", orchestrated: true });
    }
    expect(await tablesOf(profileId)).toEqual(before);
    // A real decision still gets it: nothing was leased or delivered by the simulations.
    const real = await json(await postJson("/v1/decide", { profileId, anonymousId: "a", placements: ["web-messages"] }));
    expect(real.decisions[0].offerId).toBe("cart-reminder");
  });

  it("leaves a new visitor without any storage", async () => {
    await publish(testCatalog());
    const profileId = uid("ghost");
    await simulate({ profileId, placements: ["home-hero", "global-spot"] });
    expect(await tablesOf(profileId)).toEqual({});
  });

  it("rejects bad overrides with their path", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ placements: ["home-hero"], profile: [] }, "$.profile"],
      [{ placements: ["home-hero"], audiences: [1] }, "$.audiences[0]"],
      [{ placements: ["home-hero"], history: [{ name: "display" }] }, "$.history[0].timestamp"],
      [{ placements: ["home-hero"], now: "tomorrow" }, "$.now"],
      [{ placements: [] }, "$.placements"],
    ];
    for (const [body, path] of cases) {
      const response = await simulate(body);
      expect(response.status).toBe(400);
      expect((await json(response)).error.path).toBe(path);
    }
  });
});

import { beforeAll, describe, expect, it } from "vitest";
import { verifyDecisionToken } from "../src/domain/identity/tokens.ts";
import { testCatalog, VIP_PROFILE } from "./fixtures/catalog.ts";
import { ADMIN_KEY, BASE, clientHeaders, decide, importSnapshot, publish, uid, json } from "./helpers.ts";
import { exports } from "cloudflare:workers";

let catalogVersion: string;
const snapshotVersion = "decide-snap-1";

beforeAll(async () => {
  catalogVersion = (await publish(testCatalog())).version;
  const imported = await importSnapshot(snapshotVersion, [
    VIP_PROFILE,
    { profileId: "u-poor-vip", audiences: ["vip"], attributes: { ltv: 10 } },
    { profileId: "u-plain", audiences: [], attributes: { firstName: "Bia" } },
  ]);
  expect(imported.status).toBe(201);
});

describe("POST /v1/decide", () => {
  it("uses the snapshot's audiences and attributes", async () => {
    const result = await decide({ profileId: "u-vip", anonymousId: uid(), placements: ["home-hero"] });
    expect(result).toMatchObject({ audiences: ["vip"], catalogVersion, snapshotVersion, anonymous: false });
    expect(result.decisions).toEqual([
      { placement: "home-hero", offerId: "vip-offer", fallback: false, content: { html: "<h2>Hi Ana</h2>" }, token: expect.any(String) },
    ]);
  });

  it("falls back when nothing qualifies", async () => {
    const result = await decide({ profileId: "u-poor-vip", anonymousId: uid(), placements: ["home-hero"] });
    expect(result.decisions[0]).toMatchObject({ offerId: "default-hero", fallback: true });
  });

  it("serves an anonymous visitor without audiences", async () => {
    const result = await decide({ anonymousId: uid(), placements: ["home-hero"] });
    expect(result).toMatchObject({ audiences: [], anonymous: true });
    expect(result.decisions[0]).toMatchObject({ offerId: "default-hero", fallback: true });
  });

  it("answers unknown placements with null, in the order asked", async () => {
    const result = await decide({ profileId: "u-vip", anonymousId: uid(), placements: ["nope", "home-hero"] });
    expect(result.decisions.map((d) => [d.placement, d.offerId])).toEqual([
      ["nope", null],
      ["home-hero", "vip-offer"],
    ]);
  });

  it("evaluates triggers with the event sent", async () => {
    const home = await decide({ anonymousId: uid(), placements: ["web-messages"], event: { name: "page.view", properties: { path: "/" } } });
    expect(home.decisions[0]).toMatchObject({ offerId: "welcome", message: { layout: "modal", title: "Bem-vindo" } });
    const other = await decide({ anonymousId: uid(), placements: ["web-messages"], event: { name: "page.view", properties: { path: "/cart" } } });
    expect(other.decisions[0]!.offerId).toBeNull();
  });

  it("returns signed tokens naming the decision", async () => {
    const anonymousId = uid();
    const before = Date.now();
    const result = await decide({ profileId: "u-vip", anonymousId, placements: ["home-hero", "banner"] });
    const claims = await Promise.all(result.decisions.map((d) => verifyDecisionToken("test-token-secret", d.token)));
    expect(claims[0]).toMatchObject({ placement: "home-hero", offerId: "vip-offer", profileKey: "p:u-vip" });
    expect(claims[1]).toMatchObject({ placement: "banner", offerId: null });
    expect(claims[0]!.issuedAt).toBeGreaterThanOrEqual(before);
    expect(claims[0]!.decisionId).not.toBe(claims[1]!.decisionId);
    expect(await verifyDecisionToken("another-secret", result.decisions[0]!.token)).toBeUndefined();
  });
});

describe("request context", () => {
  function decideWith(init: RequestInit & { cf?: Record<string, unknown> }, body: Record<string, unknown>) {
    const worker = (exports as unknown as { default: Fetcher }).default;
    return worker.fetch(new Request(`${BASE}/v1/decide`, { method: "POST", body: JSON.stringify(body), ...init }));
  }

  it("takes geo from request.cf", async () => {
    const response = await decideWith(
      { headers: clientHeaders(), cf: { country: "BR", regionCode: "SP", city: "São Paulo" } },
      { anonymousId: uid(), placements: ["home-hero"] },
    );
    expect((await json(response)).decisions[0].offerId).toBe("brazil");
  });

  it("lets the client's context win over the edge's", async () => {
    const response = await decideWith(
      { headers: clientHeaders(), cf: { country: "BR" } },
      { anonymousId: uid(), placements: ["home-hero"], context: { geo: { country: "US" } } },
    );
    expect((await json(response)).decisions[0].offerId).toBe("default-hero");
    const fromClient = await decide({ anonymousId: uid(), placements: ["home-hero"], context: { geo: { country: "BR" } } });
    expect(fromClient.decisions[0]!.offerId).toBe("brazil");
  });

  it("derives the locale from accept-language", async () => {
    const pt = await decide({ anonymousId: uid(), placements: ["banner"] }, clientHeaders({ "accept-language": "en;q=0.5, pt-BR" }));
    expect(pt.decisions[0]!.offerId).toBe("portuguese");
    const en = await decide({ anonymousId: uid(), placements: ["banner"] }, clientHeaders({ "accept-language": "en-US,en;q=0.9" }));
    expect(en.decisions[0]!.offerId).toBeNull();
    const clientWins = await decide(
      { anonymousId: uid(), placements: ["banner"], context: { locale: "pt-PT" } },
      clientHeaders({ "accept-language": "en-US" }),
    );
    expect(clientWins.decisions[0]!.offerId).toBe("portuguese");
  });
});

describe("explain", () => {
  const body = () => ({ profileId: "u-poor-vip", anonymousId: uid(), placements: ["home-hero"], explain: true });

  it("is ignored for client-key callers", async () => {
    const result = await decide(body());
    expect(result.decisions[0]!.explanation).toBeUndefined();
  });

  it("is honoured with the admin key", async () => {
    const result = await decide(body(), clientHeaders({ authorization: `Bearer ${ADMIN_KEY}` }));
    const candidates = result.decisions[0]!.explanation!.candidates;
    expect(candidates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ offerId: "vip-offer", outcome: "ineligible" }),
        expect.objectContaining({ offerId: "brazil", outcome: "ineligible" }),
      ]),
    );
  });
});

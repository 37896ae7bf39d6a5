// Preview links (issue #21, "QA"): a signed, expiring token forces an offer or an experiment's
// variant for whoever carries it, with explanations, and records nothing; an expired or forged one
// changes nothing but says so. The browser side (the web SDK's overlay) is in
// sdk-web/test/browser/preview.test.ts.
import { describe, expect, it } from "vitest";
import { signPreviewToken } from "../src/domain/identity/preview.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, decide, fetchEdge, json, postJson, publish, uid } from "./helpers.ts";

const TOKEN_SECRET = "test-token-secret";
const preview = (body: unknown) => postJson("/v1/admin/preview", body, adminHeaders());

function catalogWithExperiment() {
  const catalog = testCatalog() as ReturnType<typeof testCatalog> & { experiments?: unknown[] };
  catalog.offers.push({ id: "b-side", placements: ["banner"], priority: 1, content: { text: "B" } } as never);
  catalog.experiments = [{ id: "banner-test", placement: "banner", start: "2026-01-01T00:00:00Z", variants: [{ id: "a", offer: "portuguese", weight: 50 }, { id: "b", offer: "b-side", weight: 50 }] }];
  return catalog;
}

describe("preview links", () => {
  it("force an offer that the visitor is not eligible for, explained, with no decision token", async () => {
    await publish(testCatalog());
    const anonymous = { anonymousId: uid("a"), placements: ["home-hero"] };
    expect((await decide(anonymous)).decisions[0]!.offerId).toBe("default-hero");
    const made = await preview({ offerId: "vip-offer", minutes: 30, url: "https://shop.example/products/?sort=new" });
    expect(made.status).toBe(200);
    const { token, expiresAt, link } = (await json(made)) as { token: string; expiresAt: string; link: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(new URL(link).searchParams.get("edgewise_preview")).toBe(token);
    expect(new URL(link).searchParams.get("sort")).toBe("new");

    const forced = (await decide({ ...anonymous, preview: token })) as unknown as { decisions: any[]; preview: any };
    expect(forced.preview).toMatchObject({ active: true, offerId: "vip-offer", expiresAt });
    expect(forced.decisions[0]).toMatchObject({ placement: "home-hero", offerId: "vip-offer", token: "" });
    expect(forced.decisions[0].explanation.candidates.find((c: { offerId: string }) => c.offerId === "vip-offer").outcome).toBe("selected");
    // Nothing was reserved or recorded: the same visitor without the token decides as before.
    expect((await decide(anonymous)).decisions[0]!.offerId).toBe("default-hero");
  });

  it("force an experiment's variant", async () => {
    await publish(catalogWithExperiment());
    const { token } = (await json(await preview({ experimentId: "banner-test", variantId: "b" }))) as { token: string };
    for (let i = 0; i < 5; i++) {
      const answer = (await decide({ anonymousId: uid("a"), placements: ["banner"], preview: token })) as unknown as { decisions: any[] };
      expect(answer.decisions[0]).toMatchObject({ offerId: "b-side", experimentId: "banner-test", variantId: "b" });
    }
  });

  it("an expired or forged token decides as usual and says so; a decision token is no preview token", async () => {
    await publish(testCatalog());
    const expired = await signPreviewToken(TOKEN_SECRET, { offerId: "vip-offer", expiresAt: Date.now() - 1 });
    const forged = await signPreviewToken("another-secret", { offerId: "vip-offer", expiresAt: Date.now() + 60_000 });
    const ordinary = (await decide({ anonymousId: uid("a"), placements: ["home-hero"] })).decisions[0]!.token;
    for (const [token, reason] of [[expired, "expired"], [forged, "invalid"], [ordinary, "invalid"], ["x.y.z", "invalid"]] as const) {
      const answer = (await decide({ anonymousId: uid("a"), placements: ["home-hero"], preview: token })) as unknown as { decisions: any[]; preview: unknown };
      expect(answer.preview, reason).toEqual({ active: false, reason });
      expect(answer.decisions[0].offerId).toBe("default-hero");
      expect(answer.decisions[0].token).not.toBe("");
    }
    const tooLong = await postJson("/v1/decide", { anonymousId: "a", placements: ["home-hero"], preview: "x".repeat(2000) });
    expect(tooLong.status).toBe(400);
  });

  it("make app links for the app schemes the catalog declares, and refuse other schemes", async () => {
    const catalog = { ...testCatalog(), deepLinkSchemes: ["shop"] };
    await publish(catalog);
    const made = await preview({ offerId: "vip-offer", url: "shop://home?tab=new" });
    expect(made.status).toBe(200);
    const { token, link } = (await json(made)) as { token: string; link: string };
    expect(link).toBe(`shop://home?tab=new&edgewise_preview=${token}`);
    for (const url of ["other://home", "data:text/html,x", "file:///etc/passwd", "javascript:alert(1)"]) {
      const refused = await preview({ offerId: "vip-offer", url });
      expect(refused.status, url).toBe(400);
      expect(((await json(refused)) as { error: { path: string } }).error.path).toBe("$.url");
    }
  });

  it("refuses what it cannot preview, with 4xx and the error shape; only for the admin", async () => {
    await publish(catalogWithExperiment());
    for (const [body, status, path] of [
      [{}, 400, "$"],
      [{ offerId: "vip-offer", experimentId: "banner-test", variantId: "a" }, 400, "$"],
      [{ experimentId: "banner-test" }, 400, "$.variantId"],
      [{ offerId: "nope" }, 404, "$.offerId"],
      [{ experimentId: "nope", variantId: "a" }, 404, "$.experimentId"],
      [{ experimentId: "banner-test", variantId: "z" }, 404, "$.variantId"],
      [{ offerId: "vip-offer", minutes: 0 }, 400, "$.minutes"],
      [{ offerId: "vip-offer", minutes: 1441 }, 400, "$.minutes"],
      [{ offerId: "vip-offer", url: "javascript:alert(1)" }, 400, "$.url"],
      [{ offerId: "vip-offer", url: "not a url" }, 400, "$.url"],
    ] as const) {
      const response = await preview(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await json(response)) as { error: { path: string } }).error.path, JSON.stringify(body)).toBe(path);
    }
    const client = await fetchEdge("/v1/admin/preview", { method: "POST", headers: { "x-client-key": "test-client-key", "content-type": "application/json" }, body: '{"offerId":"vip-offer"}' });
    expect(client.status).toBe(401);
  });
});

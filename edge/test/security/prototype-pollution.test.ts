// Finding 1 (critical): an event's offerId "__proto__" polluted Object.prototype through the
// profile's cap-counter maps, and every route answered 500 until restart.
import { describe, expect, it } from "vitest";
import { testCatalog } from "../fixtures/catalog.ts";
import { clientHeaders, decide, event, fetchEdge, json, publish, sendEvents, uid } from "../helpers.ts";

describe("prototype keys in an event's offerId", () => {
  it("cannot take the edge down: the profile sync, health and other profiles' decisions keep working", async () => {
    const catalog = testCatalog();
    await publish(catalog);
    const other = uid("p");
    const before = await decide({ profileId: other, anonymousId: "a", placements: ["home-hero", "banner"], context: { locale: "pt-BR" } });
    for (const key of ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"]) {
      const profileId = uid("me");
      await sendEvents([event({ type: "track", name: "x", offerId: key, profileId })]);
      const profile = await fetchEdge(`/v1/profile/${profileId}`, { headers: clientHeaders() });
      expect(profile.status).toBe(200);
      expect(({} as Record<string, unknown>)["display"]).toBeUndefined();
      expect((await fetchEdge("/v1/health")).status).toBe(200);
      const again = await fetchEdge(`/v1/profile/${profileId}`, { headers: clientHeaders() });
      expect(again.status).toBe(200);
      await json(again);
    }
    const after = await decide({ profileId: other, anonymousId: "a", placements: ["home-hero", "banner"], context: { locale: "pt-BR" } });
    expect(after.decisions.map((d) => [d.placement, d.offerId, d.content])).toEqual(before.decisions.map((d) => [d.placement, d.offerId, d.content]));
  });
});

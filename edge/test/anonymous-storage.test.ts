import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { testCatalog } from "./fixtures/catalog.ts";
import { decide, fetchEdge, clientHeaders, publish, uid } from "./helpers.ts";

beforeAll(async () => {
  const catalog = testCatalog();
  const capped = { id: "capped-text", placements: ["banner"], priority: 99, caps: [{ event: "display", limit: 2, period: "day", scope: "profile" }], content: { text: "Hi" } };
  await publish({ ...catalog, offers: [...catalog.offers, capped] });
});

/** The tables in a profile object's SQLite database, and its alarm. */
async function storageOf(profileKey: string) {
  const stub = env.PROFILES.get(env.PROFILES.idFromName(profileKey));
  return runInDurableObject(stub, async (_instance, state) => ({
    tables: state.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table'").toArray().length,
    alarm: await state.storage.getAlarm(),
  }));
}

describe("a profile that only reads", () => {
  it("a decide for a new visitor without caps to reserve stores nothing", async () => {
    const anonymousId = uid("visitor");
    const response = await decide({ anonymousId, placements: ["home-hero"] });
    expect(response.decisions).toHaveLength(1);
    expect(await storageOf(`anon:${anonymousId}`)).toEqual({ tables: 0, alarm: null });
  });

  it("a profile sync for an unknown profile stores nothing", async () => {
    const profileId = uid("nobody");
    expect((await fetchEdge(`/v1/profile/${profileId}`, { headers: clientHeaders() })).status).toBe(200);
    expect(await storageOf(`p:${profileId}`)).toEqual({ tables: 0, alarm: null });
  });
});

describe("a profile that stored something", () => {
  it("a decide that reserves a capped offer stores it with the housekeeping alarm that will delete it", async () => {
    const anonymousId = uid("capped");
    const { decisions } = await decide({ anonymousId, placements: ["banner"] });
    expect(decisions[0]!.offerId).toBe("capped-text");
    const { tables, alarm } = await storageOf(`anon:${anonymousId}`);
    expect(tables).toBeGreaterThan(0);
    expect(alarm).toBeGreaterThan(Date.now());
  });
});

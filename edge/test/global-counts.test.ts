import { env } from "cloudflare:workers";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { GlobalCapCounter as GlobalCapApi } from "../src/domain/caps/counts.ts";
import { loadFacts, readActiveCatalog } from "../src/adapters/kv/catalog-store.ts";
import type { CatalogFacts } from "../src/domain/catalogs/facts.ts";
import { clearGlobalCountsCache, GLOBAL_COUNTS_CACHE_MS, readGlobalCounts } from "../src/adapters/global-counts.ts";
import { decide, event, publish, sendEvents, uid } from "./helpers.ts";

// Each run uses fresh offer ids: each offer has its own GlobalCapCounter.
const CACHED = uid("cached");
const LOOPED = uid("looped");
const LIMIT = 5;

const counter = (offerId: string) => env.GLOBAL_CAPS.get(env.GLOBAL_CAPS.idFromName(offerId)) as unknown as GlobalCapApi;

let catalog: CatalogFacts;

beforeAll(async () => {
  const offer = (id: string, placement: string, limit: number) => ({
    id,
    placements: [placement],
    caps: [{ event: "display", limit, period: "lifetime", scope: "global" }],
    content: { html: `<p>${id}</p>` },
  });
  await publish({
    placements: [{ id: "cached-spot", format: "html" }, { id: "looped-spot", format: "html" }],
    offers: [offer(CACHED, "cached-spot", 1000), offer(LOOPED, "looped-spot", LIMIT)],
  });
  const active = await readActiveCatalog(env.CATALOGS);
  catalog = (await loadFacts(env.CATALOGS, active!.version))!;
});

// The cache's expiry is computed from `Date.now()` when the counts arrive; the Worker runs in this
// test's isolate, so faking `Date` (nothing else) puts every clock involved at a chosen millisecond.
const T0 = Math.floor(Date.now() / 1000) * 1000;
beforeEach(() => {
  clearGlobalCountsCache();
  vi.useFakeTimers({ toFake: ["Date"], now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
  clearGlobalCountsCache();
});

describe("global cap counts cache", () => {
  it("is documented as 2 000 ms", () => {
    expect(GLOBAL_COUNTS_CACHE_MS).toBe(2_000);
  });

  it("a count recorded after a cached read is not seen until the cache expires, 2 000 ms after the read", async () => {
    /** Reads at T0 + t: the clock and the `now` argument agree (the cache's expiry is set from `Date.now()`). */
    const readAt = async (t: number) => {
      vi.setSystemTime(T0 + t);
      return (await readGlobalCounts(env, catalog, ["cached-spot"], T0 + t))[CACHED];
    };
    expect(await readAt(0)).toEqual({});
    expect(await counter(CACHED).record([{ key: "p|1", name: "display" }])).toMatchObject({ display: 1 });

    expect(await readAt(1_000)).toEqual({});
    expect(await readAt(1_999)).toEqual({});
    // Expired: read again from the counter, and cached anew until T0 + 4 000.
    expect(await readAt(2_000)).toMatchObject({ display: 1 });

    await counter(CACHED).record([{ key: "p|2", name: "display" }]);
    expect(await readAt(3_999)).toMatchObject({ display: 1 });
    expect(await readAt(4_000)).toMatchObject({ display: 2 });
  });

  /**
   * How far a global cap overshoots. A decide shows the offer while the count it reads is below
   * the limit N, and the count it reads is at most one cache window (W = 2 000 ms) old. Every
   * display accepted before a cache fill is in that fill; so once a fill reads ≥ N, nothing more
   * shows. The last fill that read < N read at most N − 1, and after it only the decides of its one
   * window can still show: at most N − 1 + (displays accepted within one window). A loop that
   * decides and reports the display every S ms accepts ⌈W / S⌉ displays a window: with N = 5,
   * S = 600 ms the bound is 5 − 1 + 4 = 8 = N + 3, and this loop reaches it exactly: the fill at
   * 0 ms reads 0 (shows at 0, 600, 1 200, 1 800 ms), the fill at 2 400 ms reads 4 (shows at
   * 2 400, 3 000, 3 600, 4 200 ms), the fill at 4 800 ms reads 8 and the offer stops for good.
   * (Per isolate: each isolate has its own cache, so across isolates the windows add up.)
   */
  it("a decide loop with displays reported overshoots a global cap of 5 by at most the displays of one cache window: exactly 8 shows", async () => {
    const STEP = 600;
    const shownAt: number[] = [];
    for (let t = 0; t < 12_000; t += STEP) {
      vi.setSystemTime(T0 + t);
      const anonymousId = uid("visitor");
      const { decisions } = await decide({ anonymousId, placements: ["looped-spot"] });
      if (decisions[0]!.offerId !== LOOPED) {
        expect(decisions[0]!.offerId).toBeNull();
        continue;
      }
      shownAt.push(t);
      expect(await sendEvents([event({ type: "display", token: decisions[0]!.token, offerId: LOOPED, placement: "looped-spot", anonymousId })])).toMatchObject({ accepted: 1 });
    }
    expect(shownAt).toEqual([0, 600, 1_200, 1_800, 2_400, 3_000, 3_600, 4_200]);
    expect(shownAt.length).toBeLessThanOrEqual(LIMIT - 1 + Math.ceil(GLOBAL_COUNTS_CACHE_MS / STEP));
    expect(await counter(LOOPED).counts()).toMatchObject({ display: 8 });
  });
});

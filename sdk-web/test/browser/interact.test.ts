import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { browserSuite, edge, edgeUrl, eventually, hasBrowser, historyOf, storedQueue, unique } from "./harness.ts";

interface PostedEvent {
  id: string;
  type: string;
  offerId?: string;
  placement?: string;
  token?: string;
  properties?: { href?: string };
}

describe.skipIf(!hasBrowser)("clicks in rendered placements in Chromium: interact, exactly once", () => {
  const vip = unique("u-vip");
  const s = browserSuite({ snapshot: true, profiles: [{ profileId: vip, audiences: ["vip"], attributes: { firstName: "Ana" } }] });
  /** Every `interact` event the pages posted to the edge (normal sends and keepalive flushes alike). */
  let posted: PostedEvent[];

  beforeAll(() => s.site.set("/next", { body: '<p id="next">Next page</p>', noSdk: true }));

  beforeEach(async () => {
    posted = [];
    s.context.on("request", (request) => {
      if (request.url().startsWith(`${edgeUrl}/v1/events`) && request.method() === "POST") {
        posted.push(...(JSON.parse(request.postData() ?? "{}").events as PostedEvent[]).filter((e) => e.type === "interact"));
      }
    });
  });

  const hero = '<div data-edgewise-placement="home-hero"><h2 class="original">Default</h2></div>';
  const interacts = async (offerId: string) =>
    ((await edge.stats()).offers as { offerId: string; placement: string | null; interact: number }[]).find((o) => o.offerId === offerId && o.placement === "home-hero")?.interact ?? 0;
  const historyInteracts = async (profileId: string, offerId: string) => (await historyOf(profileId)).filter((e) => e.name === "interact" && e.offerId === offerId).length;
  it("a link in the fallback hero: interact with the decision token, sent through the navigation it causes", async () => {
    const id = unique("u");
    s.site.set("/hero", { body: hero, attrs: `data-mode="edge" data-profile-id="${id}"` });
    const before = await interacts("default-hero");
    await s.page.goto(`${s.site.url}/hero`);
    await s.page.waitForSelector('[data-edgewise-placement="home-hero"] h2.default');
    // What the SDK queues, kept in sessionStorage (same origin as /next) to be read after the navigation.
    await s.page.evaluate(() =>
      (window as any).edgewise.on("event", (e: PostedEvent) => e.type === "interact" && sessionStorage.setItem("interacts", JSON.stringify([...JSON.parse(sessionStorage.getItem("interacts") ?? "[]"), e]))),
    );
    await s.page.click('[data-edgewise-placement="home-hero"] a.go');
    await s.page.waitForSelector("#next"); // /next has no SDK: only the pagehide flush can carry the event
    const queued: PostedEvent[] = JSON.parse((await s.page.evaluate(() => sessionStorage.getItem("interacts"))) ?? "[]");
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ offerId: "default-hero", placement: "home-hero", properties: { href: "/next" } });
    expect(queued[0]!.token).toEqual(expect.any(String));
    await eventually(async () => (await historyInteracts(id, "default-hero")) === 1);
    // The keepalive's answer was never seen, so the event may still be stored: the next page then
    // sends it again, and the edge counts it once.
    await s.page.goto(`${s.site.url}/hero`);
    await eventually(async () => (await storedQueue(s.page)) === 0);
    await eventually(async () => (await interacts("default-hero")) === before + 1);
    await s.page.waitForTimeout(1500);
    expect(await historyInteracts(id, "default-hero")).toBe(1);
    expect(await interacts("default-hero")).toBe(before + 1);
  });

  it("a link in a VIP hero, navigation blocked by the page: one interact for that offer and placement", async () => {
    s.site.set("/vip", { body: hero, attrs: `data-mode="edge" data-profile-id="${vip}"` });
    const before = await interacts("vip-hero");
    await s.page.goto(`${s.site.url}/vip`);
    await s.page.waitForSelector('[data-edgewise-placement="home-hero"] h2.vip');
    // A single-page app's router: takes over the click and stops it from reaching the document.
    await s.page.evaluate(() =>
      document.querySelector('[data-edgewise-placement="home-hero"]')!.addEventListener("click", (event) => {
        event.preventDefault();
        event.stopPropagation();
      }),
    );
    await s.page.click('[data-edgewise-placement="home-hero"] a.go');
    expect(s.page.url()).toBe(`${s.site.url}/vip`);
    await eventually(async () => (await interacts("vip-hero")) === before + 1);
    await s.page.waitForTimeout(1500);
    expect(await historyInteracts(vip, "vip-hero")).toBe(1);
    expect(await interacts("vip-hero")).toBe(before + 1);
    expect(posted.map((e) => [e.offerId, e.placement, e.properties?.href])).toEqual([["vip-hero", "home-hero", "/next"]]);
    expect(posted[0]!.token).toEqual(expect.any(String));
    expect(await storedQueue(s.page)).toBe(0);
  });
});

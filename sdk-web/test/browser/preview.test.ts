// Preview links in the browser (issue #21, "QA"): a page opened with ?edgewise_preview=<token>
// shows the forced offer, keeps the token for this tab only (off the address), shows the overlay
// with the edge's explanations, sends no event, and "Exit preview" ends it.
import { describe, expect, it } from "vitest";
import { ADMIN_KEY } from "./edge-server.ts";
import { browserSuite, edgeUrl, hasBrowser, rendered } from "./harness.ts";

const HERO = '<div data-edgewise-placement="home-hero"><h2>Default</h2></div>';

async function previewToken(offerId: string): Promise<string> {
  const response = await fetch(`${edgeUrl}/v1/admin/preview`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ offerId, minutes: 10 }),
  });
  return ((await response.json()) as { token: string }).token;
}

describe.skipIf(!hasBrowser)("a preview link", () => {
  const s = browserSuite({ snapshot: true });

  it("forces its offer for an anonymous visitor, with the overlay, and records nothing", async () => {
    const token = await previewToken("vip-hero");
    const events: string[] = [];
    s.page.on("request", (request) => {
      if (request.url().includes("/v1/events")) events.push(request.url());
    });
    s.site.set("/shop", { body: HERO, attrs: 'data-mode="hybrid"' });
    await s.page.goto(`${s.site.url}/shop?edgewise_preview=${encodeURIComponent(token)}&keep=1`);
    await rendered(s.page, "home-hero");
    await s.page.waitForSelector("h2.vip");
    // The token left the address (a copied URL does not carry it) and stays for this tab.
    expect(new URL(s.page.url()).searchParams.get("edgewise_preview")).toBeNull();
    expect(new URL(s.page.url()).searchParams.get("keep")).toBe("1");
    expect(await s.page.evaluate(() => sessionStorage.getItem("edgewise:preview"))).toBe(token);
    const overlay = s.page.getByRole("region", { name: "Edgewise preview" });
    await overlay.getByText("Showing offer vip-hero").waitFor();
    await overlay.getByText(/home-hero: vip-hero/).waitFor();
    // Why each other offer lost, as the edge explained it.
    await overlay.getByText(/page-b-hero: ineligible/).waitFor();
    // The next page of the tab previews too, without the parameter.
    await s.page.goto(`${s.site.url}/shop`);
    await s.page.waitForSelector("h2.vip");
    await s.page.evaluate(() => (window as unknown as { edgewise: { flush(): Promise<void> } }).edgewise.flush());
    await s.page.waitForTimeout(1500);
    expect(events).toEqual([]);
    // Exit: the tab decides as usual again.
    await s.page.getByRole("button", { name: "Exit preview" }).click();
    await s.page.waitForLoadState("load");
    await rendered(s.page, "home-hero");
    await s.page.waitForSelector("h2.default");
    expect(await s.page.evaluate(() => sessionStorage.getItem("edgewise:preview"))).toBeNull();
    expect(await s.page.locator("[data-edgewise-preview]").count()).toBe(0);
  });

  it("an expired or forged link says so in the overlay and decides as usual", async () => {
    s.site.set("/shop", { body: HERO });
    await s.page.goto(`${s.site.url}/shop?edgewise_preview=forged.token`);
    await s.page.getByRole("region", { name: "Edgewise preview" }).getByText("is not valid").waitFor();
    await s.page.waitForSelector("h2.default");
  });
});

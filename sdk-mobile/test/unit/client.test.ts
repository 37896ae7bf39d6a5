import { describe, expect, it } from "vitest";
import { webViewPresenter, type WebViewMessage } from "../../src/index.ts";
import { CATALOG, fakeEdge, mobile, settle } from "../helpers.ts";


describe("getOffers: code-based experiences", () => {
  it("returns each placement's offer with its JSON content, leaving out placements without one", async () => {
    const edge = fakeEdge(CATALOG);
    edge.state.profile = { profileId: "u-1", audiences: ["vip"], attributes: { firstName: "Ana" }, history: [] };
    const { client } = mobile({ mode: "local", edge, profileId: "u-1" });
    const offers = await client.getOffers(["app-home", "app-cart", "unknown"]);
    expect(offers).toEqual([{ placement: "app-home", offerId: "vip-card", fallback: false, content: { title: "VIP Ana", image: "https://cdn.example/vip.png" } }]);
  });

  it("uses the app's context: channel app and appVersion for semver rules", async () => {
    const { client, edge } = mobile({ mode: "hybrid", appVersion: "2.3.0" });
    await client.ready;
    await settle();
    const [offer] = await client.getOffers(["app-home"]);
    expect(offer).toMatchObject({ offerId: "new-version", content: { title: "What's new in 2.x" } });
    await settle();
    expect(edge.requests("/v1/decide")[0]!.body.context).toMatchObject({ channel: "app", appVersion: "2.3.0" });
  });

  it("hybrid mode hands over the edge's offers (with their tokens) through onUpdate", async () => {
    const { client } = mobile({ mode: "hybrid" });
    await client.ready;
    await settle();
    const updates: unknown[] = [];
    const [quick] = await client.getOffers(["app-home"], { onUpdate: (offers) => updates.push(offers) });
    expect(quick!.token).toBeUndefined();
    await settle();
    expect(updates).toEqual([[expect.objectContaining({ offerId: "home-card", token: "tok-app-home", content: { title: "Welcome" } })]]);
  });

  it("report() sends display and interact events for what the app rendered", async () => {
    const { client, edge } = mobile({ mode: "edge" });
    const [offer] = await client.getOffers(["app-home"]);
    client.report("display", offer!);
    client.report("interact", offer!, { target: "cta" });
    await client.flush();
    const ofCard = (type: string) => edge.eventsOf(type).filter((e) => e.placement === "app-home");
    expect(ofCard("display")).toEqual([expect.objectContaining({ offerId: "home-card", token: "tok-app-home" })]);
    expect(ofCard("interact")).toEqual([expect.objectContaining({ offerId: "home-card", properties: { target: "cta" } })]);
  });
});

describe("in-app messages", () => {
  it("track() shows the triggered message through the presenter and reports trigger and display", async () => {
    const { client, edge, clock, ids } = mobile({ mode: "local", minInterval: 0 });
    await client.ready;
    await clock.advance(1000);
    const shown = await client.track("cart.add", { sku: "A1" });
    expect(shown?.offerId).toBe("cart-nudge");
    expect(ids()).toEqual(["welcome-back", "cart-nudge"]);
    await client.flush();
    expect(edge.eventsOf("trigger").map((e) => e.offerId)).toEqual(["welcome-back", "cart-nudge"]);
    expect(edge.eventsOf("display").map((e) => e.offerId)).toEqual(["welcome-back", "cart-nudge"]);
    expect(edge.requests("/v1/decide")).toEqual([]); // decided on the device
  });

  it("screen() tracks screen.view, which triggers can match", async () => {
    const edge = fakeEdge({
      ...CATALOG,
      offers: [{ id: "cart-help", placements: ["app-messages"], trigger: { event: "screen.view", when: { "==": [{ var: "event.properties.screen" }, "Cart"] } }, message: { layout: "slideup", title: "Need help?" } }],
    });
    const { client, ids } = mobile({ mode: "local", edge });
    expect(await client.screen("Home")).toBeUndefined();
    expect((await client.screen("Cart", { items: 2 }))?.offerId).toBe("cart-help");
    expect(ids()).toEqual(["cart-help"]);
    await client.flush();
    expect(edge.eventsOf("track").filter((e) => e.name === "screen.view").map((e) => e.properties)).toEqual([{ screen: "Home" }, { screen: "Cart", items: 2 }]);
  });

  it("shows a message placement's winner on launch (journey, campaign and eligibility-based messages)", async () => {
    const edge = fakeEdge({
      ...CATALOG,
      offers: [{ id: "survey", placements: ["app-messages"], eligibility: { "==": [{ var: "context.channel" }, "app"] }, message: { layout: "modal", title: "2 questions?" } }],
    });
    const { client, clock, ids } = mobile({ mode: "local", edge });
    await client.ready;
    await clock.advance(1000);
    expect(ids()).toEqual(["survey"]);
  });

  it("shows a journey message the profile sync lists as pending, once, ahead of the launch's own trigger", async () => {
    const edge = fakeEdge({
      ...CATALOG,
      offers: [...CATALOG.offers, { id: "cart-reminder", placements: ["app-messages"], message: { layout: "modal", title: "Your cart" } }],
      journeys: [{ id: "cart", trigger: { event: "cart.add" }, steps: [{ message: "cart-reminder" }] }],
    });
    edge.state.profile = { audiences: [], attributes: {}, history: [], pending: ["cart-reminder"] };
    const { client, clock, ids } = mobile({ mode: "local", edge, profileId: "u-1", minInterval: 0 });
    await client.ready;
    await clock.advance(1000);
    // The launch triggers "welcome-back", but the journey's message goes first (one message per launch).
    expect(ids()).toEqual(["cart-reminder"]);
    expect(await client.showMessages()).toBeUndefined(); // displayed: not again
    expect(ids()).toEqual(["cart-reminder"]);
    await client.flush();
    expect(edge.eventsOf("display").filter((e) => e.offerId === "cart-reminder")).toEqual([expect.objectContaining({ profileId: "u-1" })]);
  });

  it("without a presenter, messages arrive as 'message' events", async () => {
    const { client, clock } = mobile({ mode: "local", presenter: undefined });
    const messages: string[] = [];
    client.on("message", (m) => messages.push(m.offerId));
    await client.ready;
    await clock.advance(1000);
    expect(messages).toEqual(["welcome-back"]);
  });

  it("webViewPresenter: the app shows the document; the bridge's messages become interact and dismiss events", async () => {
    const presented: WebViewMessage[] = [];
    const closed: string[] = [];
    const opened: string[] = [];
    const presenter = webViewPresenter({
      present: (message) => (presented.push(message), true),
      close: (message) => void closed.push(message.decision.offerId),
      open: (url) => void opened.push(url),
    });
    const { client, edge, clock } = mobile({ mode: "local", presenter, minInterval: 0 });
    await client.ready;
    await clock.advance(1000);
    const [welcome] = presented;
    expect(welcome!.html).toContain("Welcome back");
    const post = (message: WebViewMessage, m: object) => message.onMessage(JSON.stringify({ edgewise: message.channel, offerId: message.decision.offerId, ...m }));
    post(welcome!, { type: "ready", height: 320 });
    post(welcome!, { type: "interact", action: "deeplink", label: "Shop", url: "shop://sale" });
    post(welcome!, { type: "dismiss", action: "close" }); // after closing: ignored
    expect(closed).toEqual(["welcome-back"]);
    expect(opened).toEqual(["shop://sale"]);

    await client.track("cart.add");
    const nudge = presented[1]!;
    nudge.onMessage(JSON.stringify({ edgewise: "another-document", type: "dismiss", action: "close" })); // not this document's
    nudge.dismiss("back-button");
    await client.flush();
    expect(edge.eventsOf("interact")).toEqual([expect.objectContaining({ offerId: "welcome-back", properties: { action: "deeplink", label: "Shop", url: "shop://sale" } })]);
    expect(edge.eventsOf("dismiss")).toEqual([expect.objectContaining({ offerId: "cart-nudge", properties: { action: "back-button" } })]);
  });

  it("a presenter that cannot show a message now gets it suppressed", async () => {
    const { client, edge, clock } = mobile({ mode: "local", presenter: { show: () => false } });
    await client.ready;
    await clock.advance(1000);
    await client.flush();
    expect(edge.eventsOf("suppress")).toEqual([expect.objectContaining({ offerId: "welcome-back", properties: { reason: "presenter" } })]);
    expect(edge.eventsOf("display")).toEqual([]);
  });
});

describe("identity", () => {
  it("keeps the anonymous id and profile across restarts, in AsyncStorage", async () => {
    const a = mobile({ mode: "local" });
    await a.client.identify("u-9", "sig-9");
    await settle();
    a.client.stop();
    const b = mobile({ mode: "local", edge: a.edge });
    await b.client.ready;
    expect(b.client.state()).toMatchObject({ anonymousId: a.client.state().anonymousId, profileId: "u-9" });
    await b.client.track("cart.add");
    await b.client.flush();
    expect(a.edge.eventsOf("track").find((e) => e.name === "cart.add")).toMatchObject({ profileId: "u-9", profileSignature: "sig-9" });
  });
});

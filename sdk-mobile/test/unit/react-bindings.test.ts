import { createElement, type ComponentType } from "react";
import { act, create, type ReactTestRenderer } from "react-test-renderer";
import { Modal } from "react-native";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, EdgewiseMessages, EdgewiseProvider, useDecision, useEdgewise, type MobileClient, type WebViewLikeProps } from "../../src/react-native.ts";
import type { CoreClient, MessageDecision } from "@edgewise/sdk-core";
import { messageHost } from "../../src/react/message-host.ts";
import { CATALOG, fakeEdge, manualClock, settle } from "../helpers.ts";

// React's test renderer, as React Native apps test components; `Modal` is the react-native
// stand-in's host element and `WebView` a host element standing in for react-native-webview's.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
const WebView = "WebView" as unknown as ComponentType<WebViewLikeProps>;
const VIP = { profileId: "u-1", audiences: ["vip"], attributes: { firstName: "Ana" }, history: [] };

describe("React bindings (@edgewise/sdk-mobile/react-native)", () => {
  let client: MobileClient | undefined;
  let renderer: ReactTestRenderer | undefined;
  afterEach(async () => {
    await act(async () => renderer?.unmount());
    client?.stop();
    renderer = client = undefined;
  });

  function start(options: Partial<Parameters<typeof createClient>[0]> = {}) {
    const edge = fakeEdge(CATALOG);
    edge.state.profile = VIP;
    const clock = manualClock();
    client = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example", fetch: edge.fetch, clock, logger: () => {}, lifecycleMessages: false, ...options });
    return { client, edge, clock };
  }

  async function render(element: ReturnType<typeof createElement>) {
    await act(async () => {
      renderer = create(element);
      await settle();
    });
    return renderer!;
  }

  /** A screen that shows `app-home`'s offer and records each value it rendered. */
  function homeScreen(seen: string[]) {
    return function Home() {
      const { offer, loading } = useDecision("app-home");
      const value = loading ? "loading" : (offer?.offerId ?? "none");
      if (seen.at(-1) !== value) seen.push(value);
      return createElement("Text", null, value);
    };
  }

  it("useDecision shows the device's offer first, then re-renders with the edge's (hybrid mode)", async () => {
    const { client, edge } = start({ mode: "hybrid", profileId: "u-1" });
    // Until the ruleset is compiled on the device and the VIP's profile is cached, the device has no
    // answer of its own (compiling waits for the engine's module: real I/O, not the test's clock).
    await vi.waitFor(() => expect(client.state().catalogReady).toBe(true));
    await settle();
    let answer = () => {};
    edge.state.gate = new Promise<void>((resolve) => (answer = resolve)); // the edge is slow to answer
    const seen: string[] = [];
    const tree = await render(createElement(EdgewiseProvider, { client }, createElement(homeScreen(seen))));
    // The device knows the VIP…
    expect(seen).toEqual(["loading", "vip-card"]);
    await act(async () => {
      edge.state.gate = undefined;
      answer();
      await settle();
    });
    // …and this fake edge decides without audiences: the screen follows the edge.
    expect(seen).toEqual(["loading", "vip-card", "home-card"]);
    expect(tree.toJSON()).toMatchObject({ type: "Text", children: ["home-card"] });
  });

  it("useDecision re-renders when the app decides the placement again anywhere", async () => {
    const { client } = start({ mode: "local" });
    await client.ready;
    await settle();
    const seen: string[] = [];
    await render(createElement(EdgewiseProvider, { client }, createElement(homeScreen(seen))));
    expect(seen).toEqual(["loading", "home-card"]);
    await act(async () => {
      await client.identify("u-1");
      await settle();
      await client.getOffers(["app-home"]); // elsewhere in the app, after sign-in
    });
    expect(seen).toEqual(["loading", "home-card", "vip-card"]);
  });

  it("useDecision's refresh decides again", async () => {
    const { client, edge } = start({ mode: "edge" });
    let refresh = () => {};
    function Home() {
      const state = useDecision("app-home");
      refresh = state.refresh;
      return createElement("Text", null, state.offer?.offerId ?? "none");
    }
    await render(createElement(EdgewiseProvider, { client }, createElement(Home)));
    const before = edge.requests("/v1/decide").length;
    await act(async () => {
      refresh();
      await settle();
    });
    expect(edge.requests("/v1/decide").length).toBe(before + 1);
  });

  it("useEdgewise outside a provider says what is missing", async () => {
    function Orphan() {
      useEdgewise();
      return null;
    }
    const errors = console.error;
    console.error = () => {};
    try {
      await expect(act(async () => void create(createElement(Orphan)))).rejects.toThrow("no <EdgewiseProvider client={…}>");
    } finally {
      console.error = errors;
    }
  });

  /** Renders the message host and lets the launch's triggered message (welcome-back) arrive. */
  async function launchWithHost() {
    const started = start({ mode: "local", lifecycleMessages: true });
    const opened: string[] = [];
    const tree = await render(createElement(EdgewiseProvider, { client: started.client }, createElement(EdgewiseMessages, { WebView, open: (url) => void opened.push(url) })));
    await act(async () => {
      await started.clock.advance(0);
      await settle();
    });
    return { ...started, tree, opened };
  }

  const webView = (tree: ReactTestRenderer) => tree.root.findByType(WebView);
  const post = (tree: ReactTestRenderer, message: object) => {
    const view = webView(tree);
    const channel = /"channel":"([^"]+)"/.exec(view.props.source.html)![1];
    return act(async () => {
      view.props.onMessage({ nativeEvent: { data: JSON.stringify({ edgewise: channel, ...message }) } });
      await settle();
    });
  };

  it("EdgewiseMessages shows a message in a WebView inside a Modal and reports its display", async () => {
    const { tree, edge, clock } = await launchWithHost();
    const modal = tree.root.findByType(Modal);
    expect(modal.props).toMatchObject({ visible: true, transparent: true });
    expect(webView(tree).props.source.html).toContain("Welcome back");
    // The document never navigates: links go through the bridge.
    expect(webView(tree).props.onShouldStartLoadWithRequest({ url: "https://evil.example/" })).toBe(false);
    await act(async () => void (await clock.advance(2000)));
    expect(edge.eventsOf("display").map((e) => e.offerId)).toEqual(["welcome-back"]);
  });

  it("EdgewiseMessages closes on a dismiss from the document and reports it", async () => {
    const { tree, edge, clock } = await launchWithHost();
    await post(tree, { type: "dismiss", action: "close" });
    expect(tree.toJSON()).toBeNull();
    await act(async () => void (await clock.advance(2000)));
    expect(edge.eventsOf("dismiss")).toEqual([expect.objectContaining({ offerId: "welcome-back", properties: { action: "close" } })]);
  });

  it("EdgewiseMessages follows a deep-link button through `open` and reports the interaction", async () => {
    const { tree, edge, clock, opened } = await launchWithHost();
    await post(tree, { type: "interact", action: "deeplink", label: "Shop", url: "shop://sale" });
    expect(tree.toJSON()).toBeNull();
    expect(opened).toEqual(["shop://sale"]);
    await act(async () => void (await clock.advance(2000)));
    expect(edge.eventsOf("interact")).toEqual([expect.objectContaining({ offerId: "welcome-back", properties: expect.objectContaining({ action: "deeplink", url: "shop://sale" }) })]);
  });

  it("EdgewiseMessages: Android's back button dismisses", async () => {
    const { tree, edge, clock } = await launchWithHost();
    await act(async () => tree.root.findByType(Modal).props.onRequestClose());
    expect(tree.toJSON()).toBeNull();
    await act(async () => void (await clock.advance(2000)));
    expect(edge.eventsOf("dismiss")).toEqual([expect.objectContaining({ properties: { action: "back" } })]);
  });

  it("a message that arrives before any host is mounted waits for one, for 30 seconds", async () => {
    let now = 0;
    const emitter = { handlers: [] as ((d: MessageDecision) => void)[] };
    const fake = { on: (_type: string, fn: (d: MessageDecision) => void) => (emitter.handlers.push(fn), () => {}) } as unknown as CoreClient;
    const host = messageHost(fake, () => now);
    const message = (offerId: string) => ({ placement: "app-messages", offerId, fallback: false, message: { layout: "modal" } }) as MessageDecision;
    emitter.handlers.forEach((fn) => fn(message("early")));
    const got: string[] = [];
    now = 29_000;
    const detach = host.attach((d) => void got.push(d.offerId));
    expect(got).toEqual(["early"]);
    detach();
    emitter.handlers.forEach((fn) => fn(message("late")));
    now = 60_000;
    host.attach((d) => void got.push(d.offerId));
    expect(got).toEqual(["early"]); // 31 s old: not shown, never counted
    expect(messageHost(fake)).toBe(host); // one host per client
  });
});

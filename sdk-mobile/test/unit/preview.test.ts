import { createElement, type ReactNode } from "react";
import { act, create, type ReactTestInstance, type ReactTestRenderer } from "react-test-renderer";
import { setColorScheme } from "react-native";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createClient, EdgewisePreview, EdgewiseProvider, previewToken, useDecision, watchPreviewLinks, type LinkingLike, type MobileClient } from "../../src/react-native.ts";
import { CATALOG, fakeEdge, manualClock, settle } from "../helpers.ts";

// React's test renderer, as React Native apps test components; View, Text, Pressable and
// ScrollView are the react-native stand-in's host elements.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

describe("previewToken: a preview link's token", () => {
  it("reads edgewise_preview from app links and web links", () => {
    expect(previewToken("shop://home?edgewise_preview=eyJv.x1")).toBe("eyJv.x1");
    expect(previewToken("https://shop.example/p?a=1&edgewise_preview=abc%2Ddef&b=2#top")).toBe("abc-def");
    expect(previewToken("shop://home?x=edgewise_preview&edgewise_preview=t")).toBe("t");
  });

  it("answers nothing for links without one, an empty one, a malformed one or one too long for the edge", () => {
    expect(previewToken("shop://home")).toBeUndefined();
    expect(previewToken("shop://home#edgewise_preview=t")).toBeUndefined();
    expect(previewToken("shop://home?edgewise_preview=")).toBeUndefined();
    expect(previewToken("shop://home?edgewise_preview=%E0%A4%A")).toBeUndefined();
    expect(previewToken(`shop://home?edgewise_preview=${"a".repeat(1025)}`)).toBeUndefined();
    expect(previewToken("shop://home?my_edgewise_preview=t")).toBeUndefined();
  });
});

describe("watchPreviewLinks", () => {
  it("starts a preview from the launch link and from links opened later, and ignores other links", async () => {
    const listeners = new Set<(event: { url: string }) => void>();
    const linking: LinkingLike = {
      getInitialURL: async () => "shop://home?edgewise_preview=first",
      addEventListener: (_type, listener) => (listeners.add(listener), { remove: () => void listeners.delete(listener) }),
    };
    const client = { preview: vi.fn() };
    const stop = watchPreviewLinks(client, linking);
    await settle();
    expect(client.preview).toHaveBeenCalledWith("first");
    listeners.forEach((fn) => fn({ url: "shop://cart" }));
    listeners.forEach((fn) => fn({ url: "shop://cart?edgewise_preview=second" }));
    expect(client.preview.mock.calls).toEqual([["first"], ["second"]]);
    stop();
    expect(listeners.size).toBe(0);
  });
});

describe("<EdgewisePreview/> (@edgewise/sdk-mobile/react-native)", () => {
  let client: MobileClient | undefined;
  let renderer: ReactTestRenderer | undefined;
  afterEach(async () => {
    await act(async () => renderer?.unmount());
    client?.stop();
    setColorScheme("light");
    renderer = client = undefined;
  });

  function start(options: Partial<Parameters<typeof createClient>[0]> = {}) {
    const edge = fakeEdge(CATALOG);
    client = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example", fetch: edge.fetch, clock: manualClock(), logger: () => {}, lifecycleMessages: false, mode: "hybrid", ...options });
    return { client, edge };
  }

  async function render(children: ReactNode) {
    await act(async () => {
      renderer = create(createElement(EdgewiseProvider, { client: client! }, children));
      await settle();
    });
    return renderer!;
  }

  const texts = (tree: ReactTestRenderer) => tree.root.findAllByType("Text" as never).map((t) => t.children.filter((c) => typeof c === "string").join(""));
  const panel = (tree: ReactTestRenderer) => tree.root.findAll((n) => n.type === ("View" as never) && n.props.accessibilityLabel === "Edgewise preview");
  const buttonNamed = (tree: ReactTestRenderer, label: string): ReactTestInstance =>
    tree.root.find((n) => n.type === ("Pressable" as never) && n.findAllByType("Text" as never).some((t) => t.children.includes(label)));

  /** The home screen: the offer of `app-home`, as text. */
  function Home() {
    const { offer, loading } = useDecision("app-home");
    return createElement("Text", null, `home: ${loading ? "…" : (offer?.offerId ?? "none")}`);
  }

  it("renders nothing, and asks nothing extra of the edge, when the app is not previewing", async () => {
    const { edge } = start();
    const tree = await render([createElement(Home, { key: "home" }), createElement(EdgewisePreview, { key: "preview" })]);
    expect(panel(tree)).toHaveLength(0);
    expect(edge.requests("/v1/decide").every((c) => c.body.preview === undefined && !c.body.explain)).toBe(true);
  });

  it("shows what the link forces, each placement's winner and every other candidate's reason, from decisions made before it was mounted", async () => {
    const { client, edge } = start({ preview: "offer:new-version" });
    // Decided before the overlay exists (the launch screen).
    await client.getOffers(["app-home"]);
    const tree = await render(createElement(EdgewisePreview));
    expect(panel(tree)).toHaveLength(1);
    const shown = texts(tree);
    expect(shown).toContain("Edgewise preview");
    expect(shown.find((t) => t.startsWith("Showing offer new-version until "))).toMatch(/Nothing you do here is counted\.$/);
    expect(shown).toContain("app-home: new-version");
    // The edge explained every candidate: the VIP card lost on eligibility.
    expect(shown.some((t) => t.startsWith("• vip-card: "))).toBe(true);
    // Previews are decided by the edge, explained, and never counted.
    expect(edge.requests("/v1/decide").at(-1)!.body).toMatchObject({ preview: "offer:new-version", explain: true });
    client.report("display", "new-version");
    await client.flush();
    expect(edge.requests("/v1/events")).toHaveLength(0);
  });

  it("folds its details and ends the preview: the screens decide again without it and the panel goes", async () => {
    const { client, edge } = start({ preview: "offer:new-version" });
    const onExit = vi.fn();
    const tree = await render([createElement(Home, { key: "home" }), createElement(EdgewisePreview, { key: "preview", onExit })]);
    expect(texts(tree)).toContain("home: new-version");
    const toggle = buttonNamed(tree, "Hide details");
    expect(toggle.props.accessibilityState).toEqual({ expanded: true });
    await act(async () => toggle.props.onPress());
    expect(texts(tree)).not.toContain("app-home: new-version");
    expect(buttonNamed(tree, "Show details").props.accessibilityState).toEqual({ expanded: false });

    const asked = edge.requests("/v1/decide").length;
    await act(async () => {
      buttonNamed(tree, "Exit preview").props.onPress();
      await settle();
    });
    expect(onExit).toHaveBeenCalledOnce();
    expect(panel(tree)).toHaveLength(0);
    expect(client.state().mode).toBe("hybrid");
    // Decided again, without the token: the usual winner for this visitor.
    expect(edge.requests("/v1/decide").length).toBeGreaterThan(asked);
    expect(edge.requests("/v1/decide").at(-1)!.body.preview).toBeUndefined();
    expect(texts(tree)).toContain("home: home-card");
  });

  it("a link opened while the app runs starts the preview: the screen follows and the panel appears", async () => {
    const { client, edge } = start();
    const tree = await render([createElement(Home, { key: "home" }), createElement(EdgewisePreview, { key: "preview" })]);
    expect(texts(tree)).toContain("home: home-card");
    await act(async () => {
      client.preview(previewToken("shop://home?edgewise_preview=offer%3Anew-version")!);
      await settle();
    });
    expect(client.state().mode).toBe("edge");
    expect(texts(tree)).toContain("home: new-version");
    expect(panel(tree)).toHaveLength(1);
    // From now on nothing is recorded: the launch before the link was, this display is not.
    await client.flush();
    const received = edge.received.size;
    expect(edge.tracked()).toContain("app.launch");
    client.report("display", "new-version");
    await client.flush();
    expect(edge.received.size).toBe(received);
  });

  it("says so when the link has expired, in the problem colour of the dark scheme", async () => {
    setColorScheme("dark");
    const { client } = start({ preview: "expired" });
    await client.getOffers(["app-home"]);
    const tree = await render(createElement(EdgewisePreview, { style: { bottom: 40 } }));
    const status = tree.root.find((n) => n.type === ("Text" as never) && String(n.props.children).startsWith("This preview link"));
    expect(status.props.children).toBe("This preview link has expired: decisions are as usual.");
    expect(status.props.style.color).toBe("#f2b8b5");
    expect(status.props.accessibilityLiveRegion).toBe("polite");
    // The app's style goes over the default position (safe-area insets).
    expect(panel(tree)[0]!.props.style.at(-1)).toEqual({ bottom: 40 });
  });
});

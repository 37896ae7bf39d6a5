import AsyncStorage from "@react-native-async-storage/async-storage";
import { clientRuleset, compileCatalog, decide, type CatalogJson } from "@edgewise/decision-engine";
import { createClient, type AppStateLike, type ConnectivityLike, type MessageDecision, type MobileOptions, type Presenter } from "../src/index.ts";

/** AsyncStorage's jest mock, with the internals the tests read. */
export const storage = AsyncStorage as typeof AsyncStorage & { __INTERNAL_MOCK_STORAGE__: Record<string, string> };
/** What the SDK keeps in AsyncStorage, parsed. */
export const stored = () => Object.fromEntries(Object.entries(storage.__INTERNAL_MOCK_STORAGE__).map(([k, v]) => [k, JSON.parse(v)]));

// The same manual clock and settling as the web SDK's tests: one client core, one test clock.
import { manualClock, settle } from "../../sdk-core/test/unit/helpers.ts";

export { manualClock, settle };

/** An AppState-shaped emitter (React Native's AppState behaves so: `currentState` first, then the listeners). */
export function appState(initial = "active") {
  const listeners = new Set<(state: string) => void>();
  const state: AppStateLike & { currentState: string; go(next: string): void; listeners: number } = {
    currentState: initial,
    addEventListener(_type, listener) {
      listeners.add(listener);
      return { remove: () => void listeners.delete(listener) };
    },
    go(next) {
      state.currentState = next;
      listeners.forEach((fn) => fn(next));
    },
    get listeners() {
      return listeners.size;
    },
  };
  return state;
}

/** A NetInfo-shaped emitter. */
export function netInfo(initial: boolean | null = true) {
  const listeners = new Set<(state: { isConnected: boolean | null }) => void>();
  let current = initial;
  const info: ConnectivityLike & { set(connected: boolean): void } = {
    addEventListener(listener) {
      listeners.add(listener);
      listener({ isConnected: current });
      return () => void listeners.delete(listener);
    },
    set(connected) {
      current = connected;
      listeners.forEach((fn) => fn({ isConnected: connected }));
    },
  };
  return info;
}

export interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: any;
}

/**
 * A stand-in for the edge's HTTP API behind `fetch` (no edge runs in these unit tests): serves the
 * catalog's client ruleset with an ETag, a profile, decisions made by the real engine, and takes
 * events once per id. `offline` makes every request fail as a dead network does.
 */
export function fakeEdge(catalog: CatalogJson, options: { version?: string; ruleset?: unknown } = {}) {
  const version = options.version ?? "v1";
  const compiled = compileCatalog(catalog);
  const calls: Call[] = [];
  const received = new Map<string, any>();
  const state = {
    offline: false,
    /** Statuses to answer with before normal service. */
    failures: [] as number[],
    profile: undefined as undefined | Record<string, unknown>,
    /** When set, requests wait until it resolves. */
    gate: undefined as Promise<void> | undefined,
  };
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

  const fetch = async (url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> => {
    const call: Call = { method: init.method ?? "GET", url, headers: init.headers ?? {}, body: init.body ? JSON.parse(init.body) : undefined };
    calls.push(call);
    if (state.gate) await state.gate;
    if (state.offline) throw new TypeError("Network request failed");
    const failure = state.failures.shift();
    if (failure) return json(failure, { error: { code: "x", message: "x" } });
    const path = new URL(url).pathname;
    if (path === "/v1/ruleset") {
      if (call.headers["if-none-match"] === `"${version}"`) return json(304, undefined, { etag: `"${version}"` });
      return json(200, options.ruleset ?? clientRuleset(compiled), { etag: `"${version}"` });
    }
    if (path.startsWith("/v1/profile/")) return state.profile ? json(200, state.profile) : json(404, { error: { code: "not_found", message: "x" } });
    if (path === "/v1/decide") {
      const b = call.body;
      const result = decide(compiled, { placements: b.placements, profile: { id: b.profileId ?? b.anonymousId }, context: b.context, event: b.event, explain: b.explain, now: Date.UTC(2026, 2, 15, 12) });
      if (typeof b.preview === "string") return json(200, previewAnswer(catalog, b.preview, result.decisions));
      return json(200, { decisions: result.decisions.map((d) => ({ ...d, token: `tok-${d.placement}` })), audiences: [] });
    }
    if (path === "/v1/events") {
      let duplicates = 0;
      for (const e of call.body.events) {
        if (received.has(e.id)) duplicates++;
        else received.set(e.id, e);
      }
      return json(202, { accepted: call.body.events.length - duplicates, duplicates, rejected: [] });
    }
    return json(404, {});
  };
  return {
    fetch,
    calls,
    received,
    state,
    eventsOf: (type: string) => [...received.values()].filter((e) => e.type === type),
    tracked: () => [...received.values()].filter((e) => e.type === "track").map((e) => e.name as string),
    requests: (path: string) => calls.filter((c) => new URL(c.url).pathname === path),
  };
}

/**
 * The stand-in's preview tokens (the real edge signs them, see edge/test/preview.test.ts):
 * `offer:<id>` forces that offer on its placements until 2026-03-15 13:00 UTC, `expired` has expired.
 */
function previewAnswer(catalog: CatalogJson, token: string, decisions: { placement: string; offerId: string | null }[]) {
  const offer = token.startsWith("offer:") ? catalog.offers.find((o) => o.id === token.slice(6)) : undefined;
  if (!offer) return { decisions, audiences: [], preview: { active: false, reason: token === "expired" ? "expired" : "invalid" } };
  const forced = decisions.map((d) => (offer.placements.includes(d.placement) ? { ...d, offerId: offer.id, content: offer.content, message: offer.message, fallback: false } : d));
  return { decisions: forced, audiences: [], preview: { active: true, offerId: offer.id, expiresAt: "2026-03-15T13:00:00.000Z" } };
}

export const CATALOG: CatalogJson = {
  // The app's own URL scheme: its deep links are followed only because the catalog declares it.
  deepLinkSchemes: ["shop"],
  placements: [
    { id: "app-home", surface: "mobileapp://com.example.shop/home", format: "json" },
    { id: "app-cart", surface: "mobileapp://com.example.shop/cart", format: "json" },
    { id: "app-messages", surface: "mobileapp://com.example.shop", format: "message" },
  ],
  offers: [
    { id: "vip-card", placements: ["app-home"], priority: 50, eligibility: { audience: "vip" }, content: { title: "VIP {{profile.firstName | default: \"friend\"}}", image: "https://cdn.example/vip.png" } },
    { id: "new-version", placements: ["app-home"], priority: 40, eligibility: { semver: [">=", { var: "context.appVersion" }, "2.0.0"] }, content: { title: "What's new in 2.x" } },
    { id: "home-card", placements: ["app-home"], priority: 0, content: { title: "Welcome" } },
    {
      id: "welcome-back",
      placements: ["app-messages"],
      priority: 10,
      trigger: { event: "app.launch" },
      caps: [{ event: "display", limit: 5, period: "day", scope: "profile" }],
      message: { layout: "modal", title: "Welcome back", body: "10% off today", buttons: [{ label: "Shop", action: { type: "deeplink", url: "shop://sale" } }, { label: "Close", action: { type: "dismiss" } }] },
    },
    {
      id: "new-session",
      placements: ["app-messages"],
      priority: 5,
      trigger: { event: "app.foreground", when: { "==": [{ var: "event.properties.newSession" }, true] } },
      message: { layout: "banner", title: "Good to see you", body: "New arrivals since your last visit" },
    },
    {
      id: "cart-nudge",
      placements: ["app-messages"],
      priority: 3,
      trigger: { event: "cart.add" },
      message: { layout: "slideup", title: "Nice pick", body: "Free shipping over 50" },
    },
  ],
};

/** A presenter that records what it shows (and accepts everything). */
export function recordingPresenter() {
  const shown: MessageDecision[] = [];
  const presenter: Presenter = { show: (decision) => (shown.push(decision), true) };
  return { presenter, shown, ids: () => shown.map((d) => d.offerId) };
}

/** Every client a test made: stopped, and their pending writes let through, before the next test. */
const clients: { stop(): void }[] = [];

/** Ends the clients of the finished test and empties AsyncStorage, so no test sees another's data. */
export async function cleanUp(): Promise<void> {
  clients.splice(0).forEach((client) => client.stop());
  await settle();
  await storage.clear();
}

/** A mobile client on AsyncStorage's mock, an AppState emitter, a manual clock and the fake edge. */
export function mobile(options: Partial<MobileOptions> & { edge?: ReturnType<typeof fakeEdge>; clock?: ReturnType<typeof manualClock>; app?: ReturnType<typeof appState> } = {}) {
  const edge = options.edge ?? fakeEdge(CATALOG);
  const clock = options.clock ?? manualClock();
  const app = options.app ?? appState();
  const recorder = recordingPresenter();
  const logs: string[] = [];
  const client = createClient({
    clientKey: "demo-client-key",
    edgeUrl: "https://edge.example",
    storage,
    lifecycle: app,
    presenter: recorder.presenter,
    fetch: edge.fetch,
    clock,
    logger: (message) => void logs.push(message),
    ...options,
  });
  clients.push(client);
  return { client, edge, clock, app, logs, ...recorder };
}

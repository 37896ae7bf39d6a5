import {
  createCore,
  type ClientDecision,
  type Clock,
  type CoreClient,
  type CoreOptions,
  type DecideOptions,
  type Lifecycle,
  type MessageDecision,
  type Presenter,
  type Storage,
} from "@edgewise/sdk-core";
import { watchApp, type AppStateLike, type ConnectivityLike } from "../platform/app-state.ts";
import { keyValueStorage, type KeyValueStore } from "../platform/async-storage.ts";
import { systemClock } from "../platform/clock.ts";
import { fetchTransport, type FetchLike } from "../platform/fetch.ts";
import { createSessions, SESSION_KEY, type SessionRecord } from "./session.ts";

export interface MobileOptions extends Omit<CoreOptions, "storage" | "transport" | "lifecycle" | "presenter" | "session" | "clock" | "edgeUrl"> {
  /** The edge's origin, e.g. `https://edge.example` (an app has no page origin to default to). */
  edgeUrl: string;
  /** Where the client keeps its state and event queue: AsyncStorage, or anything of its shape. */
  storage: KeyValueStore;
  /** Foreground and background: React Native's `AppState`, or anything of its shape. Without it the app counts as always in the foreground. */
  lifecycle?: AppStateLike;
  /** Shows in-app messages (see `webViewPresenter`); without one, `on("message", fn)` receives them. */
  presenter?: Presenter;
  /** The network; default: the global `fetch`. */
  fetch?: FetchLike;
  /** Back online (`@react-native-community/netinfo`'s default export, or its shape): queued events go out at once. */
  connectivity?: ConnectivityLike;
  /** `context.appVersion` in the default evaluation context (for `semver` rules). */
  appVersion?: string;
  /** Milliseconds in the background after which the next foreground starts a new session. Default 30 minutes. */
  sessionTimeout?: number;
  /** On foreground or reconnect, the ruleset and profile are revalidated when older than this. Default 5 minutes. */
  refreshInterval?: number;
  /** After `app.launch` and `app.foreground`, also show the winner of the message placements (journey, campaign and eligibility-based messages). Default `true`. */
  lifecycleMessages?: boolean;
  /** Milliseconds before a request to the edge is given up. Default 10 000. */
  requestTimeout?: number;
  /** Prefix of the storage keys. Default `"@edgewise:"`. */
  storagePrefix?: string;
  /** Time and timers (tests). */
  clock?: Clock;
}

/** A decided offer for content the app renders itself (a native view): `content` is the offer's JSON. */
export interface Offer extends ClientDecision {
  offerId: string;
  content: Record<string, unknown>;
}

export interface OffersOptions extends Omit<DecideOptions, "onUpdate"> {
  /** Hybrid mode: the edge's offers, when they arrive after the local ones. */
  onUpdate?: (offers: Offer[]) => void;
}

export interface MobileClient extends CoreClient {
  /** Resolves once stored state (identity, session, cached ruleset and profile) is loaded. */
  readonly ready: Promise<void>;
  /**
   * The offers for code-based experiences: one per placement that has one (more with a ranking
   * `limit`), in the order asked. Never rejects. Report what you show with `report("display", offer)`.
   */
  getOffers(placements: readonly string[], options?: OffersOptions): Promise<Offer[]>;
  /** Decides the ruleset's message placements and shows the winner through the presenter; resolves with what was shown. */
  showMessages(options?: Omit<DecideOptions, "onUpdate">): Promise<MessageDecision | undefined>;
  /** A screen view: tracks `screen.view` (`{screen: name, ...properties}`), which may trigger a message. */
  screen(name: string, properties?: Record<string, unknown>): Promise<MessageDecision | undefined>;
  /** The current session. */
  session(): { id: string; startedAt: number };
  /** Stops listening to the app's lifecycle and connectivity (the client keeps working otherwise). */
  stop(): void;
}

/** The default evaluation context of an app. */
export function appContext(appVersion?: string): Record<string, unknown> {
  const context: Record<string, unknown> = { channel: "app" };
  if (appVersion) context.appVersion = appVersion;
  try {
    context.locale = Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    // A runtime without Intl: no locale.
  }
  return context;
}

const consoleLog = (message: string, error?: unknown) =>
  (globalThis as unknown as { console?: { warn(...a: unknown[]): void } }).console?.warn("[edgewise]", message, error ?? "");

/**
 * Creates the mobile client: the shared client core (the same one as the web SDK's) wired to an
 * AsyncStorage-shaped store, AppState-shaped lifecycle, `fetch` and the app's presenter. It tracks
 * `app.launch` and `app.foreground` (either may trigger a message), keeps sessions (a new one after
 * 30 minutes in the background), flushes events when the app goes to the background and sends what
 * waited when it returns or the network does.
 *
 * @example
 * const edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: "https://edge.example",
 *   storage: AsyncStorage, lifecycle: AppState, presenter: webViewPresenter({ present, close }) });
 * const [card] = await edgewise.getOffers(["app-home"]);
 * edgewise.track("cart.add", { sku: "A1" });
 */
export function createClient(options: MobileOptions): MobileClient {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? consoleLog;
  const storage: Storage = keyValueStorage(options.storage, { prefix: options.storagePrefix, logger: log });
  const fetchFn = options.fetch ?? (globalThis as unknown as { fetch: FetchLike }).fetch;
  const resumed = new Set<() => void>();
  const lifecycle: Lifecycle = {
    // Going to the background flushes (below) rather than beacons: the app runs on for a few
    // seconds, long enough to learn which events the edge took and to forget them.
    onHide: () => () => {},
    onResume: (fn) => (resumed.add(fn), () => void resumed.delete(fn)),
  };
  const core = createCore({
    channel: "app",
    context: () => appContext(options.appVersion),
    ...options,
    logger: log,
    clock,
    storage,
    transport: fetchTransport((url, init) => fetchFn(url, init), { timeout: options.requestTimeout, clock }),
    lifecycle,
    presenter: options.presenter,
    session: () => sessions.id(),
  });

  const consentIn = () => core.state().consent === "in";
  const sessions = createSessions({
    storage: () => (consentIn() ? storage : undefined),
    read: () => storage.get<SessionRecord>(SESSION_KEY),
    clock,
    timeout: options.sessionTimeout ?? 30 * 60_000,
  });
  const startedInBackground = options.lifecycle?.currentState === "background";
  let newAtLaunch = true;
  let launched = false;
  let refreshedAt = clock.now(); // the core revalidates at start
  const ready = Promise.all([core.ready, core.state().consent === "out" ? storage.del(SESSION_KEY) : sessions.load(startedInBackground)]).then(
    ([, isNew]) => void (newAtLaunch = isNew === true),
    (error: unknown) => log("session not loaded", error),
  );

  core.on("event", () => sessions.touch());
  core.on("consent", (consent) => {
    if (consent === "in") void sessions.save();
    if (consent === "out") void storage.del(SESSION_KEY);
  });

  /** Lifecycle work runs in order, after the stored state is loaded. */
  let chain: Promise<unknown> = ready;
  const then = (task: () => unknown) => (chain = chain.then(task).catch((error: unknown) => log("lifecycle handler failed", error)));

  function refreshIfStale(force = false): void {
    if (!force && clock.now() - refreshedAt < (options.refreshInterval ?? 5 * 60_000)) return;
    refreshedAt = clock.now();
    void core.refresh();
  }

  async function lifecycleEvent(name: string, properties: Record<string, unknown>): Promise<MessageDecision | undefined> {
    const shown = await core.track(name, properties);
    if (shown || options.lifecycleMessages === false) return shown;
    return showMessages();
  }

  function launch(): Promise<MessageDecision | undefined> {
    launched = true;
    let resumedSession = false;
    if (startedInBackground) {
      resumedSession = sessions.foreground().newSession;
      refreshIfStale(resumedSession);
    }
    return lifecycleEvent("app.launch", { sessionId: sessions.id(), newSession: newAtLaunch || resumedSession });
  }

  const watcher = watchApp(options.lifecycle, options.connectivity, {
    foreground: () =>
      then(() => {
        if (!launched) return launch();
        const { newSession, backgroundMs } = sessions.foreground();
        resumed.forEach((fn) => fn());
        refreshIfStale(newSession);
        return lifecycleEvent("app.foreground", { sessionId: sessions.id(), newSession, backgroundMs });
      }),
    background: () => {
      sessions.background();
      void core.flush(); // now, not after lifecycle work still running: the app may be suspended soon
    },
    online: () =>
      then(() => {
        resumed.forEach((fn) => fn());
        refreshIfStale();
      }),
  });
  then(() => !startedInBackground && launch());

  async function showMessages(decideOptions: Omit<DecideOptions, "onUpdate"> = {}): Promise<MessageDecision | undefined> {
    await ready;
    const placements = await core.messagePlacements();
    if (placements.length === 0) return undefined;
    let shown: MessageDecision | undefined;
    const offered = new Set<string>();
    const showFirst = (decisions: ClientDecision[]) => {
      for (const decision of decisions) {
        if (shown || !decision.offerId || !decision.message || offered.has(decision.offerId)) continue;
        offered.add(decision.offerId);
        if (core.show(decision as MessageDecision)) shown = decision as MessageDecision;
      }
    };
    showFirst(await core.decide(placements, { ...decideOptions, onUpdate: showFirst }));
    return shown;
  }

  const toOffers = (decisions: ClientDecision[]): Offer[] =>
    decisions.filter((d) => d.offerId).map((d) => ({ ...d, content: (d.content ?? {}) as Record<string, unknown> }) as Offer);

  return {
    ...core,
    ready,
    track: async (name, properties) => {
      await ready;
      return core.track(name, properties);
    },
    async getOffers(placements, { onUpdate, ...rest } = {}) {
      await ready;
      return toOffers(await core.decide(placements, { ...rest, onUpdate: onUpdate && ((decisions) => onUpdate(toOffers(decisions))) }));
    },
    showMessages,
    async screen(name, properties) {
      await ready;
      return core.track("screen.view", { screen: name, ...properties });
    },
    preview(token) {
      core.preview(token);
      // A preview link opened while the app runs: the message it forces, if any, shows now.
      if (token && options.lifecycleMessages !== false) void showMessages();
    },
    session: () => ({ id: sessions.id(), startedAt: sessions.current().start }),
    stop: () => watcher.stop(),
  };
}

import { channelOf, compileDeviceRuleset, decide, profileInput, type CatalogJson, type Channel, type CompiledCatalog, type HistoryEvent } from "@edgewise/decision-engine";
import { hold, keepPending, markShown, nextHeld, noDeliveries, shownRecently, type Deliveries } from "./deliveries.ts";
import { memoryStorage } from "./memory.ts";
import type { ClientDecision, Clock, Lifecycle, MessageDecision, Presenter, Storage, Transport, TransportResponse } from "./ports.ts";
import { createQueue, QUEUE_KEY, type EventType, type QueuedEvent } from "./queue.ts";
import { createEmitter, retryAfterMs, uuid } from "./util.ts";

/** `edge`: every decision from `POST /v1/decide`; `local`: on the device from the cached ruleset; `hybrid`: local first, then the edge's answer. */
export type Mode = "hybrid" | "edge" | "local";

/** `pending`: events wait in memory, nothing is stored or sent; `in`: normal; `out`: queue dropped, stored data cleared, no requests. */
export type Consent = "pending" | "in" | "out";

export interface CoreOptions {
  /** The public client key (`x-client-key`). */
  clientKey: string;
  /**
   * The platform's channel (`web` for the web SDK, `app` for the mobile SDK): the client decides,
   * shows and reports only placements of this channel (a placement's channel is its surface's
   * scheme, `web://` or `mobileapp://`; one without a surface serves every channel), and sends it
   * as `context.channel`.
   */
  channel?: Channel;
  /** The edge's origin, e.g. `https://edge.example`; default: the page's own origin. */
  edgeUrl?: string;
  /** Default `hybrid`. */
  mode?: Mode;
  /** Default `in`. */
  consent?: Consent;
  /** A known profile at start (same as calling `identify`). */
  profileId?: string;
  /** The site backend's HMAC of `profileId`, when the edge runs in secure mode. */
  profileSignature?: string;
  /**
   * Minimum milliseconds between two messages. Default 30 000. A journey or campaign message that
   * pacing suppresses stays pending at the edge; it is shown first at the next opportunity.
   */
  minInterval?: number;
  /** Most messages shown per session (30 minutes without activity end one). Default 3. */
  maxPerSession?: number;
  /**
   * The platform's current session id, when it keeps its own sessions (the mobile SDK: a new one
   * after 30 minutes in the background). A new id starts a new session for `maxPerSession`,
   * replacing the 30-minutes-without-activity rule.
   */
  session?: () => string;
  /** A veto on every message about to show; `false` suppresses it (and logs a `suppress` event). */
  shouldShow?: (decision: MessageDecision) => boolean;
  /** Milliseconds to gather events into one request. Default 1000. */
  batchDelay?: number;
  /** The evaluation context of this platform (`channel`, `url`, `path`, `locale`, …), read per decision. */
  context?: () => Record<string, unknown>;
  /** Where errors go (network, storage, a broken ruleset). Default: `console.warn`. */
  logger?: (message: string, error?: unknown) => void;

  storage: Storage;
  transport: Transport;
  clock?: Clock;
  lifecycle?: Lifecycle;
  presenter?: Presenter;
}

export interface DecideOptions {
  /** Merged over the platform's context. */
  context?: Record<string, unknown>;
  event?: { name: string; properties?: Record<string, unknown> };
  /** Ask for each decision's `explanation` (why every candidate offer won or lost). */
  explain?: boolean;
  /** Hybrid mode: called with the edge's decisions when they arrive after the local ones. */
  onUpdate?: (decisions: ClientDecision[]) => void;
}

export interface ClientEvents {
  /** Every event as it is queued. */
  event: QueuedEvent;
  /** A message to show when no presenter is configured. */
  message: MessageDecision;
  /** Fresh decisions: `source` says who made them. */
  decisions: { decisions: ClientDecision[]; source: "local" | "edge" };
  consent: Consent;
  ready: void;
  error: unknown;
}

/** The client core shared by the web and mobile SDKs. */
export interface CoreClient {
  /** Resolves once stored state (identity, cached ruleset and profile) is loaded. */
  readonly ready: Promise<void>;
  /** Links later events and decisions to a known profile; `null` goes back to anonymous. */
  identify(profileId: string | null, profileSignature?: string): Promise<void>;
  /** Decides placements (never rejects; an unknown or failing placement gets `offerId: null`). */
  decide(placements: readonly string[], options?: DecideOptions): Promise<ClientDecision[]>;
  /** Records a custom event and shows the triggered message it wins, if any, with no round trip. */
  track(name: string, properties?: Record<string, unknown>): Promise<MessageDecision | undefined>;
  /** An offer event for content the app rendered itself. */
  report(type: EventType, decisionOrOfferId: ClientDecision | string, properties?: Record<string, unknown>): void;
  /** Shows a message decision through the presenter, after pacing and `shouldShow`. */
  show(decision: MessageDecision): boolean;
  on<K extends keyof ClientEvents>(type: K, fn: (value: ClientEvents[K]) => void): () => void;
  setConsent(consent: Consent): Promise<void>;
  /** Sends queued events now; resolves when this attempt is over. */
  flush(): Promise<void>;
  /** Revalidates the cached ruleset and profile. */
  refresh(): Promise<void>;
  /** Identity and settings, for debugging and adapters. */
  state(): { anonymousId: string; profileId: string | undefined; consent: Consent; mode: Mode; catalogReady: boolean };
  /** Message placements of the ruleset (format `message`), once a ruleset is known (cached or fetched). */
  messagePlacements(): Promise<string[]>;
}

interface Ruleset {
  etag: string | null;
  json: CatalogJson;
}

interface ProfileState {
  id: string;
  audiences: string[];
  attributes: Record<string, unknown>;
  /** The edge's history of this profile, most recent first. */
  history: HistoryEvent[];
  /** Offers a journey or campaign holds for this profile, when the edge sends them. */
  pending?: string[];
  /** Counts for global caps (`{offerId: {"display": n, "display/day": n}}`), when the edge sends them. */
  globalCounts?: Record<string, Record<string, number>>;
}

interface LocalHistoryEvent extends HistoryEvent {
  /** Whose event: the profile id, or the anonymous id. */
  who: string;
}

interface Session {
  /** The platform's session id (`CoreOptions.session`), if it has one. */
  id?: string;
  last: number;
  shown: number;
  shownAt: number;
}

/** What the client keeps about this device and person, stored as one record. */
interface State {
  anonymousId: string;
  profileId?: string;
  signature?: string;
  /** The edge's state of `profileId`, for local decisions. */
  profile?: ProfileState;
  /** This device's recent events. */
  history: LocalHistoryEvent[];
  session: Session;
  /** Journey and campaign messages this device showed lately, or holds for the next opportunity. */
  deliveries?: Deliveries;
}

const STATE_KEY = "ew:s";
const RULESET_KEY = "ew:r";
const HISTORY_LIMIT = 300;
/** Placements per `POST /v1/decide` (the edge refuses more). */
const MAX_PLACEMENTS = 20;
const SESSION_GAP = 30 * 60_000;

const defaultClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => (globalThis as unknown as Timers).setTimeout(fn, ms),
  clearTimeout: (handle) => (globalThis as unknown as Timers).clearTimeout(handle),
};

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const none = (placement: string): ClientDecision => ({ placement, offerId: null, fallback: false });
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** A `GET /v1/profile/:id` body as the client keeps it: malformed parts dropped, so local decisions cannot fail on them. */
function profileState(id: string, body: unknown): ProfileState {
  const b = isObject(body) ? body : {};
  const profile: ProfileState = {
    id,
    audiences: Array.isArray(b.audiences) ? b.audiences.filter((a): a is string => typeof a === "string") : [],
    attributes: isObject(b.attributes) ? b.attributes : {},
    history: Array.isArray(b.history) ? b.history.filter(isObject) as unknown as HistoryEvent[] : [],
  };
  if (Array.isArray(b.pending)) profile.pending = b.pending.filter((p): p is string => typeof p === "string");
  if (isObject(b.globalCounts)) profile.globalCounts = b.globalCounts as ProfileState["globalCounts"];
  return profile;
}

const freshState = (): State => ({ anonymousId: uuid(), history: [], session: { last: 0, shown: 0, shownAt: -Infinity } });

/**
 * Creates the platform-neutral client: identity, consent, the event queue, ruleset and profile
 * caches, local/edge/hybrid decisions and message pacing. Platforms pass their ports.
 *
 * @example
 * const client = createCore({ clientKey: "demo-client-key", edgeUrl: "https://edge.example",
 *   storage: memoryStorage(), transport: { fetch: (u, i) => fetch(u, i), send: () => false } });
 * await client.decide(["home-hero"]);
 */
export function createCore(o: CoreOptions): CoreClient {
  const clock = o.clock ?? defaultClock;
  const mode: Mode = o.mode ?? "hybrid";
  const base = (o.edgeUrl ?? "").replace(/\/+$/, "");
  const log = o.logger ?? ((message: string, error?: unknown) => (globalThis as unknown as { console?: { warn(...a: unknown[]): void } }).console?.warn("[edgewise]", message, error ?? ""));
  const memory = memoryStorage();
  const emitter = createEmitter<ClientEvents>((error) => log("handler failed", error));
  const fail = (message: string) => (error: unknown) => {
    log(message, error);
    emitter.emit("error", error);
  };

  let consent: Consent = o.consent ?? "in";
  let state = freshState();
  let ruleset: Ruleset | undefined;
  let catalog: CompiledCatalog | undefined;
  let triggers: CompiledCatalog | undefined;
  let rulesetLoad: Promise<void> | undefined;
  let profileLoad: Promise<void> | undefined;

  /** Stores the state, when consent allows. */
  const save = () => consent === "in" && o.storage.set(STATE_KEY, state);
  /** The profile's edge state, if it is the current identity's. */
  const known = () => (state.profile?.id === state.profileId ? state.profile : undefined);
  const deliveries = () => (state.deliveries ??= noDeliveries());

  const queue = createQueue({
    storage: () => (consent === "in" ? o.storage : memory),
    canSend: () => consent === "in",
    clock,
    delay: o.batchDelay ?? 1000,
    onError: fail("events not sent"),
    async post(events) {
      const res = await request("POST", "/v1/events", { events });
      const status = res.status;
      const retry = status === 408 || status === 429 || status >= 500;
      if (status > 299 && !retry) log(`events refused: ${status}`);
      return { retry, retryAfter: retryAfterMs(res.headers.get("retry-after"), clock.now()) };
    },
    beacon(events) {
      o.transport.send(`${base}/v1/events?clientKey=${encodeURIComponent(o.clientKey)}`, JSON.stringify({ events }));
    },
  });

  function request(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<TransportResponse> {
    const headers: Record<string, string> = { "x-client-key": o.clientKey, ...extra };
    if (body) headers["content-type"] = "application/json";
    return o.transport.fetch(base + path, { method, headers, body: body && JSON.stringify(body) } as never);
  }

  const ready = load().then(() => emitter.emit("ready", undefined), fail("stored state not loaded"));

  async function load(): Promise<void> {
    if (consent === "out") return forget();
    const [stored, cached] = await Promise.all([o.storage.get<State>(STATE_KEY), o.storage.get<Ruleset>(RULESET_KEY)]);
    if (stored) state = stored;
    if ("profileId" in o) {
      state.profileId = o.profileId;
      state.signature = o.profileSignature;
    }
    void save();
    if (cached) useRuleset(cached);
    void refresh();
    void queue.flush();
  }

  /** Deletes everything this client stored (consent "out"). */
  async function forget(): Promise<void> {
    state = freshState();
    await Promise.all([queue.clear(), ...[STATE_KEY, RULESET_KEY, QUEUE_KEY].map((key) => o.storage.del(key))]);
  }

  function useRuleset(next: Ruleset): void {
    try {
      catalog = compileDeviceRuleset(next.json);
      triggers = undefined;
      ruleset = next;
    } catch (error) {
      fail("bad ruleset")(error);
    }
  }

  /**
   * What `track` evaluates: the ruleset's trigger offers, and its journey and campaign offers
   * (candidates only while the synced profile lists them pending, and then ranked first).
   */
  function triggerCatalog(): CompiledCatalog | undefined {
    if (!triggers && ruleset) {
      const { fallbacks: _ignored, ...json } = ruleset.json;
      triggers = compileDeviceRuleset({ ...json, offers: json.offers.filter((offer) => offer.trigger || offer.orchestrated) });
    }
    return triggers;
  }

  /** Whether a placement is this client's to decide and report: of its channel, or unknown (not in the ruleset yet). */
  function mine(placementId: string): boolean {
    const placement = ruleset?.json.placements.find((p) => p.id === placementId);
    const channel = placement ? channelOf(placement.surface) : undefined;
    return channel === undefined || o.channel === undefined || channel === o.channel;
  }

  function messageIds(): string[] {
    return ruleset ? ruleset.json.placements.filter((p) => p.format === "message" && mine(p.id)).map((p) => p.id) : [];
  }

  /** Whether a decision is a journey or campaign message (marked by the engine, or by the ruleset). */
  const orchestrated = (decision: ClientDecision): boolean =>
    decision.orchestrated === true || ruleset?.json.offers.some((offer) => offer.id === decision.offerId && offer.orchestrated === true) === true;

  async function messagePlacements(): Promise<string[]> {
    await ready;
    if (!ruleset) await rulesetLoad;
    return messageIds();
  }

  function refresh(): Promise<void> {
    if (consent === "out") return Promise.resolve();
    rulesetLoad = fetchRuleset().catch(fail("ruleset not loaded"));
    if (mode !== "edge") profileLoad = fetchProfile().catch(fail("profile not loaded"));
    return Promise.all([rulesetLoad, profileLoad]).then(() => {});
  }

  async function fetchRuleset(): Promise<void> {
    const res = await request("GET", "/v1/ruleset", undefined, ruleset?.etag ? { "if-none-match": ruleset.etag } : undefined);
    if (res.status !== 200) return;
    const next: Ruleset = { etag: res.headers.get("etag"), json: (await res.json()) as CatalogJson };
    useRuleset(next);
    if (ruleset === next && consent === "in") void o.storage.set(RULESET_KEY, next);
  }

  async function fetchProfile(): Promise<void> {
    const id = state.profileId;
    if (!id) return;
    const res = await request("GET", `/v1/profile/${encodeURIComponent(id)}`, undefined, state.signature ? { "x-profile-signature": state.signature } : undefined);
    if (res.status !== 200 || id !== state.profileId) return;
    state.profile = profileState(id, await res.json());
    if (state.profile.pending) keepPending(deliveries(), state.profile.pending);
    void save();
  }

  /** The edge's history of this profile plus this device's events that are newer than it. */
  function currentHistory(): HistoryEvent[] {
    const who = state.profileId ?? state.anonymousId;
    const edgeHistory = known()?.history ?? [];
    const since = edgeHistory.reduce((max, e) => (typeof e.timestamp === "number" ? Math.max(max, e.timestamp) : max), -Infinity);
    return [...edgeHistory, ...state.history.filter((e) => e.who === who && e.timestamp > since)];
  }

  function decideLocally(compiled: CompiledCatalog, placements: readonly string[], context: Record<string, unknown>, event?: DecideOptions["event"], explain?: boolean, withPending = true): ClientDecision[] {
    const profile = known();
    const now = clock.now();
    // Journey and campaign offers the last sync listed (not those this device showed since): they
    // stay pending at the edge until a display of theirs arrives, whoever decided.
    const pending = withPending ? profile?.pending?.filter((id) => !shownRecently(deliveries(), id, now)) : undefined;
    const input = profileInput(compiled, { id: state.profileId ?? state.anonymousId, attributes: profile?.attributes, audiences: profile?.audiences, pending, context, event, history: currentHistory(), now });
    const { decisions } = decide(compiled, { ...input, placements, globalCounts: profile?.globalCounts, explain });
    return decisions;
  }

  /** `POST /v1/decide`, in requests of at most MAX_PLACEMENTS placements (the edge's limit), in parallel. */
  async function decideAtEdge(placements: readonly string[], context: Record<string, unknown>, event?: DecideOptions["event"], explain?: boolean): Promise<ClientDecision[]> {
    const { profileId, signature: profileSignature, anonymousId } = state;
    const batches: string[][] = [];
    for (let i = 0; i < placements.length; i += MAX_PLACEMENTS) batches.push(placements.slice(i, i + MAX_PLACEMENTS));
    const bodies = await Promise.all(
      batches.map(async (batch) => {
        const res = await request("POST", "/v1/decide", { profileId, profileSignature, anonymousId, placements: batch, context, event, explain });
        if (res.status !== 200) throw new Error(`decide: ${res.status}`);
        return (await res.json()) as { decisions: ClientDecision[]; audiences?: string[] };
      }),
    );
    const decisions = bodies.flatMap((body) => body.decisions);
    const profile = known();
    if (profile && bodies[0]?.audiences) profile.audiences = bodies[0].audiences;
    emitter.emit("decisions", { decisions, source: "edge" });
    return decisions;
  }

  async function decidePlacements(asked: readonly string[], options: DecideOptions = {}): Promise<ClientDecision[]> {
    await ready;
    if (consent === "out") return asked.map(none);
    // Another channel's placements are not this client's: answered empty, never asked for.
    const placements = asked.filter(mine);
    if (placements.length < asked.length) {
      log(`not deciding placements of another channel: ${asked.filter((id) => !mine(id)).join(", ")}`);
      const answered = placements.length ? await decidePlacements(placements, options) : [];
      // In the order asked: each placement's decisions (several with a ranking limit), or an empty one.
      return asked.flatMap((id) => {
        const own = answered.filter((d) => d.placement === id);
        return own.length ? own : [none(id)];
      });
    }
    const context = { ...o.context?.(), ...(o.channel ? { channel: o.channel } : {}), ...options.context };
    const local = (): ClientDecision[] | undefined => {
      // Right after `identify`, until its profile is loaded, only the edge knows who this is.
      if (!catalog || (state.profileId && !known())) return undefined;
      const decisions = decideLocally(catalog, placements, context, options.event, options.explain);
      emitter.emit("decisions", { decisions, source: "local" });
      return decisions;
    };
    const fallback = async () => {
      if (!catalog) await rulesetLoad;
      if (mode === "local" && state.profileId && !known()) await profileLoad;
      return local() ?? placements.map(none);
    };
    if (mode === "local") return fallback();
    const fromEdge = decideAtEdge(placements, context, options.event, options.explain);
    const quick = mode === "hybrid" ? local() : undefined;
    if (quick) {
      fromEdge.then((decisions) => options.onUpdate?.(decisions), fail("edge decide failed"));
      return quick;
    }
    return fromEdge.catch((error) => {
      fail("edge decide failed")(error);
      return fallback();
    });
  }

  function enqueue(type: EventType, fields: Partial<QueuedEvent>): void {
    if (consent === "out") return;
    const { profileId, signature, anonymousId } = state;
    const event: QueuedEvent = { id: uuid(), type, anonymousId, timestamp: clock.now(), ...fields };
    if (profileId) {
      event.profileId = profileId;
      if (signature) event.profileSignature = signature;
    }
    const entry: LocalHistoryEvent = { name: type === "track" ? event.name! : type, offerId: event.offerId, timestamp: event.timestamp, who: profileId ?? anonymousId };
    state.history = [...state.history, entry].slice(-HISTORY_LIMIT);
    void save();
    emitter.emit("event", event);
    queue.add(event).catch(fail("event not queued"));
  }

  function report(type: EventType, decisionOrOfferId: ClientDecision | string, properties?: Record<string, unknown>): void {
    const { offerId, placement, token }: Partial<ClientDecision> = typeof decisionOrOfferId === "string" ? { offerId: decisionOrOfferId } : decisionOrOfferId;
    if (placement && !mine(placement)) return log(`not reporting ${type}: ${placement} is another channel's placement`);
    if (type === "display" && offerId && typeof decisionOrOfferId !== "string" && orchestrated(decisionOrOfferId)) markShown(deliveries(), offerId, clock.now());
    if (offerId || token) enqueue(type, JSON.parse(JSON.stringify({ offerId, placement, token, properties })));
  }

  /** The session, started anew after SESSION_GAP without activity or when the platform's session id changes. */
  function currentSession(now: number): Session {
    let session = state.session;
    const id = o.session?.();
    if (id === undefined ? now - session.last > SESSION_GAP : id !== session.id) session = state.session = { id, last: now, shown: 0, shownAt: -Infinity };
    session.last = now;
    return session;
  }

  /** Why pacing keeps any message from showing now (`session`, `interval`), or "". */
  function paced(session: Session, now: number): string {
    return session.shown >= (o.maxPerSession ?? 3) ? "session" : now - session.shownAt < (o.minInterval ?? 30_000) ? "interval" : "";
  }

  function show(decision: MessageDecision): boolean {
    const now = clock.now();
    // What the presenter gets: the decision with the deep-link schemes it may follow (none before a ruleset).
    const presented = { ...decision, deepLinkSchemes: ruleset?.json.deepLinkSchemes ?? [] };
    const isOrchestrated = orchestrated(decision);
    // Already displayed here (the edge has not heard yet, or is hearing now): not shown, not counted.
    if (isOrchestrated && shownRecently(deliveries(), decision.offerId, now)) return false;
    const session = currentSession(now);
    const reason =
      paced(session, now) ||
      (o.shouldShow?.(decision) === false ? "veto" :
      o.presenter && !o.presenter.show(presented, (type, properties) => report(type, decision, properties)) ? "presenter" : "");
    if (reason) {
      report("suppress", decision, { reason });
      // Still pending at the edge (a suppress is no delivery): first in line next time.
      if (isOrchestrated) hold(deliveries(), decision, now);
    } else {
      session.shown++;
      session.shownAt = now;
      if (o.presenter) report("display", decision);
      else {
        if (isOrchestrated) markShown(deliveries(), decision.offerId, now);
        emitter.emit("message", presented);
      }
    }
    void save();
    return !reason;
  }

  /** A journey or campaign message held from an earlier suppression, when pacing lets one show now. */
  function showHeld(): MessageDecision | undefined {
    const now = clock.now();
    const held = nextHeld(deliveries(), now, (d) => mine(d.placement) && !shownRecently(deliveries(), d.offerId!, now));
    if (!held || paced(currentSession(now), now)) return undefined;
    return show(held as MessageDecision) ? (held as MessageDecision) : undefined;
  }

  async function track(name: string, properties?: Record<string, unknown>): Promise<MessageDecision | undefined> {
    await ready;
    if (consent === "out") return undefined;
    const event = properties ? { name, properties } : { name };
    enqueue("track", event);
    if (!catalog) await rulesetLoad;
    const compiled = triggerCatalog();
    if (!compiled) return undefined;
    const context = { ...o.context?.(), ...(o.channel ? { channel: o.channel } : {}) };
    const messages = (decisions: ClientDecision[]) => decisions.filter((d): d is MessageDecision => !!d.offerId && !!d.message);
    // Does this event trigger a message? Only then is it an opportunity to show one…
    const triggered = messages(decideLocally(compiled, messageIds(), context, event, false, false));
    if (triggered.length === 0) return undefined;
    // …where journey and campaign messages come first: one suppressed before, then one the sync lists.
    const held = showHeld();
    if (held) return held;
    for (const winner of messages(decideLocally(compiled, messageIds(), context, event))) {
      if (!winner.orchestrated) report("trigger", winner);
      if (show(winner)) return winner;
    }
    return undefined;
  }

  async function identify(profileId: string | null, signature?: string): Promise<void> {
    await ready;
    if ((profileId ?? undefined) === state.profileId && signature === state.signature) return;
    state.profileId = profileId ?? undefined;
    state.signature = signature;
    void save();
    if (mode !== "edge" && consent !== "out") profileLoad = fetchProfile().catch(fail("profile not loaded"));
  }

  async function setConsent(next: Consent): Promise<void> {
    await ready;
    const previous = consent;
    if (next === previous) return;
    consent = next;
    if (next === "out") await forget();
    if (next === "in") {
      await Promise.all([save(), ruleset && o.storage.set(RULESET_KEY, ruleset)]);
      await queue.adopt(memory);
    }
    if (previous === "out") void refresh();
    emitter.emit("consent", next);
  }

  o.lifecycle?.onHide(() => queue.beacon());
  o.lifecycle?.onResume(() => queue.resume());

  return {
    ready,
    identify,
    decide: decidePlacements,
    track,
    report,
    show,
    on: emitter.on,
    setConsent,
    flush: () => ready.then(queue.flush),
    refresh,
    state: () => ({ anonymousId: state.anonymousId, profileId: state.profileId, consent, mode, catalogReady: !!catalog }),
    messagePlacements,
  };
}

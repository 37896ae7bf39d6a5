import type { Channel } from "@edgewise/decision-engine";
import type { DeviceEngine } from "../engine.ts";
import type { Clock, Lifecycle, Presenter, Storage, Transport } from "../ports.ts";
import type { QueuedEvent } from "../queue.ts";
import type { ClientDecision, EventType, MessageDecision, PreviewState } from "../wire.ts";

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
  /**
   * A preview token (a preview link from the console, `POST /v1/admin/preview`): every decision is
   * asked of the edge with it and explained, the token's offer or variant is forced, and no event
   * is recorded or sent (QA traffic is never counted). The web SDK reads it from the page's
   * `?edgewise_preview=` by itself.
   */
  preview?: string;
  /** Where errors go (network, storage, a broken ruleset). Default: `console.warn`. */
  logger?: (message: string, error?: unknown) => void;

  storage: Storage;
  transport: Transport;
  clock?: Clock;
  lifecycle?: Lifecycle;
  presenter?: Presenter;
  /**
   * Loads the decision engine for decisions on the device; default: a dynamic import of
   * `@edgewise/decision-engine` (its own chunk where the bundler splits code). Called only when
   * needed: never by a page in `edge` mode whose ruleset has no trigger offers and whose edge answers.
   */
  engine?: () => Promise<DeviceEngine>;
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
  /** A preview token's state, from each edge answer while previewing. */
  preview: PreviewState;
  /** A preview started (`true`) or ended (`false`) by `preview()`: screens decide again. */
  previewing: boolean;
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
  /** Resolves once the presenter can show a message (one that loads its renderer lazily has loaded it). */
  prepareMessages(): Promise<void>;
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
  /**
   * Takes a preview token from now on, as the `preview` option does (a preview link opened while
   * the app runs: decisions at the edge, forced and explained, nothing recorded), or ends the
   * preview with `null`. Emits `previewing`; decisions already made stay as they were.
   */
  preview(token: string | null): void;
}

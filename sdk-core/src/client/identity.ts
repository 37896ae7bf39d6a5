import type { HistoryEvent } from "@edgewise/decision-engine";
import { noDeliveries, type Deliveries } from "../deliveries.ts";
import { uuid } from "../util.ts";
import type { CoreContext } from "./context.ts";
import type { Consent } from "./options.ts";

/** The edge's state of a profile as the client keeps it (a `GET /v1/profile/:id` body, checked). */
export interface ProfileState {
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

export interface LocalHistoryEvent extends HistoryEvent {
  /** Whose event: the profile id, or the anonymous id. */
  who: string;
}

export interface Session {
  /** The platform's session id (`CoreOptions.session`), if it has one. */
  id?: string;
  last: number;
  shown: number;
  shownAt: number;
}

/** What the client keeps about this device and person, stored as one record. */
export interface State {
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

export const STATE_KEY = "ew:s";
const HISTORY_LIMIT = 300;

const freshState = (): State => ({ anonymousId: uuid(), history: [], session: { last: 0, shown: 0, shownAt: -Infinity } });

export type Identity = ReturnType<typeof createIdentity>;

/**
 * Identity and consent: who this is (anonymous id, known profile and its signature), whether
 * anything may be stored or sent, and the one record the client keeps about the device and person.
 */
export function createIdentity(ctx: CoreContext) {
  const { options: o } = ctx;
  let consent: Consent = o.consent ?? "in";
  let state = freshState();

  const identity = {
    consent: () => consent,
    setConsent: (next: Consent) => void (consent = next),
    /** The current record (mutable by the parts of the core; `save` stores it). */
    state: () => state,
    /** Stores the record, when consent allows. */
    save: () => consent === "in" && o.storage.set(STATE_KEY, state),
    /** Starts again from nothing (consent "out"). */
    reset: () => void (state = freshState()),
    /** Loads the stored record and applies the options' identity. */
    async load(): Promise<void> {
      const stored = await o.storage.get<State>(STATE_KEY);
      if (stored) state = stored;
      if ("profileId" in o) {
        state.profileId = o.profileId;
        state.signature = o.profileSignature;
      }
      void identity.save();
    },
    /** Sets the known profile; whether anything changed. */
    identify(profileId: string | null, signature: string | undefined): boolean {
      if ((profileId ?? undefined) === state.profileId && signature === state.signature) return false;
      state.profileId = profileId ?? undefined;
      state.signature = signature;
      void identity.save();
      return true;
    },
    /** Whose events and decisions these are: the profile id, or the anonymous id. */
    who: () => state.profileId ?? state.anonymousId,
    /** The profile's edge state, if it is the current identity's. */
    known: () => (state.profile?.id === state.profileId ? state.profile : undefined),
    deliveries: () => (state.deliveries ??= noDeliveries()),
    /** Remembers an event of this device for local decisions (the newest HISTORY_LIMIT). */
    remember(event: LocalHistoryEvent): void {
      state.history = [...state.history, event].slice(-HISTORY_LIMIT);
      void identity.save();
    },
    /** The edge's history of this profile plus this device's events that are newer than it. */
    history(): HistoryEvent[] {
      const who = identity.who();
      const edgeHistory = identity.known()?.history ?? [];
      const since = edgeHistory.reduce((max, e) => (typeof e.timestamp === "number" ? Math.max(max, e.timestamp) : max), -Infinity);
      return [...edgeHistory, ...state.history.filter((e) => e.who === who && e.timestamp > since)];
    },
  };
  return identity;
}

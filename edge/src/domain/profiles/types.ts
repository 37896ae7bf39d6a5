import type { EventType } from "../events/kinds.ts";
import type { Decision } from "@edgewise/decision-engine";
import type { CapCounts } from "../caps/counts.ts";


/** What the Worker asks a profile's object to decide. */
export interface ProfileDecideRequest {
  profileKey: string;
  /** The active catalog version, or `null` when none is published (every placement answers null). */
  catalogVersion: string | null;
  placements: string[];
  profile: Record<string, unknown>;
  audiences: string[];
  context: Record<string, unknown>;
  event?: { name: string; properties?: Record<string, unknown> };
  explain: boolean;
  globalCounts: Record<string, CapCounts>;
  /** A dry run (`POST /v1/admin/simulate`): these overrides, and nothing stored. */
  simulate?: SimulationOverrides;
}

/** What a simulation replaces of the profile's state; `profile: true` means `profile` is the override as is. */
export interface SimulationOverrides {
  history?: HistoryEntry[];
  now?: number;
  audiences?: string[];
  profile?: boolean;
  /** Forced experiment variants, `{experimentId: variantId}` (QA). */
  variants?: Record<string, string>;
  /** Offers to preview (QA): shown first on their placements, whatever their eligibility, caps or schedule. */
  offers?: string[];
}

export interface ProfileDecision extends Decision {
  decisionId: string;
}

export interface ProfileDecideResult {
  decisions: ProfileDecision[];
  /** Epoch ms at which the decision was made. */
  decidedAt: number;
  /** The audiences the decision used: the snapshot's plus real-time ones (absent without a catalog). */
  audiences?: string[];
  /** Simulations only: the offers journeys and campaigns held for the profile. */
  pending?: string[];
}

/** A validated event, as a profile's object ingests it. */
export interface ProfileEvent {
  id: string;
  type: EventType;
  /** `name` for `track` events, the type for the others. */
  name: string;
  offerId?: string;
  placement?: string;
  /** From a verified decision token: settles that decision's reservation. */
  decisionId?: string;
  timestamp: number;
  /** The event's properties (journey triggers' and `wait_for`'s `when` rules read them). */
  properties?: Record<string, unknown>;
  /** The offer has a global cap: the event is counted by its GlobalCapCounter. */
  global?: boolean;
  /** A `display` of an experiment's decision: the profile's exposure (its first display counts). */
  experimentId?: string;
  variantId?: string;
  /** Its name is an experiment's conversion event: kept for the experiments' reports. */
  metric?: true;
  /** A display while the catalog has a holdout: the profile's group in the holdout's report. */
  holdout?: "holdout" | "treated";
}

export type IngestOutcome = "accepted" | "duplicate";

export interface HistoryEntry {
  name: string;
  offerId?: string;
  timestamp: number;
}

/** Per offer and event name: counts in the current UTC day, week, month and lifetime. */
export type ProfileCapCounters = Record<string, Record<string, { day: number; week: number; month: number; lifetime: number; lastAt: number }>>;

export interface ProfileSummary {
  /** Most recent first, at most 100. */
  history: HistoryEntry[];
  caps: ProfileCapCounters;
  /** Decisions whose display has not been reported yet (counted as displays for caps). */
  pendingReservations: number;
}

/** What the Worker asks a profile's object for `GET /v1/profile/:id`. */
export interface ProfileSyncRequest {
  profileKey: string;
  catalogVersion: string | null;
  /** The profile as decisions see it: the snapshot's attributes and `id`. */
  profile: Record<string, unknown>;
  /** The snapshot's audiences. */
  audiences: string[];
}

export interface ProfileSync extends ProfileSummary {
  /** The snapshot's attributes plus those journey `set` steps wrote. */
  attributes: Record<string, unknown>;
  /** The snapshot's audiences plus the real-time audiences that hold now. */
  audiences: string[];
  /** Offers journeys and campaigns hold for this profile (DESIGN.md: "the next decision or sync … delivers it"). */
  pending: string[];
}

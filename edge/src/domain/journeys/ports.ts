import type { CompiledCatalog } from "@edgewise/decision-engine";
import type { Pointer } from "./definitions.ts";

/** A profile's place in one journey, between transitions (always at a `wait` or `wait_for`). */
export interface Instance {
  journeyId: string;
  version: string;
  pointer: Pointer;
  /** When the wait ends or the `wait_for` times out (epoch ms). */
  dueAt: number;
  /** For `wait_for`: the event name awaited, and the offer it must concern (if any). */
  waitEvent: string | null;
  waitOffer: string | null;
  enteredAt: number;
  /** The offer of the instance's latest `message` step (what `wait_for: display` refers to). */
  lastOffer: string | null;
}

/** An offer a journey step or campaign made pending, and what to credit when it is delivered. */
export interface Pending {
  offerId: string;
  source: "journey" | "campaign";
  ref: string;
  version: string;
  step: string;
  createdAt: number;
  expiresAt: number;
}

export type Attribution = Omit<Pending, "createdAt" | "expiresAt" | "offerId">;

/**
 * Journey and campaign state of one profile (a Durable Object's SQLite at the edge). Every method
 * is synchronous: a caller that does not await in between makes one atomic transition.
 */
export interface JourneyRecords {
  /** Forgets everything cached (e.g. after the object's storage was deleted). */
  reset(): void;
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  /** The profile's journey instances, by journey id. */
  instances(): Map<string, Instance>;
  saveInstance(instance: Instance): void;
  deleteInstance(journeyId: string): void;
  /** The earliest wait, timeout or pending expiry, if any. */
  nextDue(): number | undefined;
  /** A journey version's definition stored with its instances. */
  definition(journeyId: string, version: string): string | undefined;
  saveDefinition(journeyId: string, version: string, definition: string): void;
  pruneDefinitions(): void;
  lastEntry(journeyId: string): number | undefined;
  recordEntry(journeyId: string, now: number): void;
  /** Offers journeys and campaigns made pending, oldest first. */
  pending(): Pending[];
  addPending(pending: Pending): void;
  /** Removes one pending offer, or (without `offerId`) all of a journey's or campaign's. */
  removePending(source: Pending["source"], ref: string, offerId?: string): void;
  expirePending(now: number): void;
  attribution(offerId: string, now: number): Attribution | undefined;
  attribute(offerId: string, attribution: Attribution, expiresAt: number): void;
  campaignDeliveries(campaignId: string): number;
  recordCampaignDelivery(campaignId: string, now: number): void;
  /** Pending offers leased to a decision, by offer id (their decision id), while the lease lasts. */
  leases(now: number): Map<string, string>;
  lease(offerId: string, decisionId: string, until: number): void;
  /** Ends the lease of `offerId` (only the one of `decisionId`, when given). */
  endLease(offerId: string, decisionId?: string): void;
  /** Profile attributes written by `set` steps (they override the snapshot's). */
  attributes(): Record<string, unknown>;
  setAttributes(values: Record<string, unknown>): void;
  /** Drops expired attributions, leases and pending offers. */
  trim(now: number): void;
  /** Nothing that must outlive the profile's history. */
  isEmpty(): boolean;
}

/** What journey rules see of a profile besides the event: its snapshot attributes and audiences. */
export interface ProfileFacts {
  profile: Record<string, unknown>;
  audiences: string[];
}

/** Where a profile's journeys read the world: the active catalog, and the profile's facts. */
export interface JourneySources {
  /** The active catalog, compiled (`null` when none is published). */
  activeCatalog(): Promise<CompiledCatalog | null>;
  /** The profile's facts (`p:<id>` keys: from the active snapshot; anonymous keys have none). */
  profileFacts(profileKey: string): Promise<ProfileFacts>;
}

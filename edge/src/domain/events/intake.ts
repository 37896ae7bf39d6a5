import { HOLDOUT_ID, type CatalogFacts } from "../catalogs/facts.ts";
import { anonymousKeyOf, resolveIdentity } from "../identity/identity.ts";
import { DECISION_TOKEN_TTL_MS, verifyDecisionToken } from "../identity/tokens.ts";
import type { ProfileEvent } from "../profiles/types.ts";
import { Refusal } from "../shared/refusal.ts";
import type { JsonObject } from "../shared/checks.ts";
import type { ClientEvent as WireEvent } from "./kinds.ts";

/**
 * One event of `POST /v1/events` as the client sent it (the wire's `ClientEvent`), its shape
 * checked: a name always (the type's, for offer events), properties JSON.
 */
export interface ClientEvent extends Omit<WireEvent, "name" | "properties"> {
  name: string;
  properties?: JsonObject;
}

/** What intake checks events against: the active catalog and the one before it (recently active). */
export interface IntakeCatalogs {
  active: CatalogFacts | null;
  previous: CatalogFacts | null;
}

export interface IntakeSecrets {
  /** Signs decision tokens (a token is checked against it). */
  token: string;
  /** Secure mode's secret, when on. */
  identity: string | undefined;
}

/** An event admitted by intake, on its way to its profile (or only to the counts). */
export interface AdmittedEvent {
  index: number;
  profileKey: string;
  /** Stored in the profile's history; else (an anonymous visitor's event nothing reads back) only counted. */
  stored: boolean;
  event: ProfileEvent;
}

const knows = (catalogs: IntakeCatalogs, offerId: string) => !!(catalogs.active?.offers.has(offerId) || catalogs.previous?.offers.has(offerId));
const globallyCapped = (catalogs: IntakeCatalogs, offerId: string) =>
  !!(catalogs.active?.globalCappedOffers.has(offerId) || catalogs.previous?.globalCappedOffers.has(offerId));

/**
 * Admits one event: resolves its profile (secure mode) and checks its decision token — a forged
 * one, one issued for another profile (than the event's, or this device's anonymous id) or older
 * than DECISION_TOKEN_TTL_MS, or one naming another offer or placement refuses the event; so does an
 * offer that neither catalog has (`unknown_offer`: made-up offers create no counters).
 */
export async function admitEvent(
  event: ClientEvent,
  index: number,
  catalogs: IntakeCatalogs,
  secrets: IntakeSecrets,
  batchSignature: string | undefined,
  now: number,
): Promise<AdmittedEvent> {
  const path = `$.events[${index}]`;
  const identity = await resolveIdentity({ ...event, profileSignature: event.profileSignature ?? batchSignature }, secrets.identity);
  const admitted: ProfileEvent = { id: event.id, type: event.type, name: event.name, timestamp: event.timestamp };
  let { offerId, placement } = event;
  if (event.token !== undefined) {
    const claims = await verifyDecisionToken(secrets.token, event.token);
    if (!claims) throw new Refusal("invalid", "invalid_token", "the decision token is not valid", `${path}.token`);
    if (claims.profileKey !== identity.profileKey && claims.profileKey !== anonymousKeyOf(event.anonymousId)) {
      throw new Refusal("invalid", "token_mismatch", "the token was issued for another profile", `${path}.token`);
    }
    if (now - claims.issuedAt > DECISION_TOKEN_TTL_MS) {
      throw new Refusal("invalid", "token_expired", `the token is older than ${DECISION_TOKEN_TTL_MS / 86_400_000} days`, `${path}.token`);
    }
    if (offerId !== undefined && claims.offerId !== null && claims.offerId !== offerId) {
      throw new Refusal("invalid", "token_mismatch", "the token was issued for another offer", `${path}.offerId`);
    }
    if (placement !== undefined && claims.placement !== placement) {
      throw new Refusal("invalid", "token_mismatch", "the token was issued for another placement", `${path}.placement`);
    }
    offerId ??= claims.offerId ?? undefined;
    placement ??= claims.placement;
    admitted.decisionId = claims.decisionId;
    if (event.experimentId !== undefined && (event.experimentId !== claims.experimentId || event.variantId !== claims.variantId)) {
      throw new Refusal("invalid", "token_mismatch", "the token was issued for another experiment or variant", `${path}.experimentId`);
    }
    if (event.type === "display" && claims.experimentId !== undefined) exposure(admitted, catalogs, claims.experimentId, claims.variantId!);
    if (event.type === "display" && claims.holdout !== undefined) admitted.holdout = claims.holdout ? "holdout" : "treated";
  } else if (offerId !== undefined && !knows(catalogs, offerId)) {
    throw new Refusal("invalid", "unknown_offer", `no active or recent catalog has an offer "${offerId}"`, `${path}.offerId`);
  }
  if (offerId !== undefined) {
    admitted.offerId = offerId;
    admitted.global = globallyCapped(catalogs, offerId);
  }
  if (placement !== undefined) admitted.placement = placement;
  // A device deciding locally has no token: its display names the experiment and variant itself.
  if (event.type === "display" && admitted.experimentId === undefined && event.experimentId !== undefined && event.variantId !== undefined) {
    if (!exposure(admitted, catalogs, event.experimentId, event.variantId)) {
      throw new Refusal("invalid", "unknown_variant", `no active or recent catalog has an experiment "${event.experimentId}" with a variant "${event.variantId}"`, `${path}.variantId`);
    }
  }
  // A device deciding locally: its display says whether the profile is held out (the decision's flag).
  if (event.type === "display" && event.token === undefined && catalogs.active?.experiments.has(HOLDOUT_ID)) admitted.holdout = event.holdout === true ? "holdout" : "treated";
  if (catalogs.active?.experimentMetrics.has(admitted.name) || catalogs.previous?.experimentMetrics.has(admitted.name)) admitted.metric = true;
  if (event.properties !== undefined) admitted.properties = event.properties; // for journeys' `when` rules
  const stored = identity.profileId !== undefined || admitted.decisionId !== undefined || !!catalogs.active?.namesThatMatter.has(admitted.name);
  return { index, profileKey: identity.profileKey, stored, event: admitted };
}

/** Marks a display as an experiment's exposure when the experiment and its variant exist; false if not. */
function exposure(admitted: ProfileEvent, catalogs: IntakeCatalogs, experimentId: string, variantId: string): boolean {
  const experiment = catalogs.active?.experiments.get(experimentId) ?? catalogs.previous?.experiments.get(experimentId);
  if (!experiment?.variants.some((variant) => variant.id === variantId)) return false;
  admitted.experimentId = experimentId;
  admitted.variantId = variantId;
  return true;
}

/** Admitted events by destination, in their batch order: each profile's stored ones, and those only counted. */
export function destinations(admitted: readonly AdmittedEvent[]): { byProfile: Map<string, ProfileEvent[]>; counted: AdmittedEvent[] } {
  const byProfile = new Map<string, ProfileEvent[]>();
  const counted: AdmittedEvent[] = [];
  for (const item of [...admitted].sort((a, b) => a.index - b.index)) {
    if (!item.stored) {
      counted.push(item);
      continue;
    }
    const list = byProfile.get(item.profileKey) ?? [];
    list.push(item.event);
    byProfile.set(item.profileKey, list);
  }
  return { byProfile, counted };
}

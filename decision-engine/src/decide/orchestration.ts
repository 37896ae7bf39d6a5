import { at, isRecord } from "./paths.ts";

/** An offer named by a journey's `message` step or a campaign, with the JSON path of the reference. */
export interface OfferReference {
  offerId: unknown;
  path: string;
}

/**
 * Every offer that journeys (`message` steps) and campaigns (those with an `offer`) deliver. Such
 * offers are never ordinary candidates: they reach a profile only when a journey step or campaign
 * makes them pending.
 */
export function orchestratedOfferReferences(journeys: unknown, campaigns: unknown): OfferReference[] {
  const found: OfferReference[] = [];
  if (Array.isArray(journeys)) {
    journeys.forEach((journey, i) => {
      if (isRecord(journey)) collectSteps(journey["steps"], at(at("$.journeys", i), "steps"), found);
    });
  }
  if (Array.isArray(campaigns)) {
    campaigns.forEach((campaign, i) => {
      // A campaign with an `action` instead posts to a webhook: no offer.
      if (isRecord(campaign) && campaign["offer"] !== undefined) found.push({ offerId: campaign["offer"], path: at(at("$.campaigns", i), "offer") });
    });
  }
  return found;
}

function collectSteps(steps: unknown, path: string, found: OfferReference[]): void {
  if (!Array.isArray(steps)) return;
  steps.forEach((step, i) => {
    if (!isRecord(step)) return;
    const stepPath = at(path, i);
    if ("message" in step) found.push({ offerId: step["message"], path: at(stepPath, "message") });
    collectSteps(step["then"], at(stepPath, "then"), found);
    collectSteps(step["else"], at(stepPath, "else"), found);
  });
}

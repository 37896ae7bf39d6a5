/** The counters statistics keep, written once for the adapter that stores them and the API that shows them. */
import { OFFER_EVENT_TYPES } from "../events/kinds.ts";

/** Offer events counted per offer, placement and UTC day. */
export const OFFER_METRICS = OFFER_EVENT_TYPES;
export type OfferMetric = (typeof OFFER_METRICS)[number];

/** Journey counters, per version and step; `waiting` is a gauge (+1/−1). */
export const STEP_METRICS = ["entered", "waiting", "completed", "exited", "timed_out", "limited", "delivered", "displayed", "interacted", "dismissed"] as const;
export type StepMetric = (typeof STEP_METRICS)[number];

export const CAMPAIGN_METRICS = ["reached", "delivered", "displayed", "interacted", "dismissed"] as const;
export type CampaignMetric = (typeof CAMPAIGN_METRICS)[number];

export type OfferStats = { offerId: string; placement: string | null } & Record<OfferMetric, number>;
export type StepStats = { version: string; step: string } & Record<StepMetric, number>;
export type JourneyStats = { journeyId: string } & Record<StepMetric, number> & { steps: StepStats[] };
export type CampaignStats = {
  campaignId: string;
  status: string | null;
  audience: string | null;
  offerId: string | null;
  openedAt: string | null;
  closedAt: string | null;
} & Record<CampaignMetric, number>;

export const zero = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

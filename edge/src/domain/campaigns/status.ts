import type { Campaign } from "../journeys/definitions.ts";

export type CampaignStatus = "scheduled" | "open" | "closed" | "paused" | "withdrawn";

/** A campaign's recorded state, as the statistics keep it. */
export interface CampaignState {
  campaignId: string;
  status: CampaignStatus;
  openedAt: string | null;
}

/** A change to record: the campaign's new state (`campaign` absent for one withdrawn from the catalog). */
export interface CampaignChange {
  campaignId: string;
  status: CampaignStatus;
  openedAt: string | null;
  closedAt: string | null;
  campaign?: Campaign;
}

/**
 * What the cron records (DESIGN.md: campaigns open and close by their schedule): each campaign of
 * the active catalog whose status differs from the one recorded (`scheduled`, `open`, `closed`,
 * `paused`, with when it opened and closed), and each recorded one no longer in the catalog
 * (`withdrawn`). Delivery checks the window on every decision itself; this is the record.
 *
 * @example campaignChanges(journeysOf(catalog).campaigns, recorded, Date.now())
 */
export function campaignChanges(campaigns: readonly Campaign[], recorded: readonly CampaignState[], now: number): CampaignChange[] {
  const known = new Map(recorded.map((state) => [state.campaignId, state]));
  const iso = new Date(now).toISOString();
  const changes: CampaignChange[] = [];
  for (const campaign of campaigns) {
    const status: CampaignStatus = campaign.paused ? "paused" : now < campaign.start ? "scheduled" : now < campaign.end ? "open" : "closed";
    const previous = known.get(campaign.id);
    known.delete(campaign.id);
    if (previous?.status === status) continue;
    const openedAt = status === "open" && !previous?.openedAt ? iso : (previous?.openedAt ?? null);
    changes.push({ campaignId: campaign.id, status, openedAt, closedAt: status === "closed" ? iso : null, campaign });
  }
  for (const [campaignId, state] of known) {
    if (state.status === "withdrawn" || state.status === "closed") continue;
    changes.push({ campaignId, status: "withdrawn", openedAt: state.openedAt, closedAt: iso });
  }
  return changes;
}

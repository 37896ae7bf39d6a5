import type { Campaign } from "../journeys/definitions.ts";
import { destinationName, type CatalogDestinations, type Destination } from "./destinations.ts";
import type { CampaignJob } from "./ports.ts";

/** What starting and stopping campaign actions needs: the destinations' objects. */
export interface CampaignActionPort {
  start(name: string, destination: Destination, job: CampaignJob): Promise<boolean>;
  stop(name: string, campaignId: string): Promise<boolean>;
}

/**
 * Starts the job of every open campaign with an `action` (once per campaign and schedule: a second
 * start changes nothing) over the active snapshot, and stops those of paused or closed ones (what
 * they queued is still sent). Called by the cron every minute and right after a publish. Answers
 * the campaigns started now. Without an active snapshot there is no audience to read: nothing starts.
 */
export async function syncCampaignActions(
  campaigns: readonly Campaign[],
  catalogVersion: string,
  destinations: CatalogDestinations,
  snapshot: { vid: number; shards: number } | null,
  port: CampaignActionPort,
  now: number,
): Promise<string[]> {
  const started: string[] = [];
  await Promise.all(
    campaigns.map(async (campaign) => {
      const destination = campaign.action && destinations.webhooks.get(campaign.action.webhook);
      if (!destination) return;
      const name = destinationName("webhook", destination.id);
      const open = !campaign.paused && now >= campaign.start && now < campaign.end;
      if (!open) {
        if (now >= campaign.start) await port.stop(name, campaign.id);
        return;
      }
      if (!snapshot) return;
      const job: CampaignJob = {
        campaignId: campaign.id, opens: campaign.start, catalogVersion, audience: campaign.audience,
        vid: snapshot.vid, shards: snapshot.shards, shard: 0, cursor: "", queued: 0, done: false, startedAt: now,
      };
      if (await port.start(name, destination, job)) started.push(campaign.id);
    }),
  );
  return started;
}

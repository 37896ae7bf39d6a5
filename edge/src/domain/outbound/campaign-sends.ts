import { profileInput, type CompiledCatalog } from "@edgewise/decision-engine";
import { renderActionBody } from "./action-body.ts";
import type { CampaignJob, NewDelivery } from "./ports.ts";
import { stableDeliveryId } from "./signing.ts";

/** Where a campaign job reads its audience: pages of a snapshot version's shard, and catalog versions. */
export interface CampaignSource {
  /** Rows of `shard` in snapshot `vid` with ids after `after`, in id order, at most `limit`. */
  page(vid: number, shard: number, after: string, limit: number): Promise<{ id: string; state: string }[]>;
  catalog(version: string): Promise<CompiledCatalog | null>;
}

/**
 * The next deliveries of a campaign action: reads one page of the snapshot the job started with,
 * keeps the profiles in the campaign's audience (the snapshot's audiences and the catalog's
 * real-time ones, as decisions see them) and renders the action's body for each. A delivery's id
 * is derived from the campaign and the profile, so a page read twice adds nothing twice. Answers
 * the job moved on (its cursor, or done).
 */
export async function nextCampaignPage(job: CampaignJob, source: CampaignSource, pageSize: number, now: number): Promise<{ job: CampaignJob; deliveries: NewDelivery[] }> {
  const catalog = await source.catalog(job.catalogVersion);
  const campaign = catalog?.source.campaigns?.find((c) => c.id === job.campaignId);
  if (!catalog || !campaign?.action || job.shard >= job.shards) return { job: { ...job, done: true }, deliveries: [] };
  const rows = await source.page(job.vid, job.shard, job.cursor, pageSize);
  const deliveries: NewDelivery[] = [];
  for (const row of rows) {
    const state = JSON.parse(row.state) as { attributes?: Record<string, unknown>; audiences?: string[] };
    const input = profileInput(catalog, { id: row.id, attributes: state.attributes, audiences: state.audiences, now });
    if (!input.audiences.includes(campaign.audience)) continue;
    const body = renderActionBody(campaign.action, { ...input, audiences: [...input.audiences], campaign: { id: campaign.id } });
    if (body === undefined) {
      console.error(`campaign ${campaign.id}: the body for ${row.id} is over the size limit; not sent`);
      continue;
    }
    deliveries.push({ id: await stableDeliveryId(`campaign:${campaign.id}@${job.opens}|${row.id}`), source: `campaign:${campaign.id}`, body, createdAt: now });
  }
  const next: CampaignJob =
    rows.length < pageSize
      ? { ...job, shard: job.shard + 1, cursor: "", done: job.shard + 1 >= job.shards }
      : { ...job, cursor: rows[rows.length - 1]!.id };
  return { job: { ...next, queued: job.queued + deliveries.length }, deliveries };
}

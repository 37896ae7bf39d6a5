import { Statistics } from "../adapters/d1/statistics.ts";
import { readActiveCatalog } from "../adapters/kv/catalog-store.ts";
import { loadCatalogOrNull } from "../adapters/kv/compiled-catalogs.ts";
import { campaignChanges, type CampaignStatus } from "../domain/campaigns/status.ts";
import { journeysOf } from "../domain/journeys/definitions.ts";
import { syncActiveCampaignActions } from "../adapters/outbound.ts";
import type { Env } from "../env.ts";

/**
 * The Cron Trigger (every minute, wrangler.jsonc): records each campaign of the active catalog that
 * opened, closed, was paused or withdrawn (`campaignChanges`) in the statistics, which
 * `GET /v1/admin/stats` reports; starts the open campaigns' webhook actions and stops the paused or
 * closed ones (adapters/outbound.ts). Returns the changes made.
 */
export async function runCampaignCron(env: Env, now: number): Promise<{ campaignId: string; status: CampaignStatus }[]> {
  const active = await readActiveCatalog(env.CATALOGS);
  const catalog = active ? await loadCatalogOrNull(env.CATALOGS, active.version) : null;
  const statistics = new Statistics(env.STATS_DB);
  const changes = campaignChanges(catalog ? journeysOf(catalog.compiled).campaigns : [], await statistics.campaignStates(), now);
  await statistics.recordCampaignChanges(changes, now);
  await syncActiveCampaignActions(env, now);
  return changes.map(({ campaignId, status }) => ({ campaignId, status }));
}

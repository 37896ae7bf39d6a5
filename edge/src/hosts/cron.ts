import type { Env } from "../env.ts";
import { journeysOf } from "../domain/journeys/definitions.ts";
import { loadCatalogOrNull, readActiveCatalog } from "../adapters/kv/catalog-store.ts";

export type CampaignStatus = "scheduled" | "open" | "closed" | "paused" | "withdrawn";

/**
 * The Cron Trigger's work (every minute, wrangler.jsonc): opens and closes the active catalog's
 * campaigns by their schedule and records each change in D1 `campaign_state` (`opened_at`,
 * `closed_at`), which `GET /v1/admin/stats` reports. A campaign no longer in the catalog is
 * `withdrawn`. Delivery itself checks the window on every decision, so it starts and stops on
 * time even between two runs. Returns the changes made.
 */
export async function runCampaignCron(env: Env, now: number): Promise<{ campaignId: string; status: CampaignStatus }[]> {
  const active = await readActiveCatalog(env.CATALOGS);
  const catalog = active ? await loadCatalogOrNull(env.CATALOGS, active.version) : null;
  const campaigns = catalog ? journeysOf(catalog.compiled).campaigns : [];
  const { results } = await env.STATS_DB.prepare("SELECT campaign_id, status, opened_at FROM campaign_state").all<{
    campaign_id: string; status: CampaignStatus; opened_at: string | null;
  }>();
  const known = new Map(results.map((row) => [row.campaign_id, row]));
  const iso = new Date(now).toISOString();
  const changes: { campaignId: string; status: CampaignStatus }[] = [];
  const statements: D1PreparedStatement[] = [];
  const upsert = env.STATS_DB.prepare(
    `INSERT INTO campaign_state (campaign_id, status, audience, offer_id, starts_at, ends_at, opened_at, closed_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
     ON CONFLICT (campaign_id) DO UPDATE SET status = ?2, audience = ?3, offer_id = ?4, starts_at = ?5, ends_at = ?6,
       opened_at = ?7, closed_at = ?8, updated_at = ?9`,
  );
  for (const campaign of campaigns) {
    const status: CampaignStatus = campaign.paused ? "paused" : now < campaign.start ? "scheduled" : now < campaign.end ? "open" : "closed";
    const previous = known.get(campaign.id);
    known.delete(campaign.id);
    if (previous?.status === status) continue;
    const openedAt = status === "open" && !previous?.opened_at ? iso : (previous?.opened_at ?? null);
    statements.push(
      upsert.bind(
        campaign.id, status, campaign.audience, campaign.offer, new Date(campaign.start).toISOString(), new Date(campaign.end).toISOString(),
        openedAt, status === "closed" ? iso : null, iso,
      ),
    );
    changes.push({ campaignId: campaign.id, status });
  }
  for (const [campaignId, row] of known) {
    if (row.status === "withdrawn" || row.status === "closed") continue;
    statements.push(
      env.STATS_DB.prepare("UPDATE campaign_state SET status = 'withdrawn', closed_at = ?2, updated_at = ?2 WHERE campaign_id = ?1").bind(campaignId, iso),
    );
    changes.push({ campaignId, status: "withdrawn" });
  }
  if (statements.length > 0) await env.STATS_DB.batch(statements);
  return changes;
}

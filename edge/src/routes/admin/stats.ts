import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { journeysOf } from "../../domain/journeys/definitions.ts";
import { readJourneyStats } from "../../adapters/d1/journey-stats.ts";
import { loadCatalogOrNull, readActiveCatalog } from "../../adapters/kv/catalog-store.ts";
import { readOfferStats } from "../../adapters/d1/offer-stats.ts";

/**
 * `GET /v1/admin/stats[?offerId=][&journeyId=][&campaignId=]` → `{offers: [{offerId, placement,
 * trigger, display, interact, dismiss, suppress, conversion}], journeys: [{journeyId, entered,
 * waiting, completed, exited, timed_out, limited, delivered, displayed, interacted, dismissed,
 * steps: [{version, step, …the same counters}]}], campaigns: [{campaignId, status, audience, offerId,
 * openedAt, closedAt, reached, delivered, displayed, interacted, dismissed}]}`, aggregated by the
 * events queue consumer (lags intake by about the queue's batch timeout). The active catalog's
 * journeys and campaigns are listed even before anything is counted.
 */
export const statsRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const offerId = c.req.query("offerId");
  const journeyId = c.req.query("journeyId");
  const campaignId = c.req.query("campaignId");
  const active = await readActiveCatalog(c.env.CATALOGS);
  const catalog = active ? await loadCatalogOrNull(c.env.CATALOGS, active.version) : null;
  const set = catalog ? journeysOf(catalog.compiled) : undefined;
  const [offers, orchestration] = await Promise.all([
    readOfferStats(c.env.STATS_DB, offerId === undefined ? {} : { offerId }),
    readJourneyStats(c.env.STATS_DB, {
      journeys: set ? [...set.byId.keys()] : [],
      campaigns: set ? set.campaigns.map((campaign) => campaign.id) : [],
    }),
  ]);
  return c.json({
    offers,
    journeys: orchestration.journeys.filter((j) => journeyId === undefined || j.journeyId === journeyId),
    campaigns: orchestration.campaigns.filter((k) => campaignId === undefined || k.campaignId === campaignId),
  });
});

import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { PARAMETERS, parseParameters } from "../bodies/parameters.ts";
import { Statistics } from "../../adapters/d1/statistics.ts";
import { loadFacts, readActiveCatalog } from "../../adapters/kv/catalog-store.ts";
import { activeDestinations } from "../../adapters/outbound.ts";
import { outboundDestination } from "../../adapters/stubs.ts";
import { destinationName } from "../../domain/outbound/destinations.ts";

/**
 * `GET /v1/admin/stats[?offerId=][&journeyId=][&campaignId=]` → `{offers: [{offerId, placement,
 * trigger, display, interact, dismiss, suppress, conversion}], journeys: [{journeyId, entered,
 * waiting, completed, exited, timed_out, limited, delivered, displayed, interacted, dismissed,
 * steps: [{version, step, …the same counters}]}], campaigns: [{campaignId, status, audience, offerId,
 * openedAt, closedAt, reached, delivered, displayed, interacted, dismissed}], outbound: [{destination,
 * kind, url, pending, retrying, delivered, failed, deadLetters, dropped, eventsForwarded,
 * eventsBuffered, p95LatencyMs, lastDeliveredAt}]}` (the outbound counts per webhook and forwarding
 * destination of the active catalog, from their objects), aggregated by the
 * events queue consumer (lags intake by about the queue's batch timeout). The active catalog's
 * journeys and campaigns are listed even before anything is counted.
 */
export const statsRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const { offerId, journeyId, campaignId } = parseParameters(PARAMETERS.statsQuery, c.req.query());
  const active = await readActiveCatalog(c.env.CATALOGS);
  const facts = active ? await loadFacts(c.env.CATALOGS, active.version) : null;
  const statistics = new Statistics(c.env.STATS_DB);
  const { webhooks, forwarding } = await activeDestinations(c.env);
  const [offers, orchestration, outbound] = await Promise.all([
    statistics.offerStats(offerId === undefined ? {} : { offerId }),
    statistics.journeyStats({
      journeys: [...(facts?.journeys ?? [])],
      campaigns: [...(facts?.campaigns ?? [])],
    }),
    Promise.all(
      [...webhooks.values(), ...forwarding].map(async (destination) => {
        const { destination: _known, jobs: _jobs, lastDeliveredAt, ...counts } = await outboundDestination(c.env, destinationName(destination.kind, destination.id)).stats();
        return { destination: destination.id, kind: destination.kind, url: destination.url, ...counts, lastDeliveredAt: lastDeliveredAt === null ? null : new Date(lastDeliveredAt).toISOString() };
      }),
    ),
  ]);
  return c.json({
    offers,
    journeys: orchestration.journeys.filter((j) => journeyId === undefined || j.journeyId === journeyId),
    campaigns: orchestration.campaigns.filter((k) => campaignId === undefined || k.campaignId === campaignId),
    outbound,
  });
});

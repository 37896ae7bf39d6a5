import { syncCampaignActions } from "../domain/outbound/campaign-actions.ts";
import { destinationsOf, type CatalogDestinations } from "../domain/outbound/destinations.ts";
import { journeysOf } from "../domain/journeys/definitions.ts";
import type { Env } from "../env.ts";
import { readActiveCatalog } from "./kv/catalog-store.ts";
import { loadCatalogOrNull } from "./kv/compiled-catalogs.ts";
import { readActiveSnapshot } from "./snapshot-store.ts";
import { outboundDestination } from "./stubs.ts";

const NO_DESTINATIONS: CatalogDestinations = { webhooks: new Map(), forwarding: [] };

/** The active catalog's webhooks and forwarding destinations (compiled once per isolate). */
export async function activeDestinations(env: Env): Promise<CatalogDestinations> {
  const active = await readActiveCatalog(env.CATALOGS);
  const catalog = active ? await loadCatalogOrNull(env.CATALOGS, active.version) : null;
  return catalog ? destinationsOf(catalog.compiled) : NO_DESTINATIONS;
}

/**
 * Starts the open campaign actions of the active catalog over the active snapshot, and stops the
 * paused or closed ones (domain/outbound/campaign-actions.ts). Answers the campaigns started now.
 */
export async function syncActiveCampaignActions(env: Env, now: number): Promise<string[]> {
  const active = await readActiveCatalog(env.CATALOGS);
  const catalog = active ? await loadCatalogOrNull(env.CATALOGS, active.version) : null;
  if (!active || !catalog) return [];
  const campaigns = journeysOf(catalog.compiled).campaigns.filter((c) => c.action);
  if (campaigns.length === 0) return [];
  const snapshot = await readActiveSnapshot(env.SNAPSHOTS);
  return syncCampaignActions(campaigns, active.version, destinationsOf(catalog.compiled), snapshot, {
    start: (name, destination, job) => outboundDestination(env, name).startCampaign(destination, job),
    stop: (name, campaignId) => outboundDestination(env, name).stopCampaign(campaignId),
  }, now);
}

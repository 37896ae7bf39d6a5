import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { activeDestinations } from "../../adapters/outbound.ts";
import { outboundDestination } from "../../adapters/stubs.ts";
import { destinationName, type Destination } from "../../domain/outbound/destinations.ts";
import type { Delivery, DeliveryStatus } from "../../domain/outbound/ports.ts";
import { PARAMETERS, parseParameters } from "../bodies/parameters.ts";

const DEFAULT_LIMIT = 50;

/** The active catalog's destinations, or the one named (404 when the catalog has no such destination). */
async function destinations(env: Env, id: string | undefined): Promise<Destination[]> {
  const { webhooks, forwarding } = await activeDestinations(env);
  const all = [...webhooks.values(), ...forwarding];
  if (id === undefined) return all;
  const found = all.filter((d) => d.id === id);
  if (found.length === 0) throw new ApiError(404, "unknown_destination", `the active catalog has no webhook or forwarding destination "${id}"`, "$.destination");
  return found;
}

/** A delivery as the API shows it: times in ISO-8601, its destination named; the body only when asked. */
function shown(destination: Destination, d: Delivery, withBody = false) {
  return {
    id: d.id,
    destination: destination.id,
    kind: destination.kind,
    source: d.source,
    status: d.status,
    attempts: d.attempts,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
    nextAttemptAt: d.status === "pending" ? new Date(d.nextAttemptAt).toISOString() : null,
    lastStatus: d.lastStatus,
    error: d.error,
    latencyMs: d.latencyMs,
    deadLetter: d.deadLetter,
    ...(destination.kind === "forwarding" ? { events: d.events } : {}),
    ...(withBody ? { body: d.body } : {}),
  };
}

/** Finds a delivery among the destinations (one RPC each, in parallel). */
async function find(env: Env, id: string, destination: string | undefined): Promise<{ destination: Destination; delivery: Delivery }> {
  const candidates = await destinations(env, destination);
  const found = await Promise.all(candidates.map(async (d) => ({ destination: d, delivery: await outboundDestination(env, destinationName(d.kind, d.id)).get(id) })));
  const hit = found.find((f) => f.delivery !== null);
  if (!hit) throw new ApiError(404, "unknown_delivery", `no destination of the active catalog has a delivery ${id}`, "$.id");
  return hit as { destination: Destination; delivery: Delivery };
}

/**
 * Outbound deliveries (DESIGN.md, "Outbound"):
 * - `GET /v1/admin/deliveries[?status=pending|delivered|failed][&destination=][&limit=][&before=]` →
 *   `{deliveries: [...], next}`, newest first across the active catalog's destinations; `next` (when
 *   there may be more) is the `before` of the next page.
 * - `GET /v1/admin/deliveries/:id` → the delivery with its `body`.
 * - `POST /v1/admin/deliveries/:id/retry` → the delivery, due now with a new day of retries (409
 *   `already_delivered` for a delivered one).
 */
export const deliveryRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const query = parseParameters(PARAMETERS.deliveriesQuery, c.req.query());
    const limit = query.limit ?? DEFAULT_LIMIT;
    const split = query.before?.indexOf("_") ?? -1;
    const before = query.before && split > 0 ? { createdAt: Number(query.before.slice(0, split)), id: query.before.slice(split + 1) } : undefined;
    const pages = await Promise.all(
      (await destinations(c.env, query.destination)).map(async (destination) =>
        (await outboundDestination(c.env, destinationName(destination.kind, destination.id)).list(query.status as DeliveryStatus | undefined, limit, before)).map((d) => ({ destination, d })),
      ),
    );
    const merged = pages.flat().sort((a, b) => b.d.createdAt - a.d.createdAt || (a.d.id < b.d.id ? 1 : -1)).slice(0, limit);
    const last = merged.at(-1);
    return c.json({
      deliveries: merged.map(({ destination, d }) => shown(destination, d)),
      next: merged.length === limit && last ? `${last.d.createdAt}_${last.d.id}` : null,
    });
  })
  .get("/:id", async (c) => {
    const { id } = parseParameters(PARAMETERS.delivery, c.req.param());
    const { destination } = parseParameters(PARAMETERS.deliveryQuery, c.req.query());
    const hit = await find(c.env, id, destination);
    return c.json(shown(hit.destination, hit.delivery, true));
  })
  .post("/:id/retry", async (c) => {
    const { id } = parseParameters(PARAMETERS.delivery, c.req.param());
    const { destination } = parseParameters(PARAMETERS.deliveryQuery, c.req.query());
    const hit = await find(c.env, id, destination);
    if (hit.delivery.status === "delivered") throw new ApiError(409, "already_delivered", `delivery ${id} was delivered`, "$.id");
    const retried = await outboundDestination(c.env, destinationName(hit.destination.kind, hit.destination.id)).retry(id);
    return c.json(shown(hit.destination, retried ?? hit.delivery));
  });

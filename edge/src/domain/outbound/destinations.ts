import { addDuration, parseDuration, type CompiledCatalog, type ForwardingJson } from "@edgewise/decision-engine";
import { OUTBOUND_LIMITS as LIMITS } from "./limits.ts";

/** A webhook or a forwarding destination of the catalog, as its object delivers to it. */
export interface Destination {
  kind: "webhook" | "forwarding";
  id: string;
  url: string;
  /** The name of the Worker secret that signs its calls (never the value). */
  secret?: string;
  perSecond?: number;
  timeoutMs: number;
  /** Forwarding: events per call, and the event names it takes (all when absent). */
  batch?: number;
  events?: string[];
}

export interface CatalogDestinations {
  webhooks: Map<string, Destination>;
  forwarding: Destination[];
}

const cache = new WeakMap<CompiledCatalog, CatalogDestinations>();

/** The destination object's name for a destination: `webhook:<id>` or `forwarding:<id>`. */
export const destinationName = (kind: Destination["kind"], id: string): string => `${kind}:${id}`;

/** The webhooks (by id) and forwarding destinations of a compiled (so validated) catalog, derived once. */
export function destinationsOf(catalog: CompiledCatalog): CatalogDestinations {
  let found = cache.get(catalog);
  if (found) return found;
  const source = catalog.source;
  const read = (kind: Destination["kind"], json: ForwardingJson): Destination => {
    const timeout = json.timeout === undefined ? null : parseDuration(json.timeout);
    return {
      kind,
      id: json.id,
      url: json.url,
      ...(json.secret === undefined ? {} : { secret: json.secret }),
      ...(json.perSecond === undefined ? {} : { perSecond: json.perSecond }),
      timeoutMs: timeout ? addDuration(0, timeout) : LIMITS.defaultTimeoutMs,
      ...(kind === "forwarding" ? { batch: json.batch ?? 100 } : {}),
      ...(json.events === undefined ? {} : { events: json.events }),
    };
  };
  found = {
    webhooks: new Map((source.webhooks ?? []).map((json) => [json.id, read("webhook", json)])),
    forwarding: (source.forwarding ?? []).map((json) => read("forwarding", json)),
  };
  cache.set(catalog, found);
  return found;
}

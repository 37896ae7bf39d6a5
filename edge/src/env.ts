import type { OutboxMessage } from "./domain/events/messages.ts";

/**
 * The Worker's bindings and configuration (see wrangler.jsonc and README "Configuration"). Durable
 * Object namespaces are untyped here: `adapters/stubs.ts` and `adapters/snapshot-store.ts` type
 * their stubs by the domain's ports, which the host classes implement — so nothing here imports a
 * class and the hosts can import `Env` without a cycle.
 */
export interface Env {
  /** Published catalogs and client rulesets, by version, plus the active pointer. */
  CATALOGS: KVNamespace;
  /** Audience-state snapshots, by version and profile, plus the active pointer. */
  SNAPSHOTS: KVNamespace;
  /** One object per profile key: history, caps, processed event ids, reservations. */
  PROFILES: DurableObjectNamespace;
  /** One object per offer id: global cap counts. */
  GLOBAL_CAPS: DurableObjectNamespace;
  /** Audience-state snapshot rows, spread over shards by profile id (see storage/snapshot-store.ts). */
  SNAPSHOT_SHARDS: DurableObjectNamespace;
  /** The one registry of snapshot versions, their states and the active pointer. */
  SNAPSHOT_REGISTRY: DurableObjectNamespace;
  /** Accepted events, aggregated into STATS_DB by the queue consumer. */
  EVENTS_QUEUE: Queue<OutboxMessage>;
  STATS_DB: D1Database;
  /** Static assets (the web SDK build at /v1/sdk.js). */
  ASSETS: Fetcher;
  /** Requests per client key and address per minute on client routes (wrangler.jsonc `ratelimits`). */
  CLIENT_RATE_LIMIT?: RateLimit;
  /** Failed admin sign-ins per address per minute. */
  ADMIN_AUTH_RATE_LIMIT?: RateLimit;

  /** Comma-separated public client keys. */
  CLIENT_KEYS?: string;
  /** The admin bearer key. Admin routes answer 401 while it is unset. */
  ADMIN_KEY?: string;
  /** HMAC secret for decision tokens. */
  TOKEN_SECRET?: string;
  /** When set, profile ids must carry `profileSignature` = hex HMAC-SHA256(profileId) ("secure mode"). */
  IDENTITY_SECRET?: string;
  /** Comma-separated allowed origins for client routes; `*` allows any. */
  ALLOWED_ORIGINS?: string;
  /** When set, snapshot imports must carry `x-edgewise-signature: sha256=<hex HMAC-SHA256 of the body>`. */
  SNAPSHOT_SIGNING_SECRET?: string;
}

type EdgeEnv = Env;

declare global {
  // Lets `import { env } from "cloudflare:workers"` (tests) see the same bindings.
  namespace Cloudflare {
    interface Env extends EdgeEnv {}
  }
}

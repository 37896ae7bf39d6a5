import { CommitBodyShape, PARAMETERS, PreviewBodyShape, StopBodyShape, type Parameters } from "../bodies/parameters.ts";
import { DecideBodyShape } from "../bodies/decide-body.ts";
import { EventsBodyShape } from "../bodies/events-body.ts";
import { SimulateBodyShape } from "../bodies/simulate-body.ts";
import { DeliveryBodyShape, TARGET_ARTIFACT_QUERY, TargetArtifactShape } from "../bodies/adobe-bodies.ts";
import type { JsonSchema, Shape } from "../schema/shapes.ts";

/**
 * Every route of the API, as the description (`GET /v1/openapi.json`, `/docs/api`) lists it. Request
 * bodies and parameters are the very shapes the routes parse with; the answers are described here.
 * A test checks that every route the app serves is listed and that each example is accepted.
 */
export interface Operation {
  method: "get" | "post" | "put" | "delete";
  /** OpenAPI's form: `/v1/profile/{id}`. */
  path: string;
  id: string;
  tag: Tag;
  summary: string;
  description?: string;
  /** Who may call it: a client key, the admin key, or anyone. */
  auth: "client" | "admin" | "public";
  params?: Parameters;
  query?: Parameters;
  /** A JSON body parsed by its shape, or another media type (NDJSON) described as text. */
  body?: { shape: Shape<unknown>; required?: boolean } | { contentType: string; description: string; examples: string[] };
  /** Examples of the path parameters, for the examples of the body (a test sends them). */
  paramExamples?: Record<string, string>;
  responses: Record<number, Answer>;
}

export interface Answer {
  description: string;
  schema?: JsonSchema;
  contentType?: string;
}

export const TAGS = {
  decisions: "Decisions and events",
  client: "Client resources",
  catalog: "Admin: catalog",
  snapshots: "Admin: audience snapshots",
  reports: "Admin: statistics and simulation",
  adobe: "Adobe formats",
  meta: "Service",
} as const;
export type Tag = (typeof TAGS)[keyof typeof TAGS];

const str = { type: "string" };
const nullableString = { type: ["string", "null"] };
const int = { type: "integer", minimum: 0 };
const obj = { type: "object" };
const list = (items: JsonSchema): JsonSchema => ({ type: "array", items });
const shape = (properties: Record<string, JsonSchema>, required: string[] = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required });

const DECISION = shape(
  {
    placement: str,
    offerId: nullableString,
    fallback: { type: "boolean", description: "The placement's fallback offer (nothing else was eligible)." },
    content: { ...obj, description: "The offer's content, templated for this person." },
    message: { ...obj, description: "The message to render (web and in-app placements)." },
    token: { ...str, description: "Signed; send it with the events of what was shown." },
    explanation: { ...obj, description: "Why (explain: true, admin callers)." },
    experimentId: { ...str, description: "The experiment that decided this placement for the profile." },
    variantId: { ...str, description: "The profile's variant (its offer may be null: nothing shown)." },
    holdout: { const: true, description: "The profile is in the catalog's holdout: only the fallback is shown." },
  },
  ["placement", "offerId", "fallback"],
);
const DECIDE_ANSWER = shape(
  {
    decisions: list(DECISION),
    audiences: list(str),
    catalogVersion: nullableString,
    snapshotVersion: nullableString,
    anonymous: { type: "boolean", description: "true when the profile id was not trusted (or absent)." },
    preview: { ...obj, description: "Only with a preview token: {active: true, offerId | experimentId and variantId, expiresAt}, or {active: false, reason: expired | invalid}." },
  },
  ["decisions", "audiences", "catalogVersion", "snapshotVersion"],
);
const PUBLISHED = shape({ version: str, publishedAt: str, previous: nullableString }, ["version"]);
const SNAPSHOT_VERSION = shape(
  { version: str, state: str, profiles: int, audiences: list(obj), createdAt: str, importedAt: nullableString, activatedAt: nullableString, progress: obj, errors: list(obj) },
  ["version", "state"],
);
const IMPORTED = shape(
  { version: str, profiles: int, audiences: list(obj), importedAt: str, state: str, active: { type: "boolean" }, lines: int, invalidLines: int, skipped: obj },
  ["version", "state", "active"],
);
const COUNTS = ["trigger", "display", "interact", "dismiss", "suppress", "conversion"];
const STATS = shape({
  offers: list(shape({ offerId: str, placement: str, ...Object.fromEntries(COUNTS.map((name) => [name, int])) })),
  journeys: list({ ...obj, description: "Per journey: entered, waiting, completed, exited, timed_out, limited, delivered, displayed, interacted, dismissed, and per step." }),
  campaigns: list({ ...obj, description: "Per campaign: status, audience, offerId, openedAt, closedAt, reached, delivered, displayed, interacted, dismissed." }),
  outbound: list(shape({
    destination: str, kind: { enum: ["webhook", "forwarding"] }, url: str, pending: int, retrying: int, delivered: int, failed: int,
    deadLetters: int, dropped: int, eventsForwarded: int, eventsBuffered: int, p95LatencyMs: { type: ["integer", "null"] }, lastDeliveredAt: nullableString,
  })),
});

const DELIVERY = shape(
  {
    id: { ...str, description: "The x-edgewise-delivery header of every attempt." },
    destination: str, kind: { enum: ["webhook", "forwarding"] },
    source: { ...str, description: "journey:<id>@<step>, campaign:<id> or forwarding." },
    status: { enum: ["pending", "delivered", "failed"] }, attempts: int, createdAt: str, updatedAt: str, nextAttemptAt: nullableString,
    lastStatus: { type: ["integer", "null"] }, error: nullableString, latencyMs: { type: ["integer", "null"] },
    deadLetter: { type: "boolean", description: "Failed after a day of retries." },
    events: { ...int, description: "Forwarding: events in the batch." },
    body: { ...str, description: "GET /v1/admin/deliveries/{id} only: the JSON sent." },
  },
  ["id", "destination", "kind", "source", "status", "attempts", "createdAt", "updatedAt", "nextAttemptAt", "lastStatus", "error", "latencyMs", "deadLetter"],
);

const NDJSON_EXAMPLE = [
  JSON.stringify({ type: "header", version: "2026-12-03T06:00:00Z", audiences: [{ id: "vip", name: "VIP" }] }),
  JSON.stringify({ profileId: "user-42", audiences: ["vip"], attributes: { tier: "gold" } }),
  "",
].join("\n");
const PART_EXAMPLE = [
  JSON.stringify({ type: "header", version: "2026-12-03-parts", audiences: [{ id: "vip" }] }),
  JSON.stringify({ profileId: "user-7", audiences: ["vip"] }),
  "",
].join("\n");
const EXAMPLE_CATALOG = {
  placements: [{ id: "home-hero", format: "json" }],
  offers: [
    { id: "welcome", placements: ["home-hero"], content: { title: "Welcome to the shop" } },
    { id: "vip-winter", placements: ["home-hero"], eligibility: { audience: "vip" }, priority: 10, content: { title: "Winter preview for VIPs" } },
    { id: "free-shipping", placements: ["home-hero"], content: { title: "Free shipping this week" } },
  ],
  experiments: [{
    id: "hero-test", placement: "home-hero", start: "2026-12-01T00:00:00Z",
    variants: [{ id: "control", offer: "welcome", weight: 50 }, { id: "shipping", offer: "free-shipping", weight: 50 }],
  }],
};
const CATALOG_BODY = {
  shape: {
    json: { $ref: "/v1/catalog.schema.json", examples: [EXAMPLE_CATALOG], description: "A whole catalog (its JSON Schema: GET /v1/catalog.schema.json)." },
    parse: (value: unknown) => value,
  },
};

export const OPERATIONS: readonly Operation[] = [
  {
    method: "post", path: "/v1/decide", id: "decide", tag: TAGS.decisions, auth: "client",
    summary: "Decide placements for a person",
    description: "Runs eligibility, schedules, caps and ranking for each placement and signs a token per decision.",
    body: { shape: DecideBodyShape },
    responses: { 200: { description: "One decision per placement, in order.", schema: DECIDE_ANSWER } },
  },
  {
    method: "post", path: "/v1/events", id: "events", tag: TAGS.decisions, auth: "client",
    summary: "Send events (triggers, displays, interactions, conversions, track)",
    description: "Each event is validated on its own; a retried event (same id) counts once.",
    body: { shape: EventsBodyShape },
    responses: {
      202: {
        description: "What was accepted, what was a duplicate and what was refused, by index.",
        schema: shape({ accepted: int, duplicates: int, rejected: list(shape({ index: int, error: { $ref: "#/components/schemas/Error/properties/error" } })) }),
      },
    },
  },
  {
    method: "get", path: "/v1/ruleset", id: "ruleset", tag: TAGS.client, auth: "client",
    summary: "The client-side ruleset (offers a device may decide locally)",
    responses: {
      200: { description: "The ruleset; ETag is the catalog version.", schema: obj },
      304: { description: "Not modified (If-None-Match matched)." },
      404: { description: "No catalog has been published yet." },
    },
  },
  {
    method: "get", path: "/v1/profile/{id}", id: "profile", tag: TAGS.client, auth: "client",
    summary: "A profile's state for local decisioning",
    description: "Audiences, attributes, cap counters, recent history, pending messages and global cap counts. In secure mode it needs the profile's signature.",
    params: PARAMETERS.profile, query: PARAMETERS.profileQuery,
    responses: {
      200: { description: "The profile's state.", schema: shape({ profileId: str, snapshotVersion: nullableString, audiences: list(str), attributes: obj, globalCounts: obj }, ["profileId"]) },
      403: { description: "Secure mode: no valid signature for this profile." },
    },
  },
  {
    method: "get", path: "/v1/sdk.js", id: "sdk", tag: TAGS.client, auth: "public",
    summary: "The web SDK's script-tag build",
    responses: { 200: { description: "JavaScript.", contentType: "text/javascript" }, 404: { description: "Not built yet." } },
  },
  {
    method: "get", path: "/v1/{chunk}", id: "sdkChunk", tag: TAGS.client, auth: "public",
    summary: "A chunk the script tag loads on first need (sdk-engine.<hash>.js, sdk-messages.<hash>.js)",
    params: { chunk: { json: { type: "string", pattern: "^sdk-(engine|messages|preview)\\.[0-9a-f]{8}\\.js$" }, parse: (value) => value } },
    responses: { 200: { description: "JavaScript, immutable.", contentType: "text/javascript" }, 404: { description: "No such chunk." } },
  },
  {
    method: "get", path: "/v1/catalog.schema.json", id: "catalogSchema", tag: TAGS.meta, auth: "public",
    summary: "The catalog's JSON Schema (draft 2020-12)",
    responses: { 200: { description: "The schema.", contentType: "application/schema+json", schema: obj } },
  },
  {
    method: "get", path: "/v1/openapi.json", id: "openapi", tag: TAGS.meta, auth: "public",
    summary: "This description (OpenAPI 3.1)",
    responses: { 200: { description: "The description.", schema: obj } },
  },
  {
    method: "get", path: "/docs/api", id: "reference", tag: TAGS.meta, auth: "public",
    summary: "This description as a page to read",
    responses: { 200: { description: "HTML.", contentType: "text/html" } },
  },
  {
    method: "get", path: "/v1/health", id: "health", tag: TAGS.meta, auth: "public",
    summary: "Liveness",
    responses: { 200: { description: "Up.", schema: shape({ ok: { const: true } }) } },
  },
  {
    method: "put", path: "/v1/admin/catalog", id: "publishCatalog", tag: TAGS.catalog, auth: "admin",
    summary: "Publish a catalog",
    description: "Validated whole: on any error the answer lists every error with its path and the active catalog stays.",
    body: CATALOG_BODY,
    responses: {
      200: { description: "Published and active; warnings name audiences nothing defines.", schema: { ...PUBLISHED, properties: { ...(PUBLISHED["properties"] as object), warnings: list(obj) } } },
      400: { description: "invalid_catalog, with `errors: [{path, message}]`." },
    },
  },
  {
    method: "post", path: "/v1/admin/catalog/validate", id: "validateCatalog", tag: TAGS.catalog, auth: "admin",
    summary: "Validate a catalog without publishing it",
    body: CATALOG_BODY,
    responses: { 200: { description: "Valid.", schema: shape({ valid: { const: true }, warnings: list(obj) }) }, 400: { description: "invalid_catalog, with every error." } },
  },
  {
    method: "get", path: "/v1/admin/catalog", id: "getCatalog", tag: TAGS.catalog, auth: "admin",
    summary: "Read the active catalog (or a version)",
    query: PARAMETERS.catalogQuery,
    responses: {
      200: { description: "The catalog and its version.", schema: shape({ version: str, publishedAt: str, active: { type: "boolean" }, catalog: obj }) },
      404: { description: "No catalog yet, or no such version." },
    },
  },
  {
    method: "get", path: "/v1/admin/catalog/versions", id: "catalogVersions", tag: TAGS.catalog, auth: "admin",
    summary: "The catalog's versions",
    responses: { 200: { description: "The active version and every version kept.", schema: shape({ active: { type: ["object", "null"] }, versions: list(shape({ version: str, publishedAt: str, offers: int, placements: int })) }) } },
  },
  {
    method: "post", path: "/v1/admin/catalog/versions/{version}/activate", id: "activateCatalog", tag: TAGS.catalog, auth: "admin",
    summary: "Activate a catalog version (rollback)",
    params: PARAMETERS.catalogVersion,
    responses: { 200: { description: "Now active.", schema: PUBLISHED }, 404: { description: "No such version." }, 409: { description: "That version no longer compiles against this engine." } },
  },
  {
    method: "post", path: "/v1/admin/snapshots", id: "importSnapshot", tag: TAGS.snapshots, auth: "admin",
    summary: "Import an audience-state snapshot in one request",
    query: PARAMETERS.snapshotImportQuery,
    body: { contentType: "application/x-ndjson", description: "A header line, then one profile per line.", examples: [NDJSON_EXAMPLE] },
    responses: { 201: { description: "Imported (and active unless activate=false).", schema: IMPORTED }, 400: { description: "invalid_snapshot, with the first errors and their line numbers." } },
  },
  {
    method: "get", path: "/v1/admin/snapshots", id: "snapshots", tag: TAGS.snapshots, auth: "admin",
    summary: "Snapshot versions and the active one",
    responses: { 200: { description: "The versions.", schema: shape({ active: { type: ["object", "null"] }, versions: list(SNAPSHOT_VERSION) }) } },
  },
  {
    method: "get", path: "/v1/admin/snapshots/{version}", id: "snapshot", tag: TAGS.snapshots, auth: "admin",
    summary: "One snapshot version: state, progress, counts, errors",
    params: PARAMETERS.snapshotVersion,
    responses: { 200: { description: "The version.", schema: SNAPSHOT_VERSION }, 404: { description: "No such version." } },
  },
  {
    method: "post", path: "/v1/admin/snapshots/{version}/parts/{n}", id: "snapshotPart", tag: TAGS.snapshots, auth: "admin",
    summary: "Upload part n of a large snapshot (a retried part replaces its earlier attempt)",
    params: PARAMETERS.snapshotPart, query: PARAMETERS.snapshotImportQuery,
    paramExamples: { version: "2026-12-03-parts", n: "1" },
    body: { contentType: "application/x-ndjson", description: "The part's lines; part 1 starts with the header line.", examples: [PART_EXAMPLE] },
    responses: { 200: { description: "The part is stored.", schema: { ...obj, properties: { version: str, lines: int, invalidLines: int, state: { const: "importing" } } } } },
  },
  {
    method: "post", path: "/v1/admin/snapshots/{version}/commit", id: "commitSnapshot", tag: TAGS.snapshots, auth: "admin",
    summary: "All parts arrived: make the version ready (and active)",
    params: PARAMETERS.snapshotVersion,
    paramExamples: { version: "2026-12-03-parts" },
    body: { shape: CommitBodyShape, required: false },
    responses: { 201: { description: "Ready (or active).", schema: IMPORTED }, 409: { description: "Parts are missing." } },
  },
  {
    method: "post", path: "/v1/admin/snapshots/{version}/activate", id: "activateSnapshot", tag: TAGS.snapshots, auth: "admin",
    summary: "Activate a ready version (also rollback)",
    params: PARAMETERS.snapshotVersion,
    responses: { 200: { description: "Now active.", schema: shape({ active: str }) }, 404: { description: "No such version." }, 409: { description: "Not ready." } },
  },
  {
    method: "delete", path: "/v1/admin/snapshots/{version}", id: "deleteSnapshot", tag: TAGS.snapshots, auth: "admin",
    summary: "Delete a version that is not active",
    params: PARAMETERS.snapshotVersion,
    responses: { 200: { description: "Deleted.", schema: shape({ deleted: str }) }, 409: { description: "It is active." } },
  },
  {
    method: "get", path: "/v1/admin/stats", id: "stats", tag: TAGS.reports, auth: "admin",
    summary: "Counts per offer and placement, journey and campaign",
    query: PARAMETERS.statsQuery,
    responses: { 200: { description: "The counts (they lag intake by the queue's batch timeout).", schema: STATS } },
  },
  {
    method: "get", path: "/v1/admin/stats/series", id: "statsSeries", tag: TAGS.reports, auth: "admin",
    summary: "A time series per UTC hour or day of an offer, placement, journey (and its steps), campaign, experiment or webhook",
    description:
      "Every bucket from the one holding `from` to the one holding `to` is present (zeros filled). A range spans at most 14 days hourly or 90 days daily. " +
      "Hourly rows are kept 30 days, daily journey and campaign rows 400 days. Webhook series read the destination's hourly counters (each delivery counted once, in the hour of its last attempt), kept 400 days, long after the deliveries themselves (delivered 3 days, failed 30); a day sums its hours, and its p95LatencyMs comes from the merged latency histograms: never below the exact p95, at most 10 % above it.",
    query: PARAMETERS.seriesQuery,
    responses: {
      200: {
        description: "The series; `metrics` names the counters of each point (journeys add `steps`, experiments `variants`).",
        schema: shape({
          kind: { enum: ["offer", "placement", "journey", "campaign", "experiment", "webhook"] }, id: str, granularity: { enum: ["hour", "day"] },
          from: { ...str, description: "The first bucket's start." }, to: { ...str, description: "The last bucket's end (exclusive)." },
          metrics: list(str),
          series: list({ ...shape({ at: str }), additionalProperties: { type: ["integer", "number", "null", "object"] } }),
        }),
      },
      400: { description: "invalid_parameter: a bad kind, id, granularity or instant, to not after from, or too long a range." },
      404: { description: "unknown_experiment or unknown_destination: not in the active catalog." },
    },
  },
  {
    method: "get", path: "/v1/admin/experiments", id: "experiments", tag: TAGS.reports, auth: "admin",
    summary: "The active catalog's experiments, with their status and exposed profiles",
    responses: { 200: { description: "The experiments.", schema: shape({ experiments: list(shape({ id: str, placement: str, status: { enum: ["scheduled", "running", "ended"] }, start: str, end: nullableString, control: str, metric: str, attributionWindowDays: { type: "number" }, variants: list(obj), exposures: int })) }) } },
  },
  {
    method: "get", path: "/v1/admin/experiments/{id}", id: "experiment", tag: TAGS.reports, auth: "admin",
    summary: "An experiment's report: unique exposures and conversions per variant, lift with an anytime-valid 95 % interval, SRM, daily",
    params: PARAMETERS.experiment,
    responses: {
      200: {
        description: "The report (counts of unique profiles; conversions within the attribution window after the exposure).",
        schema: shape({
          id: str, status: str,
          variants: list(shape({ id: str, offer: nullableString, weight: { type: "number" }, exposures: int, conversions: int, rate: { type: ["number", "null"] }, lift: { type: ["number", "null"] }, interval: { type: ["array", "null"] }, significant: { type: "boolean" } })),
          srm: shape({ pValue: { type: "number" }, mismatch: { type: "boolean" } }),
          daily: list(shape({ day: str, variants: list(obj), srm: obj })),
        }),
      },
      404: { description: "The active catalog has no such experiment." },
    },
  },
  {
    method: "post", path: "/v1/admin/experiments/{id}/stop", id: "stopExperiment", tag: TAGS.reports, auth: "admin",
    summary: "Stop an experiment, optionally shipping the winner (publishes a new catalog version)",
    description: "The experiment ends now and stays in the catalog (its report stays readable); with ship, that variant's offer is ranked first on the placement.",
    params: PARAMETERS.experiment,
    paramExamples: { id: "hero-test" },
    body: { shape: StopBodyShape },
    responses: { 200: { description: "The new active version.", schema: PUBLISHED }, 404: { description: "No such experiment." }, 409: { description: "It has ended already, or the variant shows nothing." } },
  },
  {
    method: "post", path: "/v1/admin/simulate", id: "simulate", tag: TAGS.reports, auth: "admin",
    summary: "Simulate a decision with explanations (nothing recorded)",
    body: { shape: SimulateBodyShape },
    responses: { 200: { description: "The decide answer with explanations, the values each failed condition read, and pending messages.", schema: { ...DECIDE_ANSWER, properties: { ...(DECIDE_ANSWER["properties"] as object), pending: list(str), simulated: { const: true } } } } },
  },
  {
    method: "post", path: "/v1/admin/preview", id: "preview", tag: TAGS.reports, auth: "admin",
    summary: "A preview link: one browser or device sees an offer or variant, explained, nothing counted",
    description: "The web SDK reads ?edgewise_preview=<token> and keeps it for the tab; an app opened from an app link takes it with the mobile SDK's watchPreviewLinks and shows <EdgewisePreview/>; decisions with it force the offer (first on its placements, whatever its eligibility, caps or schedule) or the variant, with explanations, and record nothing.",
    body: { shape: PreviewBodyShape },
    responses: {
      200: { description: "The token, when it expires, and the link when url was given.", schema: shape({ token: str, expiresAt: str, link: str }, ["token", "expiresAt"]) },
      400: { description: "Neither or both of offerId and experimentId; a bad url." },
      404: { description: "unknown_offer, unknown_experiment or unknown_variant in the active catalog." },
    },
  },
  {
    method: "get", path: "/v1/admin/deliveries", id: "deliveries", tag: TAGS.reports, auth: "admin",
    summary: "Outbound deliveries (webhook calls and forwarding batches), newest first",
    query: PARAMETERS.deliveriesQuery,
    responses: { 200: { description: "The deliveries; next is the before of the next page (null at the end).", schema: shape({ deliveries: list(DELIVERY), next: nullableString }) }, 404: { description: "unknown_destination." } },
  },
  {
    method: "get", path: "/v1/admin/deliveries/{id}", id: "delivery", tag: TAGS.reports, auth: "admin",
    summary: "One delivery, with the body it sends",
    params: PARAMETERS.delivery,
    query: PARAMETERS.deliveryQuery,
    responses: { 200: { description: "The delivery.", schema: DELIVERY }, 404: { description: "unknown_delivery." } },
  },
  {
    method: "post", path: "/v1/admin/deliveries/{id}/retry", id: "retryDelivery", tag: TAGS.reports, auth: "admin",
    summary: "Retry a failed (or pending) delivery now, with a new day of retries",
    params: PARAMETERS.delivery,
    query: PARAMETERS.deliveryQuery,
    responses: { 200: { description: "The delivery, pending.", schema: DELIVERY }, 404: { description: "unknown_delivery." }, 409: { description: "already_delivered." } },
  },
  // The artifact's PUT comes before the delivery: the test sends the examples in this order.
  {
    method: "put", path: "/v1/admin/adobe/target-artifact", id: "storeTargetArtifact", tag: TAGS.adobe, auth: "admin",
    summary: "Store the Adobe Target on-device decisioning artifact",
    description: "Checked by building the decisioning engine from it; it then answers POST /v1/adobe/target/delivery.",
    query: TARGET_ARTIFACT_QUERY,
    body: { shape: TargetArtifactShape },
    responses: {
      200: { description: "Stored; warnings name rules that cannot be compiled (they never match).", schema: shape({ version: str, storedAt: str, client: str, warnings: list(str) }, ["version", "storedAt"]) },
      400: { description: "invalid_artifact: the engine cannot use it." },
    },
  },
  {
    method: "get", path: "/v1/admin/adobe/target-artifact", id: "targetArtifact", tag: TAGS.adobe, auth: "admin",
    summary: "The stored Target artifact's version",
    responses: { 200: { description: "Its version and when it was stored.", schema: shape({ version: str, storedAt: str, client: str }, ["version", "storedAt"]) }, 404: { description: "no_target_artifact." } },
  },
  {
    method: "post", path: "/v1/adobe/target/delivery", id: "targetDelivery", tag: TAGS.adobe, auth: "client",
    summary: "Answer a Target Delivery API request from the stored artifact (on-device decisioning at the edge)",
    description: "The display notifications of execute decisions are counted as display events of `target:<activity id>` on the mbox (GET /v1/admin/stats).",
    body: { shape: DeliveryBodyShape },
    responses: {
      200: { description: "A Delivery API response (status 206 with remoteMboxes/remoteViews for what the artifact cannot decide).", schema: shape({ status: int, requestId: str, id: obj, client: str, execute: obj, prefetch: obj }, ["status", "requestId", "id", "client"]) },
      400: { description: "invalid_body, or invalid_request when the engine refuses the request." },
      404: { description: "no_target_artifact." },
    },
  },
  {
    method: "get", path: "/v1/adobe/aep-rules", id: "aepRules", tag: TAGS.adobe, auth: "client",
    summary: "The active catalog's triggered in-app messages as an AEP mobile ruleset",
    description: "Offers with a message and a trigger event (no when, eligibility, caps or orchestration); x-edgewise-skipped counts the other offers.",
    responses: {
      200: { description: "`{version: 1, rules}`; ETag is the catalog version.", schema: shape({ version: { const: 1 }, rules: list(obj) }) },
      304: { description: "Not modified (If-None-Match matched)." },
      404: { description: "No catalog has been published yet." },
    },
  },
];

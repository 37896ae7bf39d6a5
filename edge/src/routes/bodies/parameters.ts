import { Refusal } from "../../domain/shared/refusal.ts";
import { IMPORT_LIMITS } from "../../domain/snapshots/importer.ts";
import { PREVIEW_MAX_MINUTES } from "../../domain/identity/preview.ts";
import { ID_RULES, invalid } from "../../domain/shared/checks.ts";
import { boolean, integer, object, oneOf, optional, string, type ObjectOf, type Shape } from "../schema/shapes.ts";
import { ProfileIdShape, SignatureShape } from "./decide-body.ts";

/**
 * The path and query parameters of the routes, as shapes: the routes parse with them and the API
 * description lists them. A bad one is 400 `invalid_parameter` at `$.<name>`.
 */
export type Parameters = Record<string, Shape<unknown>>;

export function parseParameters<P extends Parameters>(parameters: P, values: Record<string, string | undefined>): ObjectOf<P> {
  const parsed: Record<string, unknown> = {};
  for (const [name, shape] of Object.entries(parameters)) {
    try {
      const value = shape.parse(values[name], `$.${name}`);
      if (value !== undefined) parsed[name] = value;
    } catch (error) {
      if (error instanceof Refusal && error.kind === "invalid") throw new Refusal("invalid", "invalid_parameter", error.message, error.path);
      throw error;
    }
  }
  return parsed as ObjectOf<P>;
}

const SNAPSHOT_VERSION = string({ maxLength: 64, pattern: /^[\w.:+-]+$/ }, "A snapshot version, as its header line names it.");

/** An instant in ISO-8601 (`2026-12-01`, `2026-12-01T10:00:00Z`, with an offset or milliseconds), parsed to epoch ms. */
function instant(description: string): Shape<number> {
  const text = string({ maxLength: 40, pattern: /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/ }, description);
  return {
    json: { ...text.json, examples: ["2026-12-01T00:00:00Z"] },
    parse: (value, path) => {
      const ms = Date.parse(text.parse(value, path));
      if (!Number.isFinite(ms)) invalid(path, "expected an ISO-8601 date or date-time (e.g. 2026-12-01T00:00:00Z)");
      return ms;
    },
  };
}
const textFlag = (description: string) => optional(oneOf(["true", "false"], description));

export const PARAMETERS = {
  profile: { id: ProfileIdShape },
  profileQuery: { profileSignature: optional(SignatureShape) },
  catalogQuery: { version: optional(string({ maxLength: 64 }, "A catalog version; the active one when absent.")) },
  catalogVersion: { version: string({ maxLength: 64 }, "A catalog version.") },
  statsQuery: {
    offerId: optional(string(ID_RULES, "Only this offer's counts.")),
    journeyId: optional(string(ID_RULES, "Only this journey.")),
    campaignId: optional(string(ID_RULES, "Only this campaign.")),
  },
  seriesQuery: {
    kind: oneOf(["offer", "placement", "journey", "campaign", "experiment", "webhook"] as const, "What the series is of."),
    id: string(ID_RULES, "The offer's, placement's, journey's, campaign's, experiment's or webhook's id (experiments and webhooks: of the active catalog)."),
    granularity: optional(oneOf(["hour", "day"] as const, "UTC hours or UTC days (the default). A range spans at most 14 days hourly, 90 days daily.")),
    from: optional(instant("The range's start (ISO-8601; rounded down to its hour or day). Default: `to` less 24 hours (hourly) or 7 days (daily).")),
    to: optional(instant("The range's end, exclusive (ISO-8601). Default: now.")),
  },
  snapshotVersion: { version: SNAPSHOT_VERSION },
  deliveriesQuery: {
    status: optional(oneOf(["pending", "delivered", "failed"], "Only deliveries in this state (failed: given up or refused; pending: waiting or retrying).")),
    destination: optional(string(ID_RULES, "Only this webhook's or forwarding destination's deliveries (any destination's id, also one no longer in the catalog).")),
    limit: optional(integer(1, 500, "At most this many (default 50).", true)),
    before: optional(string({ maxLength: 80, pattern: /^\d{1,16}_[0-9a-f-]{36}$/ }, "The `next` of the previous page.")),
  },
  delivery: { id: string({ maxLength: 36, pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/ }, "A delivery id (the x-edgewise-delivery header).") },
  deliveryQuery: { destination: optional(string(ID_RULES, "The destination that holds it (found by searching the active catalog's destinations otherwise).")) },
  experiment: { id: string(ID_RULES, "An experiment id of the active catalog.") },
  snapshotPart: { version: SNAPSHOT_VERSION, n: integer(1, IMPORT_LIMITS.maxParts, "The part's number; part 1 starts with the header line.", true) },
  snapshotImportQuery: {
    activate: textFlag("false: import without activating (activate later, e.g. after a check)."),
    onInvalid: optional(oneOf(["reject", "skip"], "reject (the default): any invalid line refuses the version; skip: import the valid lines.")),
    shards: optional(integer(1, IMPORT_LIMITS.maxShards, `Storage shards of a new version (default ${IMPORT_LIMITS.defaultShards}).`, true)),
    firstLine: optional(integer(1, Number.MAX_SAFE_INTEGER, "The line number of the part's first line (error messages).", true)),
    parts: optional(integer(1, IMPORT_LIMITS.maxParts, "How many parts the version has, when known.", true)),
  },
} satisfies Record<string, Parameters>;

/** `POST /v1/admin/preview`: what a preview link forces, for how long, on which page. */
export const PreviewBodyShape = object(
  {
    offerId: optional(string(ID_RULES, "The offer to show first on its placements, whatever its eligibility, caps or schedule.")),
    experimentId: optional(string(ID_RULES, "Or an experiment…")),
    variantId: optional(string(ID_RULES, "…and the variant to see.")),
    minutes: optional(integer(1, PREVIEW_MAX_MINUTES, "How long the link works (default 60; at most a day).")),
    url: optional(string({ maxLength: 2048 }, "A page of the site (http or https), or an app link of a scheme the catalog's deepLinkSchemes declare (e.g. shop://home): the answer's link is it with ?edgewise_preview=<token>.")),
  },
  {
    description: "A signed, expiring preview token for one browser or device; its decisions record nothing.",
    examples: [{ offerId: "welcome", minutes: 30, url: "https://shop.example/" }],
  },
);

/** `POST /v1/admin/experiments/:id/stop`: `{ship?}`. */
export const StopBodyShape = object(
  { ship: optional(string(ID_RULES, "The variant whose offer becomes the placement's offer (absent: only stop).")) },
  { description: "Ends the experiment now (a new catalog version); optionally ships a variant.", examples: [{}] },
);

/** `POST /v1/admin/snapshots/:version/commit`: `{parts?, activate?}` (an empty body is `{}`). */
export const CommitBodyShape = object(
  {
    parts: optional(integer(1, IMPORT_LIMITS.maxParts, "How many parts were uploaded (checked).")),
    activate: optional(boolean("false: keep the version ready without activating it.")),
  },
  { description: "All parts arrived: the version becomes ready (and active, unless activate is false).", examples: [{ parts: 1, activate: false }] },
);

/**
 * The catalog's objects and their fields: the one description that both the validation (unknown
 * fields in `compileCatalog` and `compileRuleset`, `catalogWarnings`) and the JSON Schema
 * (`@edgewise/decision-engine/schema`) read. Every object of a catalog has exactly these fields.
 *
 * A field's type is written `type`, `type[]` (a list of them) or `type{}` (an object keyed by
 * placement id), followed by `!` when the field is required. A type is
 * - an object kind of `FIELDS` (capitalized), or `Step`: one of `STEPS`;
 * - an enum of `ENUMS` (`format`, `layout`, …);
 * - a primitive: `string`; `name` (a non-empty string: an id, or a reference to one); `offerOrNone`
 *   (an offer id, or `null` for nothing shown); `audienceId`
 *   (a non-empty string naming an audience); `number`; `count` (an integer ≥ 0); `top` (an integer
 *   from 1 to 50); `boolean`; `true`; `instant` (ISO-8601, with a zone); `duration` (ISO-8601);
 *   `reentry` (`never`, `always` or a duration); `version` (a string or a number); `rule` (a JSON
 *   Logic rule: not field-checked, the rule compiler checks it); `scheme` (an app's deep-link URL
 *   scheme: `isDeepLinkScheme`); `object` (any JSON object, not field-checked); `json` (any JSON value).
 *
 * `metadata` (any JSON) is the operators' own data, allowed on the catalog, placements, offers,
 * journeys and campaigns only.
 */

/**
 * The values of the catalog's enumerated fields.
 *
 * @example ENUMS.format // ["html", "json", "message", "text"]
 */
export const ENUMS = {
  format: ["html", "json", "message", "text"],
  layout: ["modal", "banner", "slideup", "fullscreen", "inline", "html"],
  direction: ["ltr", "rtl", "auto"],
  actionType: ["url", "dismiss", "deeplink", "custom"],
  period: ["day", "week", "month", "lifetime"],
  scope: ["profile", "global"],
  strategy: ["priority", "score"],
  onTimeout: ["continue", "exit"],
} as const;

export type Primitive =
  | "string" | "name" | "offerOrNone" | "audienceId" | "number" | "count" | "top" | "boolean" | "true" | "instant" | "duration" | "reentry" | "version" | "rule" | "scheme" | "object" | "json"
  | "secretName" | "rate" | "batchSize" | "deliveryTimeout";

/**
 * What a webhook's or forwarding destination's `secret` holds: the name of a Worker secret (whose
 * value signs the deliveries), never the value itself.
 *
 * @example SECRET_NAME.test("ESP_WEBHOOK_SECRET") // true; SECRET_NAME.test("sk_live_abc") // false
 */
export const SECRET_NAME = /^[A-Z][A-Z0-9_]{0,63}$/;

/** The edge's own secrets, which no webhook or forwarding destination may name. */
export const EDGE_SECRETS = ["ADMIN_KEY", "TOKEN_SECRET", "CLIENT_KEYS", "IDENTITY_SECRET", "SNAPSHOT_SIGNING_SECRET"];

/** The closed objects of a catalog. */
export type Kind =
  | "Catalog" | "Placement" | "Offer" | "Schedule" | "Cap" | "Trigger" | "Message" | "Button" | "Action"
  | "Ranking" | "Audience" | "Journey" | "WaitFor" | "Campaign" | "CampaignSchedule"
  | "Experiment" | "Variant" | "Metric" | "Holdout" | "Webhook" | "Forwarding" | "WebhookAction";

/**
 * What a field holds: see the module's comment.
 *
 * @example const caps: FieldType = "Cap[]"; // an optional list of caps
 */
export type FieldType = `${Primitive | keyof typeof ENUMS | Kind | "Step"}${"" | "[]" | "{}"}${"" | "!"}`;

/** An object's fields: name → type. */
export type Fields = Readonly<Record<string, FieldType>>;

/**
 * Every closed object of a catalog, by kind; the catalog itself is `Catalog`.
 *
 * @example Object.keys(FIELDS.Cap) // ["event", "limit", "period", "scope"]; FIELDS.Cap.limit is "count!"
 */
export const FIELDS = {
  Catalog: {
    placements: "Placement[]!",
    offers: "Offer[]!",
    fallbacks: "name{}",
    ranking: "Ranking{}",
    audiences: "Audience[]",
    journeys: "Journey[]",
    campaigns: "Campaign[]",
    deepLinkSchemes: "scheme[]",
    experiments: "Experiment[]",
    holdout: "Holdout",
    webhooks: "Webhook[]",
    forwarding: "Forwarding[]",
    metadata: "json",
  },
  Placement: { id: "name!", surface: "string", format: "format!", metadata: "json" },
  Offer: {
    id: "name!",
    name: "string",
    placements: "name[]!",
    priority: "number",
    eligibility: "rule",
    schedule: "Schedule",
    caps: "Cap[]",
    content: "object",
    message: "Message",
    trigger: "Trigger",
    orchestrated: "boolean",
    metadata: "json",
  },
  Schedule: { start: "instant", end: "instant" },
  Cap: { event: "name!", limit: "count!", period: "period!", scope: "scope" },
  Trigger: { event: "name!", when: "rule" },
  Message: {
    layout: "layout!",
    title: "string",
    body: "string",
    image: "string",
    imageAlt: "string",
    html: "string",
    buttons: "Button[]",
    dir: "direction",
    lang: "string",
  },
  Button: { label: "name!", action: "Action!" },
  Action: { type: "actionType!", url: "string", name: "string" },
  Ranking: { strategy: "strategy", score: "rule", limit: "top" },
  Audience: { id: "name!", name: "string", rule: "rule!" },
  Journey: {
    id: "name!",
    name: "string",
    version: "version",
    paused: "boolean",
    trigger: "Trigger!",
    exit: "Trigger",
    reentry: "reentry",
    steps: "Step[]!",
    metadata: "json",
  },
  WaitFor: { event: "name!", timeout: "duration!", when: "rule", offer: "name", on_timeout: "onTimeout" },
  Campaign: {
    id: "name!",
    name: "string",
    audience: "audienceId!",
    offer: "name",
    action: "WebhookAction",
    schedule: "CampaignSchedule!",
    paused: "boolean",
    metadata: "json",
  },
  CampaignSchedule: { start: "instant!", end: "instant!" },
  Experiment: {
    id: "name!",
    name: "string",
    placement: "name!",
    variants: "Variant[]!",
    control: "name",
    audience: "rule",
    metric: "Metric",
    start: "instant!",
    end: "instant",
    attributionWindow: "duration",
    metadata: "json",
  },
  Variant: { id: "name!", offer: "offerOrNone!", weight: "number!" },
  Metric: { event: "name!" },
  Holdout: { percent: "number!" },
  Webhook: { id: "name!", url: "string!", secret: "secretName", perSecond: "rate", timeout: "deliveryTimeout", metadata: "json" },
  Forwarding: {
    id: "name!",
    url: "string!",
    secret: "secretName",
    events: "name[]",
    batch: "batchSize",
    perSecond: "rate",
    timeout: "deliveryTimeout",
    metadata: "json",
  },
  WebhookAction: { webhook: "name!", body: "json!" },
} as const satisfies { [K in Kind]: Fields };

/**
 * A journey's steps, by kind: a step holds exactly one kind's key, and only that kind's fields
 * (`then` and `else` belong to `if`).
 *
 * @example Object.keys(STEPS.if) // ["if", "then", "else"]
 */
export const STEPS = {
  wait: { wait: "duration!" },
  wait_for: { wait_for: "WaitFor!" },
  if: { if: "rule!", then: "Step[]", else: "Step[]" },
  message: { message: "name!" },
  action: { action: "WebhookAction!" },
  set: { set: "object!" },
  end: { end: "true!" },
} as const satisfies Record<string, Fields>;

export type StepKind = keyof typeof STEPS;

/**
 * The shapes of Adobe Target on-device decisioning, kept as loose as the Delivery API allows: the
 * engine reads only the fields below and passes everything else through untouched.
 */

/** A JSON object as it arrives from a caller or an artifact. */
export type JsonObject = Record<string, unknown>;

/** One rule of an artifact: a JSON Logic `condition`, its `consequence` (an mbox response) and `meta`. */
export interface TargetRule {
  readonly ruleKey?: string;
  readonly activityId?: number;
  readonly propertyTokens?: readonly string[];
  readonly condition: unknown;
  readonly consequence: JsonObject;
  readonly meta: JsonObject;
}

/** The on-device decisioning artifact (`rules.json`), version 1.x. */
export interface TargetArtifact {
  readonly version: string;
  readonly globalMbox?: string;
  readonly geoTargetingEnabled?: boolean;
  readonly responseTokens?: readonly string[];
  readonly remoteMboxes?: readonly string[];
  readonly localMboxes?: readonly string[];
  readonly remoteViews?: readonly string[];
  readonly localViews?: readonly string[];
  readonly meta?: JsonObject;
  readonly rules: {
    readonly mboxes?: Readonly<Record<string, readonly TargetRule[]>>;
    readonly views?: Readonly<Record<string, readonly TargetRule[]>>;
  };
}

/** A Delivery API geo context. */
export interface TargetGeo {
  ipAddress?: string;
  latitude?: number;
  longitude?: number;
  countryCode?: string;
  stateCode?: string;
  city?: string;
}

/** The parts of a host name the rules can target (`page.domain`, `page.subdomain`, …). */
export interface DomainParts {
  readonly subdomain: string;
  readonly domain: string;
  readonly topLevelDomain: string;
}

/** An mbox, view or page-load request detail (`execute.mboxes[i]`, `prefetch.views[i]`, …). */
export interface RequestDetails extends JsonObject {
  name?: string;
  index?: number;
  parameters?: JsonObject;
  address?: { url?: string; referringUrl?: string };
}

/** The attributes a rule sees (its JSON Logic data). */
export interface DecisioningContext extends JsonObject {
  current_timestamp: number;
  current_time: string;
  current_day: number;
  user: JsonObject;
  page: JsonObject;
  referring: JsonObject;
  geo: JsonObject;
}

/** The payload handed to `sendNotification`: a Delivery API request holding display notifications. */
export interface TargetNotificationPayload {
  readonly request: JsonObject;
  readonly visitor?: unknown;
}

/** Reads a property only when it is the object's own (never from `Object.prototype`). */
export const own = (object: unknown, key: string): unknown =>
  typeof object === "object" && object !== null && Object.hasOwn(object, key)
    ? (object as Record<string, unknown>)[key]
    : undefined;

/** True for a plain JSON object (not an array, not null). */
export const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A deep copy of JSON data, so that callers mutating a response never reach the artifact. */
export const cloneJson = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

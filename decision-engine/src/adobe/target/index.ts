/**
 * Adobe Target on-device decisioning on the Edgewise engine: `createTargetDecisioning(artifact,
 * options).getOffers({request})` answers a Delivery API request from a Target rules artifact the way
 * Target's SDKs do, with display notifications and telemetry sent through the `sendNotification` port.
 */
import { tntIdWithoutHint, visitorIdForAllocation } from "./allocation.ts";
import { requestContext } from "./context.ts";
import { decide } from "./decisions.ts";
import { resolveGeo, type GeoLookup } from "./geo.ts";
import { notificationCollector } from "./notifications.ts";
import { compileArtifactRules } from "./rules.ts";
import { artifactEntry, decisionEntry, telemetryBuffer } from "./telemetry.ts";
import { traceProfile } from "./trace.ts";
import { parseDomainDefault, type ParseDomain } from "./url.ts";
import { isObject, own, type JsonObject, type TargetArtifact, type TargetGeo, type TargetNotificationPayload } from "./types.ts";
import { remoteDependency } from "./remote.ts";

// Public names carry "Target" where a generic one could clash with the AEP half of `./adobe`.
export { computeAllocation as computeTargetAllocation, visitorIdForAllocation as targetAllocationVisitorId } from "./allocation.ts";
export { murmur3Utf16 } from "./hash.ts";
export { geoFromAdobeGeoService, type GeoLookup as TargetGeoLookup } from "./geo.ts";
export {
  parseDomainDefault as parseTargetDomain,
  parseDomainWithSuffixes as targetDomainParser,
  DEFAULT_MULTI_LABEL_SUFFIXES as TARGET_MULTI_LABEL_SUFFIXES,
  type ParseDomain as TargetParseDomain,
} from "./url.ts";
export type { DomainParts as TargetDomainParts, TargetArtifact, TargetGeo, TargetNotificationPayload, TargetRule } from "./types.ts";

/** The artifact major version this engine reads. */
export const SUPPORTED_TARGET_ARTIFACT_MAJOR = 1;

/** Options of `createTargetDecisioning`. */
export interface TargetDecisioningOptions {
  /** The Target client code (allocation hashes it; responses echo it). */
  readonly client: string;
  /** The clock, in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Receives each display-notification request (and telemetry); fire and forget. */
  readonly sendNotification?: (payload: TargetNotificationPayload) => unknown;
  /** Called when `sendNotification` throws or rejects. */
  readonly onNotificationError?: (error: unknown, payload: TargetNotificationPayload) => void;
  /** Resolves an IP address to geo fields, for artifacts with `geoTargetingEnabled`. */
  readonly geoLookup?: GeoLookup;
  /** Splits host names into subdomain, domain and TLD (default: `parseDomainDefault`). */
  readonly parseDomain?: ParseDomain;
  /** Whether telemetry rides along with notifications (default true, as in Target's SDKs). */
  readonly telemetryEnabled?: boolean;
  /** Random ids for generated visitor ids, request ids and notifications (default `crypto.randomUUID`). */
  readonly uuid?: () => string;
  /** A monotonic clock for telemetry durations, in ms (default `performance.now`, else `now`). */
  readonly timer?: () => number;
  /** Where the artifact came from, for traces (default `"not applicable"`). */
  readonly artifactLocation?: string;
}

/** The `getOffers` argument: a Delivery API request, plus optional session id, location hint and visitor. */
export interface TargetOffersInput {
  readonly request: JsonObject;
  /** Shown in traces. */
  readonly sessionId?: string;
  /** Edge cluster hint appended to a generated tntId (`<uuid>.<hint>_0`). */
  readonly targetLocationHint?: string;
  /** Passed through to the notification payload (Visitor API state). */
  readonly visitor?: unknown;
}

/** An on-device Target decisioning engine bound to one artifact. */
export interface TargetDecisioning {
  /** Decides a Delivery API request locally; resolves to a Delivery API response. */
  getOffers(input: TargetOffersInput): Promise<JsonObject>;
  /** Rules that could not be compiled (they never match). */
  readonly warnings: readonly string[];
  readonly artifact: TargetArtifact;
}

/** Thrown by `createTargetDecisioning` for an artifact it cannot use. */
export class TargetArtifactError extends Error {
  override readonly name = "TargetArtifactError";
}

const defaultUuid = (): string => {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  const hex = () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, "0");
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-a${hex().slice(1)}-${hex()}${hex()}${hex()}`;
};

const defaultTimer = (now: () => number): (() => number) => {
  const performance = (globalThis as { performance?: { now?: () => number } }).performance;
  return performance?.now ? () => performance.now!() : now;
};

/**
 * Creates an on-device decisioning engine from a Target rules artifact (the parsed `rules.json`).
 *
 * @example
 * const target = createTargetDecisioning(artifact, { client: "acme", sendNotification: (p) => post(p) });
 * const response = await target.getOffers({ request: { id: { tntId }, context: { channel: "web" },
 *   execute: { mboxes: [{ name: "hero", index: 1 }] } } });
 *
 * @throws TargetArtifactError when the artifact is not an object with `rules` and a 1.x `version`.
 */
export function createTargetDecisioning(artifact: TargetArtifact, options: TargetDecisioningOptions): TargetDecisioning {
  if (!isObject(artifact) || !isObject(artifact.rules)) throw new TargetArtifactError("Target artifact has no rules");
  const major = typeof artifact.version === "string" ? parseInt(artifact.version.split(".")[0] ?? "", 10) : NaN;
  if (major !== SUPPORTED_TARGET_ARTIFACT_MAJOR) {
    throw new TargetArtifactError(`Target artifact version ${String(artifact.version)} is not supported (major ${SUPPORTED_TARGET_ARTIFACT_MAJOR} is)`);
  }
  const now = options.now ?? Date.now;
  const uuid = options.uuid ?? defaultUuid;
  const timer = options.timer ?? defaultTimer(now);
  const parseDomain = options.parseDomain ?? parseDomainDefault;
  const telemetryEnabled = options.telemetryEnabled ?? true;
  const telemetry = telemetryBuffer();

  const compileStart = timer();
  const rules = compileArtifactRules(artifact);
  const loadedAt = now();
  if (telemetryEnabled) telemetry.add(artifactEntry(uuid(), loadedAt, timer() - compileStart));
  const artifactTrace: JsonObject = {
    artifactLocation: options.artifactLocation ?? "not applicable",
    pollingInterval: 0,
    pollingHalted: true,
    artifactVersion: artifact.version,
    artifactRetrievalCount: 1,
    artifactLastRetrieved: new Date(loadedAt).toISOString(),
    ...(isObject(artifact.meta) ? artifact.meta : {}),
  };

  const send = (payload: TargetNotificationPayload) => {
    if (!options.sendNotification) return;
    const fail = (error: unknown) => options.onNotificationError?.(error, payload);
    try {
      const sent = options.sendNotification(payload);
      if (sent instanceof Promise) sent.catch(fail);
    } catch (error) {
      fail(error);
    }
  };

  async function getOffers(input: TargetOffersInput): Promise<JsonObject> {
    const started = timer();
    const given = isObject(input) && isObject(input.request) ? input.request : {};
    const givenContext = isObject(given.context) ? given.context : { channel: "web" };
    const geo: TargetGeo = await resolveGeo(own(givenContext, "geo"), artifact.geoTargetingEnabled === true, options.geoLookup);
    const request: JsonObject = {
      ...given,
      context: { ...givenContext, geo },
      id: validVisitorId(given.id, own(input, "targetLocationHint"), uuid),
      requestId: typeof given.requestId === "string" && given.requestId !== "" ? given.requestId : uuid(),
    };
    const parsed = timer();
    const timestamp = now();
    const context = requestContext(request.context, geo, timestamp, parseDomain);
    const notifications = notificationCollector(timestamp, uuid);
    const decisions = decide({
      artifact,
      rules,
      client: options.client,
      visitorId: visitorIdForAllocation(request.id, uuid),
      request,
      context,
      parseDomain,
      trace: {
        enabled: request.trace !== undefined,
        clientCode: options.client,
        artifact: artifactTrace,
        profile: traceProfile(request.id),
        sessionId: own(input, "sessionId"),
      },
      notifications,
    });
    const dependency = remoteDependency(artifact, request);
    const response: JsonObject = {
      status: dependency.remoteNeeded ? 206 : 200,
      remoteMboxes: dependency.remoteMboxes,
      remoteViews: dependency.remoteViews,
      requestId: request.requestId,
      id: { ...(request.id as JsonObject) },
      client: options.client,
    };
    if (decisions.execute) response.execute = decisions.execute;
    if (decisions.prefetch) response.prefetch = decisions.prefetch;
    if (telemetryEnabled) telemetry.add(decisionEntry(request.requestId, timestamp, timer() - parsed, parsed - started, request));
    const pending = notifications.notifications;
    if (pending.length > 0 || telemetryEnabled) {
      const payloadRequest: JsonObject = { id: request.id, context: request.context, experienceCloud: request.experienceCloud };
      if (pending.length > 0) payloadRequest.notifications = [...pending];
      if (telemetryEnabled) payloadRequest.telemetry = { entries: telemetry.drain() };
      send({ request: payloadRequest, visitor: input.visitor });
    }
    return response;
  }

  return { getOffers, warnings: rules.warnings, artifact };
}

/** The request's visitor id; one with no id at all gets a fresh tntId (with `.<hint>_0` when given). */
function validVisitorId(id: unknown, locationHint: unknown, uuid: () => string): JsonObject {
  const result: JsonObject = isObject(id) ? { ...id } : {};
  const filled = (key: string) => typeof result[key] === "string" && result[key] !== "";
  const customerIds = Array.isArray(result.customerIds) ? result.customerIds : [];
  const authenticated = customerIds.some((customer) => own(customer, "authenticatedState") === "authenticated");
  if (!tntIdWithoutHint(result.tntId) && !filled("marketingCloudVisitorId") && !authenticated && !filled("thirdPartyId")) {
    const hint = typeof locationHint === "string" && locationHint.trim() !== "" ? `.${locationHint}_0` : "";
    result.tntId = `${uuid()}${hint}`;
  }
  return result;
}

/**
 * Telemetry entries Target's SDKs attach to the next notification request (`request.telemetry`):
 * timings of loading the artifact and of each on-device decision, with the request's features.
 */
import { isObject, own, type JsonObject } from "./types.ts";

/** Most entries kept while waiting for a notification to carry them (the oldest are dropped). */
export const MAX_TELEMETRY_ENTRIES = 50;

const round2 = (value: number) => Math.round(value * 100) / 100;

/** The pending telemetry entries of one engine. */
export interface TelemetryBuffer {
  add(entry: JsonObject): void;
  /** Removes and returns every pending entry. */
  drain(): JsonObject[];
}

/** A bounded buffer of telemetry entries. */
export function telemetryBuffer(): TelemetryBuffer {
  let entries: JsonObject[] = [];
  return {
    add(entry) {
      entries.push(entry);
      if (entries.length > MAX_TELEMETRY_ENTRIES) entries = entries.slice(-MAX_TELEMETRY_ENTRIES);
    },
    drain() {
      const drained = entries;
      entries = [];
      return drained;
    },
  };
}

/** The telemetry `features` of a Delivery API request: page loads and mbox/view counts. */
export function requestFeatures(request: JsonObject): JsonObject {
  const features: JsonObject = { decisioningMethod: "on-device" };
  const count = (mode: string, key: string) => {
    const list = own(own(request, mode), key);
    return Array.isArray(list) ? list.length : 0;
  };
  if (isObject(own(own(request, "execute"), "pageLoad"))) features.executePageLoad = true;
  if (count("execute", "mboxes")) features.executeMboxCount = count("execute", "mboxes");
  if (isObject(own(own(request, "prefetch"), "pageLoad"))) features.prefetchPageLoad = true;
  if (count("prefetch", "mboxes")) features.prefetchMboxCount = count("prefetch", "mboxes");
  if (count("prefetch", "views")) features.prefetchViewCount = count("prefetch", "views");
  return features;
}

/** The entry of one on-device decision. Durations are milliseconds, rounded to two decimals. */
export const decisionEntry = (requestId: unknown, timestamp: number, execution: number, parsing: number, request: JsonObject): JsonObject => ({
  requestId,
  timestamp,
  execution: round2(execution),
  parsing: round2(parsing),
  mode: "local",
  features: requestFeatures(request),
});

/** The entry of loading (compiling) an artifact. */
export const artifactEntry = (requestId: string, timestamp: number, execution: number): JsonObject => ({
  requestId,
  timestamp,
  execution: round2(execution),
});

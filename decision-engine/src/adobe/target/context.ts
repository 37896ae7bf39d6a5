/**
 * The data a Target rule is evaluated against: time, user (browser), page and referring URL, geo,
 * and per request detail the mbox parameters and the visitor's allocation.
 */
import { userAttributes } from "./browser.ts";
import { urlAttributes, type ParseDomain } from "./url.ts";
import { isObject, own, type DecisioningContext, type JsonObject, type TargetGeo } from "./types.ts";

/** Most mbox parameters read per request detail. */
export const MAX_PARAMETERS = 200;
/** Deepest nesting a dotted parameter name (`a.b.c`) may expand to. */
const MAX_PARAMETER_DEPTH = 16;

const twoDigits = (value: number) => String(value).padStart(2, "0");

/** `current_timestamp` (ms), `current_time` (`HHmm`, UTC) and `current_day` (1 = Monday … 7 = Sunday). */
export function timeAttributes(now: number): { current_timestamp: number; current_time: string; current_day: number } {
  const date = new Date(now);
  const day = date.getUTCDay();
  return {
    current_timestamp: now,
    current_time: `${twoDigits(date.getUTCHours())}${twoDigits(date.getUTCMinutes())}`,
    current_day: day === 0 ? 7 : day,
  };
}

/** The `geo` attributes from a (validated) Delivery API geo context. */
export const geoAttributes = (geo: TargetGeo): JsonObject => ({
  country: geo.countryCode,
  region: geo.stateCode,
  city: geo.city,
  latitude: geo.latitude,
  longitude: geo.longitude,
});

/** The request-wide context; `page`/`referring` come from `context.address`. */
export function requestContext(context: unknown, geo: TargetGeo, now: number, parseDomain: ParseDomain): DecisioningContext {
  const address = own(context, "address");
  return {
    ...timeAttributes(now),
    user: userAttributes(context),
    page: urlAttributes(own(address, "url"), parseDomain),
    referring: urlAttributes(own(address, "referringUrl"), parseDomain),
    geo: geoAttributes(geo),
  };
}

/**
 * The `mbox` attributes: the request detail's parameters, dotted names expanded into objects
 * (`"a.b": 1` → `{a: {b: 1}}`), every string value doubled by a lower-case `<key>_lc` twin.
 */
export function mboxAttributes(details: unknown): JsonObject {
  const parameters = own(details, "parameters");
  if (!isObject(parameters)) return {};
  const result: JsonObject = Object.create(null) as JsonObject;
  const expandable = (key: string) => key.includes(".") && !key.includes("..") && !key.startsWith(".") && !key.endsWith(".");
  for (const key of Object.keys(parameters).slice(0, MAX_PARAMETERS)) {
    const value = parameters[key];
    const path = expandable(key) ? key.split(".").slice(0, MAX_PARAMETER_DEPTH) : [key];
    let target = result;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(target, part) ? target[part] : undefined;
      target = isObject(next) ? next : (target[part] = Object.create(null) as JsonObject);
    }
    target[path[path.length - 1] ?? key] = value;
  }
  return withLowerCase(result, 0);
}

const withLowerCase = (object: JsonObject, depth: number): JsonObject => {
  const result: JsonObject = Object.create(null) as JsonObject;
  for (const key of Object.keys(object)) {
    const value = object[key];
    result[key] = isObject(value) && depth < MAX_PARAMETER_DEPTH ? withLowerCase(value, depth + 1) : value;
    if (typeof value === "string") result[`${key}_lc`] = value.toLowerCase();
  }
  return result;
};

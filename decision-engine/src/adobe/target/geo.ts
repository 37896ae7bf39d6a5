/**
 * The geo context of a request. When the artifact targets geo and the request carries only an IP
 * address, the caller's `geoLookup` port resolves it (Target's SDKs call Adobe's geo service there).
 */
import { isObject, own, type TargetGeo } from "./types.ts";

/** Resolves an IP address (undefined: the caller's own) to geo fields; the port behind IP lookups. */
export type GeoLookup = (ipAddress: string | undefined) => Promise<TargetGeo> | TargetGeo;

/** Target's placeholder for "the IP address of whoever calls the geo service". */
export const UNKNOWN_IP_ADDRESS = "unknownIpAddress";

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_CHARS = /^[0-9a-f:.]+(?:%.+)?$/i;

/** True for an IPv4 address or a plausible IPv6 address (hex groups, one `::` at most). */
export function isValidIpAddress(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 64) return false;
  const ip = value.trim();
  if (IPV4.test(ip)) return true;
  if (!IPV6_CHARS.test(ip) || !ip.includes(":")) return false;
  const bare = ip.replace(/%.+$/, "");
  const doubles = bare.split("::").length - 1;
  if (doubles > 1) return false;
  const groups = bare.split(":").filter((group) => group !== "");
  const last = groups[groups.length - 1] ?? "";
  const v4Tail = IPV4.test(last);
  const hexGroups = v4Tail ? groups.slice(0, -1) : groups;
  if (!hexGroups.every((group) => /^[0-9a-f]{1,4}$/i.test(group))) return false;
  const width = hexGroups.length + (v4Tail ? 2 : 0);
  return doubles ? width < 8 : width === 8;
}

/**
 * Maps the body of Adobe's geo service (`x-geo-latitude`, `x-geo-longitude`, `x-geo-country-code`,
 * `x-geo-region-code`, `x-geo-city`) to Delivery API geo fields; handy inside a `geoLookup`.
 */
export function geoFromAdobeGeoService(body: unknown): TargetGeo {
  const geo: TargetGeo = {};
  const text = (key: string) => {
    const value = own(body, key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const ip = text("x-forwarded-for");
  if (ip !== undefined) geo.ipAddress = ip;
  const latitude = text("x-geo-latitude");
  if (latitude !== undefined) geo.latitude = parseFloat(latitude);
  const longitude = text("x-geo-longitude");
  if (longitude !== undefined) geo.longitude = parseFloat(longitude);
  const country = text("x-geo-country-code");
  if (country !== undefined) geo.countryCode = country;
  const region = text("x-geo-region-code");
  if (region !== undefined) geo.stateCode = region;
  const city = text("x-geo-city");
  if (city !== undefined) geo.city = city;
  return geo;
}

const GEO_FIELDS = ["ipAddress", "latitude", "longitude", "countryCode", "stateCode", "city"] as const;

/**
 * The request's geo context, validated: an invalid IP address is dropped, and when `lookupEnabled`
 * (the artifact's `geoTargetingEnabled`) and only an IP address is given, `geoLookup` fills the rest.
 */
export async function resolveGeo(requested: unknown, lookupEnabled: boolean, geoLookup: GeoLookup | undefined): Promise<TargetGeo> {
  const input = isObject(requested) ? requested : {};
  const geo: TargetGeo = {};
  for (const field of GEO_FIELDS) {
    const value = own(input, field);
    if (value !== undefined) (geo as Record<string, unknown>)[field] = value;
  }
  const ip = geo.ipAddress;
  const unknownIp = ip === UNKNOWN_IP_ADDRESS;
  if (unknownIp || !isValidIpAddress(ip)) delete geo.ipAddress;
  const onlyIp = GEO_FIELDS.every((field) => field === "ipAddress" || geo[field] === undefined);
  if (lookupEnabled && geoLookup && onlyIp && (unknownIp || isValidIpAddress(ip))) {
    const found = await geoLookup(unknownIp ? undefined : ip);
    for (const field of GEO_FIELDS) {
      const value = isObject(found) ? own(found, field) : undefined;
      if (value !== undefined) (geo as Record<string, unknown>)[field] = value;
    }
  }
  return geo;
}

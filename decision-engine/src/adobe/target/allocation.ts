/**
 * Visitor allocation: which percentile (0–100, two decimals) of an activity a visitor falls in.
 * Target hashes `"<client>.<activityId>.<visitorId>.0"` with MurmurHash3 over UTF-16 code units.
 */
import { murmur3Utf16 } from "./hash.ts";
import { isObject, own } from "./types.ts";

const TOTAL_BUCKETS = 10_000;
const CAMPAIGN_BUCKET_SALT = "0";

/** The tntId without its location hint (`"abc.28_0"` → `"abc"`), or undefined when blank. */
export const tntIdWithoutHint = (tntId: unknown): string | undefined =>
  typeof tntId === "string" && tntId !== "" ? tntId.split(".")[0] : undefined;

/**
 * The id Target allocates on: `marketingCloudVisitorId`, else the tntId (without its location hint),
 * else `thirdPartyId`, else a fresh id from `uuid`.
 */
export function visitorIdForAllocation(id: unknown, uuid: () => string): string {
  if (!isObject(id)) return uuid();
  const pick = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
  return (
    pick(own(id, "marketingCloudVisitorId")) ?? tntIdWithoutHint(own(id, "tntId")) ?? pick(own(id, "thirdPartyId")) ?? uuid()
  );
}

/**
 * The allocation percentile of `visitorId` in an activity, in [0, 100) with two decimals.
 *
 * @example
 * computeAllocation("someClientId", 125873, "338e3c1e51f7416a8e1ccba4f81acea0"); // e.g. 48.44
 */
export function computeAllocation(client: string, activityId: unknown, visitorId: string, salt = CAMPAIGN_BUCKET_SALT): number {
  const hash = murmur3Utf16([client, String(activityId), visitorId, salt].join("."));
  const bucket = Math.abs(hash) % TOTAL_BUCKETS;
  return Math.round((bucket / TOTAL_BUCKETS) * 100 * 100) / 100;
}

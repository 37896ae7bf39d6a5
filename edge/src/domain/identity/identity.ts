import { fromHex, hmacVerify } from "./crypto.ts";

/** Who a request or event is about, after secure mode has been applied. */
export interface Identity {
  /** The Durable Object key: `p:<profileId>` when the profile id is trusted, else `anon:<anonymousId>`. */
  profileKey: string;
  /** The profile id, only when trusted (secure mode off, or a valid signature). */
  profileId?: string;
  anonymousId: string;
}

export interface ClaimedIdentity {
  profileId?: string | undefined;
  anonymousId: string;
  profileSignature?: string | undefined;
}

export function profileKeyOf(profileId: string): string {
  return `p:${profileId}`;
}

export function anonymousKeyOf(anonymousId: string): string {
  return `anon:${anonymousId}`;
}

/**
 * Secure mode ("identity verification"): with an `identitySecret`, a claimed profile id is trusted
 * only with `profileSignature` = hex HMAC-SHA256(profileId, secret); otherwise the caller is served
 * as anonymous. Without a secret, profile ids are trusted (development, demos).
 */
export async function resolveIdentity(claim: ClaimedIdentity, identitySecret: string | undefined): Promise<Identity> {
  const { profileId, anonymousId } = claim;
  if (profileId !== undefined && (await isProfileTrusted(profileId, claim.profileSignature, identitySecret))) {
    return { profileKey: profileKeyOf(profileId), profileId, anonymousId };
  }
  return { profileKey: anonymousKeyOf(anonymousId), anonymousId };
}

export async function isProfileTrusted(
  profileId: string,
  signature: string | undefined,
  identitySecret: string | undefined,
): Promise<boolean> {
  if (!identitySecret) return true;
  if (!signature) return false;
  const bytes = fromHex(signature);
  if (!bytes || bytes.length !== 32) return false;
  return hmacVerify(identitySecret, profileId, bytes);
}

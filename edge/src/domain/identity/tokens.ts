import { constantTimeEqual, fromBase64Url, hmacSign, toBase64Url } from "./crypto.ts";

/** What a decision token proves: this decision was made by this edge for this profile. */
export interface DecisionClaims {
  /** Decision id; a `display` event carrying it settles that decision's cap reservation. */
  decisionId: string;
  placement: string;
  offerId: string | null;
  /** The profile key the decision was made for (`p:<profileId>` or `anon:<anonymousId>`). */
  profileKey: string;
  /** Epoch ms of the decision. */
  issuedAt: number;
  /** The experiment that decided the placement, and the profile's variant. */
  experimentId?: string;
  variantId?: string;
  /** Set when the catalog has a holdout: whether the profile is in it (its report's two groups). */
  holdout?: boolean;
}

interface CompactClaims {
  d: string;
  p: string;
  o: string | null;
  k: string;
  t: number;
  x?: string;
  v?: string;
  h?: 0 | 1;
}

/**
 * How long an event may cite a decision's token: a week, as long as a device may reasonably hold
 * events offline (the SDKs' queues keep them until they are delivered).
 */
export const DECISION_TOKEN_TTL_MS = 7 * 86_400_000;

const SIGNATURE_BYTES = 16;
const MAX_TOKEN_LENGTH = 2048;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Signs a compact decision token: `base64url(claims JSON) "." base64url(truncated HMAC-SHA256)`.
 *
 * @example
 * const token = await signDecisionToken(secret, { decisionId, placement: "home-hero", offerId: "vip", profileKey: "p:u-1", issuedAt: Date.now() });
 */
export async function signDecisionToken(secret: string, claims: DecisionClaims): Promise<string> {
  const compact: CompactClaims = {
    d: claims.decisionId,
    p: claims.placement,
    o: claims.offerId,
    k: claims.profileKey,
    t: claims.issuedAt,
    ...(claims.experimentId !== undefined && claims.variantId !== undefined ? { x: claims.experimentId, v: claims.variantId } : {}),
    ...(claims.holdout === undefined ? {} : { h: claims.holdout ? 1 : 0 }),
  };
  const payload = toBase64Url(encoder.encode(JSON.stringify(compact)));
  const signature = (await hmacSign(secret, payload)).slice(0, SIGNATURE_BYTES);
  return `${payload}.${toBase64Url(signature)}`;
}

/** The claims of a token this edge signed, or `undefined` for anything forged or malformed. */
export async function verifyDecisionToken(secret: string, token: string): Promise<DecisionClaims | undefined> {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const [payload, signatureText, extra] = token.split(".");
  if (payload === undefined || signatureText === undefined || extra !== undefined) return undefined;
  const signature = fromBase64Url(signatureText);
  // Only the canonical spelling: base64url's last character carries unused bits that decoding ignores.
  if (!signature || signature.length !== SIGNATURE_BYTES || toBase64Url(signature) !== signatureText) return undefined;
  const full = await hmacSign(secret, payload);
  // Compare the truncated MAC in constant time by verifying over equal-length digests.
  if (!constantTimeEqual(full.subarray(0, SIGNATURE_BYTES), signature)) return undefined;
  return parseClaims(payload);
}

function parseClaims(payload: string): DecisionClaims | undefined {
  const bytes = fromBase64Url(payload);
  if (!bytes) return undefined;
  try {
    const value: unknown = JSON.parse(decoder.decode(bytes));
    if (typeof value !== "object" || value === null) return undefined;
    const { d, p, o, k, t, x, v, h } = value as Partial<CompactClaims>;
    if (typeof d !== "string" || typeof p !== "string" || typeof k !== "string" || typeof t !== "number") {
      return undefined;
    }
    if (o !== null && typeof o !== "string") return undefined;
    const claims: DecisionClaims = { decisionId: d, placement: p, offerId: o, profileKey: k, issuedAt: t };
    if (typeof x === "string" && typeof v === "string") Object.assign(claims, { experimentId: x, variantId: v });
    if (h === 0 || h === 1) claims.holdout = h === 1;
    return claims;
  } catch {
    return undefined;
  }
}


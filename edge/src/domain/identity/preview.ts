import { PREVIEW_TOKEN_MAX_LENGTH } from "@edgewise/sdk-core/wire";
import { constantTimeEqual, fromBase64Url, hmacSign, toBase64Url } from "./crypto.ts";

/**
 * What a preview link forces, for the one browser or device that opens it (issue #21, "QA"): an
 * offer (shown first on its placements, whatever its eligibility, caps or schedule) or an
 * experiment's variant, until `expiresAt`. Decisions made under it are dry runs: nothing is
 * reserved, delivered or counted.
 */
export interface PreviewClaims {
  offerId?: string;
  experimentId?: string;
  variantId?: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** A preview link lives at most a day. */
export const PREVIEW_MAX_MINUTES = 1440;
const SIGNATURE_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Signed as `preview.<payload>`, so that no decision token (signed over its bare payload) passes for one. */
const macOf = async (secret: string, payload: string) => (await hmacSign(secret, `preview.${payload}`)).slice(0, SIGNATURE_BYTES);

/**
 * Signs a preview token: `base64url(claims JSON) "." base64url(truncated HMAC-SHA256)`.
 *
 * @example await signPreviewToken(secret, { offerId: "vip-spring", expiresAt: Date.now() + 3_600_000 })
 */
export async function signPreviewToken(secret: string, claims: PreviewClaims): Promise<string> {
  const compact = { o: claims.offerId, x: claims.experimentId, v: claims.variantId, e: claims.expiresAt };
  const payload = toBase64Url(encoder.encode(JSON.stringify(compact)));
  return `${payload}.${toBase64Url(await macOf(secret, payload))}`;
}

/** The claims of a preview token this edge signed (`expired` once past its time), or `invalid`. */
export async function verifyPreviewToken(secret: string, token: string, now: number): Promise<PreviewClaims | "invalid" | "expired"> {
  if (token.length > PREVIEW_TOKEN_MAX_LENGTH) return "invalid";
  const [payload, signatureText, extra] = token.split(".");
  if (payload === undefined || signatureText === undefined || extra !== undefined) return "invalid";
  const signature = fromBase64Url(signatureText);
  if (!signature || signature.length !== SIGNATURE_BYTES || toBase64Url(signature) !== signatureText) return "invalid";
  if (!constantTimeEqual(await macOf(secret, payload), signature)) return "invalid";
  try {
    const { o, x, v, e } = JSON.parse(decoder.decode(fromBase64Url(payload) ?? new Uint8Array())) as Record<string, unknown>;
    if (typeof e !== "number") return "invalid";
    const claims: PreviewClaims = { expiresAt: e };
    if (typeof o === "string") claims.offerId = o;
    if (typeof x === "string" && typeof v === "string") Object.assign(claims, { experimentId: x, variantId: v });
    if (claims.offerId === undefined && claims.experimentId === undefined) return "invalid";
    return now >= e ? "expired" : claims;
  } catch {
    return "invalid";
  }
}

import { hmacSign, toHex } from "../identity/crypto.ts";

/**
 * The headers of every outbound call (DESIGN.md): `x-edgewise-delivery` (the delivery's UUID, the
 * same on each retry: a receiver de-duplicates by it), `x-edgewise-timestamp` (Unix seconds of this
 * attempt) and, with a secret, `x-edgewise-signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
 *
 * @example await deliveryHeaders("0b6c…", '{"to":"ana"}', "s3cret", Date.now())
 */
export async function deliveryHeaders(deliveryId: string, body: string, secret: string | undefined, now: number): Promise<Record<string, string>> {
  const timestamp = String(Math.floor(now / 1000));
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": "Edgewise-Outbound/1",
    "x-edgewise-delivery": deliveryId,
    "x-edgewise-timestamp": timestamp,
  };
  if (secret !== undefined) headers["x-edgewise-signature"] = `sha256=${toHex(await hmacSign(secret, `${timestamp}.${body}`))}`;
  return headers;
}

/**
 * A stable delivery id (a UUID, version 8) for a call that may be made up more than once, e.g. a
 * campaign's call to one profile: the same name gives the same id, so the destination keeps it once.
 *
 * @example await stableDeliveryId("campaign:winter|p-42")
 */
export async function stableDeliveryId(name: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name))).slice(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = toHex(bytes);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

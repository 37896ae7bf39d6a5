/** Web Crypto helpers shared by tokens, secure mode and key checks. */

const encoder = new TextEncoder();
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA256 key for `secret`, imported once per isolate. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    hmacKeys.set(secret, key);
  }
  return key;
}

export async function hmacSign(secret: string, message: string): Promise<Uint8Array> {
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(message));
  return new Uint8Array(signature);
}

/** Constant-time check of an HMAC-SHA256 signature (Web Crypto's verify). */
export async function hmacVerify(secret: string, message: string, signature: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify("HMAC", await hmacKey(secret), signature, encoder.encode(message));
}

const digests = new Map<string, Promise<ArrayBuffer>>();

/** SHA-256 of a configured secret, computed once per isolate. */
function secretDigest(secret: string): Promise<ArrayBuffer> {
  let digest = digests.get(secret);
  if (!digest) digests.set(secret, (digest = crypto.subtle.digest("SHA-256", encoder.encode(secret))));
  return digest;
}

/**
 * Whether `given` equals one of the `expected` secrets, without leaking where they differ: `given`
 * is hashed once, each expected secret's digest is cached, and every pair of equal-length digests
 * is compared with `timingSafeEqual` (all of them, whatever the outcome).
 */
export async function secretsEqual(given: string, ...expected: string[]): Promise<boolean> {
  const [digest, ...known] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(given)), ...expected.map(secretDigest)]);
  let equal = false;
  for (const candidate of known) equal = crypto.subtle.timingSafeEqual(digest!, candidate!) || equal;
  return equal;
}

export function toHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** Decodes lowercase or uppercase hex; `undefined` for anything else. */
export function fromHex(hex: string): Uint8Array | undefined {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) return undefined;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Decodes base64url without padding; `undefined` when malformed. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

export async function sha256Hex(text: string): Promise<string> {
  return toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text))));
}

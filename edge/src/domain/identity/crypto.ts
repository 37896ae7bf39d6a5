/** Web Crypto helpers shared by tokens, secure mode and key checks. */

const encoder = new TextEncoder();
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const hmacKeys = new Map<string, Promise<HmacKey>>();

/** The HMAC-SHA256 key for `secret`, imported once per isolate. */
export function hmacKey(secret: string): Promise<HmacKey> {
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
 * Whether `given` equals one of the `expected` secrets, without leaking where they differ or how
 * long they are: `given` is hashed once, each expected secret's digest is cached, and every digest
 * is compared in constant time (all of them, whatever the outcome).
 */
export async function secretsEqual(given: string, ...expected: string[]): Promise<boolean> {
  const [digest, ...known] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(given)), ...expected.map(secretDigest)]);
  let equal = false;
  for (const candidate of known) equal = constantTimeEqual(new Uint8Array(digest!), new Uint8Array(candidate!)) || equal;
  return equal;
}

const publicKeys = new Map<string, { keys: Uint8Array[]; accepted: Set<string> }>();

/**
 * Whether `given` is one of the comma-separated `configured` public keys (client keys, which every
 * page that embeds the SDK carries): each key compared in constant time over its bytes (only a
 * key's length can show), and a key once accepted is remembered, so the set holds at most the
 * configured keys. The parsed list is kept per configuration string.
 */
export function isPublicKey(given: string, configured: string): boolean {
  let known = publicKeys.get(configured);
  if (!known) {
    known = { keys: configured.split(",").map((k) => k.trim()).filter(Boolean).map((k) => encoder.encode(k)), accepted: new Set() };
    if (publicKeys.size >= 8) publicKeys.clear();
    publicKeys.set(configured, known);
  }
  if (known.accepted.has(given)) return true;
  const bytes = encoder.encode(given);
  let equal = false;
  for (const key of known.keys) equal = (key.length === bytes.length && constantTimeEqual(key, bytes)) || equal;
  if (equal) known.accepted.add(given);
  return equal;
}

/** Equal-length byte arrays compared in time that depends only on their length. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
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

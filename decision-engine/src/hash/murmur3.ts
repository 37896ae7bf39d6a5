/**
 * MurmurHash3, x86 32-bit variant, over the UTF-8 bytes of a string.
 *
 * The bytes are produced on the fly (no buffer is allocated), so hashing a bucketing key costs a few
 * dozen integer operations. Lone UTF-16 surrogates are encoded as U+FFFD, exactly as `TextEncoder`
 * does, so every runtime hashes every string the same way.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixTail(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  return h ^ k;
}

function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3 x86 32-bit of the UTF-8 encoding of `text`, as an unsigned integer.
 *
 * @example
 * murmur3("hello");      // 613153351
 * murmur3("", 1);        // 1364076727 (0x514e28b7)
 * murmur3("vip.u-123") % 10000; // a stable bucket in 0–9999
 */
export function murmur3(text: string, seed = 0): number {
  let h = seed | 0;
  let block = 0; // bytes of the current 4-byte block, little-endian
  let filled = 0; // how many bytes `block` holds
  let length = 0; // total bytes hashed

  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let packed: number; // this code point's UTF-8 bytes, first byte lowest
    let count: number;
    if (code < 0x80) {
      packed = code;
      count = 1;
    } else if (code < 0x800) {
      packed = (0xc0 | (code >> 6)) | ((0x80 | (code & 0x3f)) << 8);
      count = 2;
    } else {
      if (code >= 0xd800 && code <= 0xdfff) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
          i++;
        } else {
          code = 0xfffd; // a lone surrogate, as TextEncoder encodes it
        }
      }
      if (code < 0x10000) {
        packed = (0xe0 | (code >> 12)) | ((0x80 | ((code >> 6) & 0x3f)) << 8) | ((0x80 | (code & 0x3f)) << 16);
        count = 3;
      } else {
        packed =
          (0xf0 | (code >> 18)) |
          ((0x80 | ((code >> 12) & 0x3f)) << 8) |
          ((0x80 | ((code >> 6) & 0x3f)) << 16) |
          ((0x80 | (code & 0x3f)) << 24);
        count = 4;
      }
    }
    length += count;
    for (let j = 0; j < count; j++) {
      block |= ((packed >>> (j << 3)) & 0xff) << (filled << 3);
      if (++filled === 4) {
        h = mixBlock(h, block);
        block = 0;
        filled = 0;
      }
    }
  }

  if (filled > 0) h = mixTail(h, block);
  return finalize(h, length);
}

/**
 * The UTF-8 encoding of `text` (lone surrogates become U+FFFD), like `TextEncoder#encode`, which the
 * engine cannot assume exists.
 *
 * @example
 * encodeUtf8("é"); // Uint8Array [0xc3, 0xa9]
 */
export function encodeUtf8(text: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        code = 0xfffd;
      }
    }
    if (code < 0x80) bytes.push(code);
    else if (code < 0x800) bytes.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) bytes.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else
      bytes.push(
        0xf0 | (code >> 18),
        0x80 | ((code >> 12) & 0x3f),
        0x80 | ((code >> 6) & 0x3f),
        0x80 | (code & 0x3f),
      );
  }
  return Uint8Array.from(bytes);
}

/**
 * MurmurHash3 x86 32-bit of raw bytes (the reference algorithm, block by block).
 *
 * @example
 * murmur3Bytes(encodeUtf8("hello")) === murmur3("hello"); // true
 */
export function murmur3Bytes(bytes: ArrayLike<number>, seed = 0): number {
  let h = seed | 0;
  const length = bytes.length;
  const whole = length - (length % 4);
  for (let i = 0; i < whole; i += 4) {
    const k =
      (bytes[i]! & 0xff) |
      ((bytes[i + 1]! & 0xff) << 8) |
      ((bytes[i + 2]! & 0xff) << 16) |
      ((bytes[i + 3]! & 0xff) << 24);
    h = mixBlock(h, k);
  }
  let tail = 0;
  for (let i = length - 1; i >= whole; i--) tail = (tail << 8) | (bytes[i]! & 0xff);
  if (length > whole) h = mixTail(h, tail);
  return finalize(h, length);
}

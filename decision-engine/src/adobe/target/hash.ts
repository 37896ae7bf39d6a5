/**
 * MurmurHash3 x86 32-bit over UTF-16 code units, as Guava's `Hashing.murmur3_32().hashUnencodedChars`
 * computes it: each code unit is two little-endian bytes, so `"ab"` hashes the bytes `61 00 62 00`.
 * Adobe Target allocates visitors with it. The engine's own `murmur3` (src/hash/murmur3.ts) hashes
 * UTF-8 bytes instead, which gives different values, so this variant sits beside it.
 *
 * Returns the hash as a **signed** 32-bit integer, like Guava's `asInt()`.
 *
 * @example
 * murmur3Utf16("");      // 0
 * murmur3Utf16("hello"); // a signed 32-bit integer
 */
export const murmur3Utf16 = (text: string, seed = 0): number => {
  let h = seed | 0;
  const scramble = (k: number) => ((k = Math.imul(k, 0xcc9e2d51)), Math.imul((k << 15) | (k >>> 17), 0x1b873593));
  const units = text.length;
  let i = 1;
  for (; i < units; i += 2) {
    h ^= scramble(text.charCodeAt(i - 1) | (text.charCodeAt(i) << 16));
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  if (units & 1) h ^= scramble(text.charCodeAt(units - 1));
  h ^= units * 2; // length in bytes
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
};

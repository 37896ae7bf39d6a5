/**
 * MurmurHash3 x86 32-bit of the UTF-8 encoding of `text`, as an unsigned integer. Lone UTF-16
 * surrogates are encoded as U+FFFD, exactly as `TextEncoder` does (which the engine does not assume
 * exists), so every runtime hashes every string the same way.
 *
 * @example
 * murmur3("hello");      // 613153351
 * murmur3("", 1);        // 1364076727 (0x514e28b7)
 * murmur3("vip.u-123") % 10000; // a stable bucket in 0–9999
 */
export const murmur3 = (text: string, seed = 0): number => {
  let h = seed | 0;
  let block = 0; // the current 4-byte block, little-endian
  let length = 0; // bytes so far
  const scramble = (k: number) => ((k = Math.imul(k, 0xcc9e2d51)), Math.imul((k << 15) | (k >>> 17), 0x1b873593));
  const add = (byte: number) => {
    block |= byte << (8 * (length & 3));
    if (!(++length & 3)) {
      h ^= scramble(block);
      h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
      block = 0;
    }
  };
  // UTF-8 through encodeURIComponent ("é" → "%C3%A9"), lone surrogates first replaced by U+FFFD.
  encodeURIComponent(text.replace(/[\ud800-\udfff]/gu, "\ufffd")).replace(/%(..)|[^]/g, (char, hex) => {
    add(hex ? parseInt(hex, 16) : char.charCodeAt(0));
    return "";
  });
  h ^= scramble(block) ^ length; // block is 0 (and scrambles to 0) when there is no tail
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { murmur3 } from "../../src/hash/murmur3.ts";

/** The reference algorithm, block by block over bytes, to check the engine's streaming UTF-8 version. */
function murmur3Bytes(bytes: ArrayLike<number>, seed = 0): number {
  const scramble = (k: number) => {
    k = Math.imul(k, 0xcc9e2d51);
    return Math.imul((k << 15) | (k >>> 17), 0x1b873593);
  };
  let h = seed | 0;
  const whole = bytes.length - (bytes.length % 4);
  for (let i = 0; i < whole; i += 4) {
    h ^= scramble(bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    h = (Math.imul((h << 13) | (h >>> 19), 5) + 0xe6546b64) | 0;
  }
  let tail = 0;
  for (let i = bytes.length - 1; i >= whole; i--) tail = (tail << 8) | bytes[i]!;
  if (bytes.length > whole) h ^= scramble(tail);
  h ^= bytes.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** UTF-8 as TextEncoder produces it (lone surrogates become U+FFFD). */
const encodeUtf8 = (text: string) => new TextEncoder().encode(text);

// Reference vectors of MurmurHash3_x86_32 (Austin Appleby's SMHasher implementation).
const VECTORS: ReadonlyArray<[text: string, seed: number, hash: number]> = [
  ["", 0, 0],
  ["", 1, 0x514e28b7],
  ["", 0xffffffff, 0x81f16f39],
  ["\0\0\0\0", 0, 0x2362f9de],
  ["hello", 0, 613153351],
  ["abc", 0, 0xb3dd93fa],
  ["test", 0, 0xba6bd213],
  ["foo", 0, 4138058784],
  ["Hello, world!", 1234, 0xfaf6cdb3],
  ["The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723],
  ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
  ["Hello, world!", 0x9747b28c, 0x24884cba],
  ["a", 0x9747b28c, 0x7fa09ea6],
  ["ab", 0x9747b28c, 0x74875592],
  ["abc", 0x9747b28c, 0xc84a62dd],
  ["abcd", 0x9747b28c, 0xf0478627],
  ["aaaa", 0x9747b28c, 0x5a97808a],
  // U+03C0 × 8: two-byte UTF-8 sequences straddling the 4-byte blocks.
  ["ππππππππ", 0x9747b28c, 0xd58063c1],
];

describe("murmur3 (x86, 32-bit)", () => {
  it.each(VECTORS)("murmur3(%j, %i) = %i", (text, seed, hash) => {
    expect(murmur3(text, seed)).toBe(hash);
    expect(murmur3Bytes(encodeUtf8(text), seed)).toBe(hash);
  });

  it("defaults the seed to 0 and always returns an unsigned 32-bit integer", () => {
    expect(murmur3("hello")).toBe(murmur3("hello", 0));
    for (const text of ["", "a", "zz", "u-1", "😀", "x".repeat(1000)]) {
      const hash = murmur3(text, 7);
      expect(Number.isInteger(hash)).toBe(true);
      expect(hash).toBeGreaterThanOrEqual(0);
      expect(hash).toBeLessThan(2 ** 32);
    }
  });

  it("hashes the UTF-8 bytes of non-ASCII text (2-, 3- and 4-byte sequences)", () => {
    const samples = ["josé", "São Paulo", "€100", "日本語テキスト", "😀", "a😀b🎉c", "ﬁ", "e\u0301"];
    for (const text of samples) {
      const bytes = Buffer.from(text, "utf8");
      expect(murmur3(text, 42)).toBe(murmur3Bytes(bytes, 42));
    }
    // Composed and decomposed "é" are different byte strings, so different hashes.
    expect(murmur3("josé")).not.toBe(murmur3("jose\u0301"));
    expect(murmur3("josé")).toBe(1372596709);
    expect(murmur3("😀")).toBe(3199479546);
  });

  it("encodes lone surrogates as U+FFFD, like TextEncoder", () => {
    expect(murmur3("\ud800")).toBe(murmur3Bytes([0xef, 0xbf, 0xbd]));
    expect(murmur3("\ud800")).toBe(murmur3("\ufffd"));
    expect(murmur3("a\udc00b")).toBe(murmur3("a\ufffdb"));
    expect(murmur3("x\ud83d")).toBe(murmur3("x\ufffd")); // high surrogate at the end
    expect(murmur3("a\ud83d\ud83d\ude00")).toBe(murmur3Bytes(encodeUtf8("a\ud83d\ud83d\ude00")));
  });

  it("agrees with the byte-wise reference implementation on every tail length", () => {
    let text = "";
    for (let i = 0; i < 40; i++) {
      text += i % 7 === 0 ? "é" : i % 11 === 0 ? "😀" : String.fromCharCode(97 + (i % 26));
      expect(murmur3(text, i)).toBe(murmur3Bytes(encodeUtf8(text), i));
    }
  });
});

import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { encodeUtf8, murmur3, murmur3Bytes } from "../../src/hash/murmur3.ts";

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
      expect(Array.from(encodeUtf8(text))).toEqual(Array.from(bytes));
      expect(murmur3(text, 42)).toBe(murmur3Bytes(bytes, 42));
    }
    // Composed and decomposed "é" are different byte strings, so different hashes.
    expect(murmur3("josé")).not.toBe(murmur3("jose\u0301"));
    expect(murmur3("josé")).toBe(1372596709);
    expect(murmur3("😀")).toBe(3199479546);
  });

  it("encodes lone surrogates as U+FFFD, like TextEncoder", () => {
    expect(Array.from(encodeUtf8("\ud800"))).toEqual([0xef, 0xbf, 0xbd]);
    expect(murmur3("\ud800")).toBe(murmur3("\ufffd"));
    expect(murmur3("a\udc00b")).toBe(murmur3("a\ufffdb"));
    expect(murmur3("x\ud83d")).toBe(murmur3("x\ufffd")); // high surrogate at the end
    expect(Array.from(encodeUtf8("a\ud83d\ud83d\ude00"))).toEqual(Array.from(new TextEncoder().encode("a\ud83d\ud83d\ude00")));
  });

  it("agrees with the byte-wise reference implementation on every tail length", () => {
    let text = "";
    for (let i = 0; i < 40; i++) {
      text += i % 7 === 0 ? "é" : i % 11 === 0 ? "😀" : String.fromCharCode(97 + (i % 26));
      expect(murmur3(text, i)).toBe(murmur3Bytes(encodeUtf8(text), i));
    }
  });
});

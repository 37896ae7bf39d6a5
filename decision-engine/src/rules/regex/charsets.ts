/**
 * Sets of code points for the `matches` regular expressions, and the case mapping behind the `"i"`
 * flag. A set is a flat list of inclusive ranges `[from, to, from, to, …]`, in any order.
 */
export type Ranges = number[];

const LAST = 0x10ffff;

export const DIGITS: Ranges = [48, 57];
export const WORD: Ranges = [48, 57, 65, 90, 95, 95, 97, 122];
/** `\w` with `"i"`, as in JavaScript's `iu` mode: also ſ (U+017F) and the Kelvin sign (U+212A), which fold to s and k. */
export const WORD_I: Ranges = [...WORD, 0x17f, 0x17f, 0x212a, 0x212a];
/** `\s`: JavaScript's WhiteSpace and LineTerminator. */
export const SPACES: Ranges = [9, 13, 32, 32, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
/** `.`: every code point but the line terminators \n, \r, U+2028 and U+2029. */
export const DOT: Ranges = [0, 9, 11, 12, 14, 0x2027, 0x202a, LAST];

/** The code points that `set` (sorted, as the constants above) leaves out. */
export const complement = (set: Ranges): Ranges => {
  const out: Ranges = [];
  let next = 0;
  for (let k = 0; k < set.length; k += 2) {
    if (set[k]! > next) out.push(next, set[k]! - 1);
    next = set[k + 1]! + 1;
  }
  if (next <= LAST) out.push(next, LAST);
  return out;
};

/** Whether `set` (or its part from index `start` to `end`) holds the code point `c`. */
export const has = (set: ArrayLike<number>, c: number, start = 0, end = set.length): boolean => {
  for (let k = start; k < end; k += 2) if (set[k]! <= c && c <= set[k + 1]!) return true;
  return false;
};

const single = (mapped: string, c: number): number => {
  const d = mapped.codePointAt(0)!;
  return mapped.length == (d > 0xffff ? 2 : 1) ? d : c;
};

/** `c` lower-cased by the runtime (`toLowerCase`), or `c` when that gives several code points. */
export const lower = (c: number): number =>
  c < 128 ? (c > 64 && c < 91 ? c + 32 : c) : single(String.fromCodePoint(c).toLowerCase(), c);

/**
 * `c` upper-cased by the runtime (`toUpperCase`), or `c` when that gives several code points, and
 * for ı (U+0131), whose upper case I does not fold to it.
 */
export const upper = (c: number): number =>
  c < 128 ? (c > 96 && c < 123 ? c - 32 : c) : c == 0x131 ? c : single(String.fromCodePoint(c).toUpperCase(), c);

/**
 * The highest code point that a character of its case class does not reach in one step of
 * {@link lower} or {@link upper} (ꙋ U+A64B, from ᲈ U+1C88, whose upper case is Ꙋ): sets get their
 * members' variants up to here; beyond it, a character's own lower and upper case suffice.
 */
const LAST_UNREACHABLE = 0xa64b;

/**
 * `set` with the case variants of its members (repeated {@link lower} and {@link upper}), for `"i"`.
 * A code point `c` then matches when it, `lower(c)` or `upper(c)` is in the result: the same answer
 * as JavaScript's simple case folding (`iu`) for every code point (checked against V8 over the whole
 * Unicode range when this was written).
 */
export const withCaseVariants = (set: Ranges): Ranges => {
  const seen = new Set<number>();
  const out = set.slice();
  const visit = (c: number): void => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const d of [lower(c), upper(c)]) {
      // Variants come mostly in order (a…z gives A…Z): one that follows the last range extends it.
      if (!has(out, d)) d == out[out.length - 1]! + 1 ? (out[out.length - 1] = d) : out.push(d, d);
      visit(d);
    }
  };
  for (let k = 0; k < set.length; k += 2) for (let c = set[k]!; c <= Math.min(set[k + 1]!, LAST_UNREACHABLE); c++) visit(c);
  return out;
};

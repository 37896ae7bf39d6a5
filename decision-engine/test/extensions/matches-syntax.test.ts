// Each construct of the `matches` syntax, with hand-written answers, and what is refused and why.
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ESM build script without types
import { measureSize } from "../../scripts/size.mjs";
import { compileRule } from "../../src/rules/compiler.ts";
import { RuleCompileError } from "../../src/rules/errors.ts";
import { unsafePatternReason } from "../../src/rules/extensions/matches.ts";
import { compilePattern, MAX_PATTERN_LENGTH, MAX_REPEAT, MAX_STATES, MAX_TEXT_LENGTH } from "../../src/rules/regex/index.ts";

/** [pattern, text, whether it matches somewhere]. */
type Case = [string, string, boolean];

const check = (cases: Case[], ignoreCase = false) =>
  it.each(cases)(`%j on %j → %j${ignoreCase ? ' (with "i")' : ""}`, (pattern, text, expected) => {
    expect(compilePattern(pattern, ignoreCase)(text)).toBe(expected);
  });

describe("matches syntax", () => {
  describe("literals, code point by code point", () => {
    check([
      ["abc", "xabcx", true],
      ["abc", "ab", false],
      ["São", "São Paulo", true],
      ["^😀$", "😀", true], // one code point, two UTF-16 units
      ["^😀+$", "😀😀😀", true], // + repeats the whole emoji
      ["^😀{2}$", "😀😀", true],
      ["😀", "\ud83d", false],
      ["/", "a/b", true],
      [",-=!:<>'\"#%&~`@ ", ",-=!:<>'\"#%&~`@ ", true],
    ]);
  });

  describe(". is any code point but a line terminator", () => {
    check([
      ["^.$", "a", true],
      ["^.$", "😀", true],
      ["^.$", "\ud83d", true], // a lone surrogate is a code point
      ["^.$", "\n", false],
      ["^.$", "\r", false],
      ["^.$", "\u2028", false],
      ["^.$", "\u2029", false],
      ["^.$", "\u0085", true],
      ["^.$", "", false],
      ["^...$", "a😀b", true],
    ]);
  });

  describe("escapes", () => {
    check([
      ["^\\d+$", "0123456789", true],
      ["\\d", "٣", false], // ASCII digits only
      ["^\\D$", "a", true],
      ["^\\w+$", "aZ0_", true],
      ["\\w", "é", false],
      ["^\\W$", "-", true],
      ["^\\s+$", " \t\n\r\v\f\u00a0\u2003\u2028\u3000\ufeff", true],
      ["\\s", "\u200b", false],
      ["^\\S$", "a", true],
      ["^\\t\\n\\r\\f\\v$", "\t\n\r\f\v", true],
      ["^\\0$", "\0", true],
      ["^\\/\\.\\*\\+\\?\\^\\$\\\\\\|\\(\\)\\[\\]\\{\\}$", "/.*+?^$\\|()[]{}", true],
      ["^\\cJ\\cm$", "\n\r", true],
      ["^\\x41\\xe9$", "Aé", true],
      ["^\\u0041\\u00E9$", "Aé", true],
      ["^\\u{1F600}$", "😀", true],
      ["^\\u{0041}$", "A", true],
      ["^\\uD83D\\uDE00$", "😀", true], // a pair of surrogate escapes is one code point
      ["^\\uD83D$", "😀", false],
      ["^\\uD83D$", "\ud83d", true],
    ]);
  });

  describe("classes", () => {
    check([
      ["^[abc]+$", "cab", true],
      ["[abc]", "d", false],
      ["^[^abc]+$", "def", true],
      ["[^abc]", "abc", false],
      ["^[a-z0-9_]+$", "snake_case_9", true],
      ["[a-z]", "A", false],
      ["^[\\d.]+$", "1.5", true],
      ["^[\\w-]+$", "kebab-case", true],
      ["^[^\\s]+$", "no-space", true],
      ["^[\\]\\\\^-]+$", "]\\^-", true],
      ["^[-a]$", "-", true],
      ["^[a-]$", "-", true],
      ["^[\\-]$", "-", true],
      ["^[\\b]$", "\b", true], // backspace, in a class
      ["^[.*+?(){}|$/]+$", ".*+?(){}|$/", true],
      ["^[[]$", "[", true],
      ["^[😀-😂]$", "😁", true],
      ["^[\\u0041-\\u005A]$", "Q", true],
      ["^[\\x00-\\x1f]$", "\t", true],
      ["[]", "anything", false], // the empty class matches nothing
      ["^[^]$", "\n", true], // and its negation everything
      ["^[\\s\\S]{3}$", "a\nb", true],
    ]);
  });

  describe("anchors and word boundaries", () => {
    check([
      ["^cart", "cart/items", true],
      ["^cart", "/cart", false],
      ["cart$", "/cart", true],
      ["cart$", "/cart\n", false], // no multiline: $ is the end of the text only
      ["^$", "", true],
      ["^$", "\n", false],
      ["a^", "a", false],
      ["\\bsale\\b", "big sale!", true],
      ["\\bsale\\b", "wholesale", false],
      ["\\Bsale", "wholesale", true],
      ["\\bé", "é", false], // é is not a word character, so no boundary before it at the start
      ["\\b", "", false],
      ["\\B", "", true],
      ["^\\b\\w+\\b$", "word", true],
    ]);
  });

  describe("groups and alternation", () => {
    check([
      ["^(cat|dog)s?$", "dogs", true],
      ["^(?:cat|dog)$", "cow", false],
      ["^(?<animal>cat|dog)$", "cat", true],
      ["^(?<a1>x)(?<_b$>y)$", "xy", true],
      ["^(a|ab)(c|bcd)$", "abcd", true],
      ["^(|a)$", "", true],
      ["a|", "zzz", true], // the empty alternative matches anywhere
      ["^((a|b)(c|d))+$", "acbdad", true],
      ["()", "", true],
    ]);
  });

  describe("quantifiers, greedy or lazy (the same answer)", () => {
    check([
      ["^a*$", "", true],
      ["^a+$", "", false],
      ["^a?b$", "b", true],
      ["^a{3}$", "aaa", true],
      ["^a{3}$", "aaaa", false],
      ["^a{2,}$", "aaaaaa", true],
      ["^a{2,3}$", "aaaa", false],
      ["^a{0}$", "", true],
      ["^a*?$", "aaa", true],
      ["^a+?$", "aaa", true],
      ["^a??$", "a", true],
      ["^a{2,3}?$", "aaa", true],
      ["^a{2,}?$", "a", false],
      ["^(?:ab){2}$", "abab", true],
      ["^(a*)*$", "aaa", true],
      ["^(a|b?){3}$", "ab", true],
      ["^a{990}$", "a".repeat(990), true],
      ["^a{990}$", "a".repeat(989), false],
      ["^x{0,3}y$", "xxxy", true],
      ["^x{0,3}y$", "xxxxy", false],
    ]);
  });

  describe('"i": case-insensitive, by simple case folding', () => {
    check(
      [
        ["hello", "HeLLo", true],
        ["^[a-z]+$", "ABC", true],
        ["^[^a-z]$", "A", false],
        ["são paulo", "SÃO PAULO", true],
        ["^σ+$", "Σσς", true], // final sigma folds to σ
        ["^привет$", "ПРИВЕТ", true],
        ["^ǅ$", "ǆ", true], // title case
        ["k", "\u212a", true], // the Kelvin sign folds to k
        ["\u212a", "K", true],
        ["s", "ſ", true], // long s folds to s
        ["i", "ı", false], // dotless ı folds to nothing else
        ["i", "İ", false],
        ["ß", "ẞ", true],
        ["ß", "SS", false], // no full (multi-character) folding
        ["^\\w$", "ſ", true], // \w with "i" holds ſ and the Kelvin sign, as JavaScript's
        ["\\W", "\u212a", false],
        ["^\\x41$", "a", true],
        ["𐐀", "𐐨", true], // Deseret, beyond the BMP
      ],
      true,
    );
  });

  it(`a text longer than ${MAX_TEXT_LENGTH} code units does not match`, () => {
    const search = compilePattern("a");
    expect(search(`${"b".repeat(MAX_TEXT_LENGTH - 1)}a`)).toBe(true);
    expect(search(`${"b".repeat(MAX_TEXT_LENGTH)}a`)).toBe(false);
    expect(compilePattern("^")("x".repeat(MAX_TEXT_LENGTH + 1))).toBe(false);
  });

  it("keeps no state between searches", () => {
    const search = compilePattern("^ab$");
    expect([search("ab"), search("abc"), search("ab"), search("a"), search("ab")]).toEqual([true, false, true, false, true]);
  });
});

describe("matches refuses at compile time, saying why and where", () => {
  it.each([
    // left out
    ["(a)\\1", /^no numbered or named backreferences \(at 3\)$/],
    ["(?<x>a)\\k<x>", /no numbered or named backreferences/],
    ["a(?=b)", /no lookahead or lookbehind/],
    ["a(?!b)", /no lookahead or lookbehind/],
    ["(?<=a)b", /no lookahead or lookbehind/],
    ["(?<!a)b", /no lookahead or lookbehind/],
    ["(?i:a)", /only \(\?: and \(\?<name> groups/],
    ["\\p{L}", /no Unicode property escapes/],
    ["[\\P{L}]", /no Unicode property escapes/],
    // bounds
    ["a".repeat(MAX_PATTERN_LENGTH + 1), /^at most 200 characters$/],
    ["a{1001}", /^repetition counts are at most 1000 \(at 1\)$/],
    [`a{${MAX_REPEAT}}`, new RegExp(`over ${MAX_STATES} states`)], // a count under its bound, a program over its own
    ["a{0,1001}", /repetition counts are at most 1000/],
    ["a{1001,}", /repetition counts are at most 1000/],
    ["(?:[a-z]{1,100}){6}", new RegExp(`over ${MAX_STATES} states`)],
    ["(?:(?:(?:a{10}){10}){10}){10}", /over 1000 states/],
    // syntax, as the u flag has it
    ["(a", /^invalid pattern: missing \) \(at 2\)$/],
    ["a)", /invalid pattern: unmatched \) \(at 1\)/],
    ["[a", /invalid pattern: missing \]/],
    ["a]", /invalid pattern: nothing to repeat or lone \]/],
    ["a}", /invalid pattern: nothing to repeat or lone \}/],
    ["{", /invalid pattern: nothing to repeat or lone \{/],
    ["*a", /invalid pattern: nothing to repeat/],
    ["a**", /invalid pattern: nothing to repeat/],
    ["a|*", /invalid pattern: nothing to repeat/],
    ["^*", /invalid pattern: nothing to repeat/],
    ["\\b+", /invalid pattern: nothing to repeat/],
    ["a{", /invalid pattern: bad \{n,m\} \(at 1\)/],
    ["a{1", /invalid pattern: bad \{n,m\}/],
    ["a{,2}", /invalid pattern: bad \{n,m\}/],
    ["a{2,1}", /invalid pattern: bad \{n,m\}/],
    ["[z-a]", /invalid pattern: bad range in \[\]/],
    ["[\\d-z]", /invalid pattern: bad range in \[\]/],
    ["(?<1a>x)", /invalid pattern: invalid group name/],
    ["(?<>x)", /invalid pattern: invalid group name/],
    ["a\\", /invalid pattern: \\ at the end/],
    ["\\-", /invalid pattern: invalid escape \\- \(at 0\)/],
    ["\\a", /invalid escape \\a/],
    ["\\e", /invalid escape \\e/],
    ["\\B", null],
    ["[\\B]", /invalid escape \\B/],
    ["\\01", /invalid escape \\0/],
    ["[\\1]", /invalid escape \\1/],
    ["\\c1", /invalid escape \\c/],
    ["\\x4", /invalid escape \\x/],
    ["\\u12", /invalid escape \\u/],
    ["\\u{110000}", /invalid escape \\u/],
    ["\\u{}", /invalid escape \\u/],
    ["\\u{41", /invalid escape \\u/],
  ])("%j", (pattern, reason) => {
    if (reason) expect(unsafePatternReason(pattern)).toMatch(reason);
    else expect(unsafePatternReason(pattern)).toBeNull();
    if (reason) expect(() => new RegExp(pattern, "u")).toSatisfy((make: () => unknown) => {
      try {
        make();
        return /no |at most|over \d+ states/.test(unsafePatternReason(pattern)!); // valid JavaScript, left out or over a bound
      } catch {
        return true; // invalid JavaScript too
      }
    });
  });

  it("as a RuleCompileError at the pattern's path", () => {
    expect(() => compileRule({ and: [true, { matches: [{ var: "x" }, "a{2,1}"] }] })).toThrow(RuleCompileError);
    try {
      compileRule({ and: [true, { matches: [{ var: "x" }, "(?=a)", "i"] }] });
      expect.unreachable();
    } catch (error) {
      expect((error as RuleCompileError).path).toBe("$.and[1].matches[1]");
      expect((error as RuleCompileError).message).toBe(
        '"matches" pattern: only (?: and (?<name> groups, no lookahead or lookbehind (at 2) at $.and[1].matches[1]',
      );
    }
  });
});

describe('"i" against JavaScript, character by character', () => {
  // Every code point with a case mapping (to U+1FFFF), as a pattern, on its case variants and on the
  // characters whose variants lower/upper do not reach in one step (the Kelvin sign, ſ, ϑ, ᲀ…).
  const one = (text: string) => ([...text].length == 1 ? text : "");
  const variants = (c: string) => [c, one(c.toLowerCase()), one(c.toUpperCase()), one(one(c.toUpperCase()).toLowerCase()), one(one(c.toLowerCase()).toUpperCase())];
  const cased: string[] = [];
  for (let code = 0; code < 0x20000; code++) {
    const c = String.fromCodePoint(code);
    if (c.toLowerCase() != c || c.toUpperCase() != c) cased.push(c);
  }
  const odd = cased.filter((c) => variants(c).some((d) => d && d != c && new RegExp(`^${c}$`, "iu").test(d) && !variants(d).includes(c)));

  it(`agrees on ${cased.length} cased characters, each against its variants and ${odd.length} odd ones`, () => {
    const disagreements = cased.flatMap((c) => {
      const pattern = `\\u{${c.codePointAt(0)!.toString(16)}}`;
      const ours = compilePattern(pattern, true), theirs = new RegExp(`^${pattern}$`, "iu");
      return [...new Set([...variants(c), ...odd])].filter((d) => d && ours(d) != theirs.test(d)).map((d) => `${c} ${d}`);
    });
    expect(disagreements).toEqual([]);
  });
});

describe("the matches operator, bundled", () => {
  it("uses no RegExp, no regular expression literal, no eval and no new Function", async () => {
    const { code } = (await measureSize({ contents: 'export { matches } from "./rules/extensions/matches.ts";' })) as { code: Uint8Array };
    const text = new TextDecoder().decode(code);
    expect(text).toContain("codePointAt"); // the matcher is there
    expect(text).not.toMatch(/RegExp|\beval\s*\(|Function\s*\(|[=(,:]\s*\/[^/*\s][^/\n]*\/[dgimsuyv]*[,;).]/);
  });
});

// ReDoS: patterns that make a backtracking engine take exponential (or high polynomial) time on a
// crafted text, each matched here on a 10,000-character adversarial text in well under 50 ms,
// since the matcher cannot backtrack. And ordinary rule patterns, still accepted and right.
import { describe, expect, it } from "vitest";
import { applyRule } from "../../src/rules/compiler.ts";
import { compilePattern, MAX_STATES, MAX_TEXT_LENGTH } from "../../src/rules/regex/index.ts";

const N = 10_000;
const times = (text: string) => text.repeat(Math.ceil(N / text.length)).slice(0, N);

/** [pattern, adversarial text (10,000 characters with its tail), whether it matches]. */
const SUPER_LINEAR: [string, string, boolean][] = [
  // The audit's three: adjacent quantifiers over the same characters.
  ["^\\d*\\d*\\d*\\d*\\d*\\d*\\d*x$", times("1"), false],
  ["^.*.*.*.*.*=$", times("a"), false],
  ["\\s*\\s*\\s*\\s*x$", times(" "), false],
  // OWASP's "evil regex" list: (a+)+, ([a-zA-Z]+)*, (a|aa)+, (a|a?)+, (.*a){x} for x > 10.
  ["(a+)+$", `${times("a").slice(1)}!`, false],
  ["^(a+)+$", `${times("a").slice(1)}!`, false],
  ["^([a-zA-Z]+)*$", `${times("aB").slice(1)}1`, false],
  ["(a|a)*$", `${times("a").slice(1)}!`, true], // the empty match at the end, after 2^n tries at each position
  ["(a|aa)+$", `${times("a").slice(1)}!`, false],
  ["^(a|a?)+$", `${times("a").slice(1)}!`, false],
  ["(.*a){12}", `${"a".repeat(11)}${times("b").slice(11)}`, false],
  ["(.*a){20}$", `${times("a").slice(1)}b`, false],
  // OWASP's examples: an e-mail validator and a Java class name.
  ["^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$", `${times("a").slice(1)}!`, false],
  ["^(([a-z])+.)+[A-Z]([a-z])+$", `${times("a").slice(1)}!`, false],
  // E-mail validation classics.
  ["^([a-zA-Z0-9_\\-\\.]+)@([a-zA-Z0-9_\\-\\.]+)\\.([a-zA-Z]{2,5})$", `${times("a").slice(1)}@`, false],
  ["^[\\w.+-]+@([\\w-]+\\.)+[\\w-]{2,}$", `a@${times("a.").slice(3)}!`, false],
  ["^(\\w+\\.?)+@", `${times("a").slice(1)}!`, false],
  ["^([\\w.%+-]+)*@[\\w.-]+\\.\\w+$", `${times("a.").slice(1)}!`, false],
  ["^(([^<>()\\[\\]\\\\.,;:\\s@\"]+(\\.[^<>()\\[\\]\\\\.,;:\\s@\"]+)*)|(\".+\"))@", `${times("a.a").slice(1)}!`, false],
  // Words, lists and numbers.
  ["^(\\w+\\s?)*$", `${times("a ").slice(1)}!`, false],
  ["^(\\s*\\w+\\s*,?)*$", `${times("a, ").slice(1)}!`, false],
  ["^(\\d+)*$", `${times("1").slice(1)}x`, false],
  ["^(([0-9]+)\\.?)+$", `${times("1.1").slice(1)}x`, false],
  ["^(\\w|\\d)+$", `${times("1").slice(1)}!`, false],
  ["(\\w+)*$", `${times("a").slice(1)}!`, true],
  ["(x+x+)+y", times("x"), false],
  ["^(a*)*b", times("a"), false],
  ["(?:a*)*b", times("a"), false],
  ["^(.*?,){11}P", times("1,"), false],
  ["^(?:\\w+\\s?)+\\.$", `${times("ab ").slice(1)}!`, false],
  ["^(?:[a-z]+[0-9]*)+$", `${times("a1").slice(1)}!`, false],
  ["^(x|x?)+y", times("x"), false],
  ["^.*?.*?.*?=", times("a"), false],
  ["^([a-z]+)*[0-9]$", `${times("a").slice(1)}!`, false],
  ["^(([a-z0-9])+-?)+\\.com$", `${times("a-").slice(1)}!`, false],
  ["<([a-z]+\\s*)*>", `<${times("a ").slice(1)}`, false],
  ["(\\d+|\\d+\\.\\d+)*x", times("1.1"), false],
  ["^(a|ab|abc)*$", `${times("abc").slice(1)}!`, false],
  ["\\d+\\s*\\d+\\s*\\d+\\s*$", `${times("1 ").slice(1)}!`, false],
  ["^(?:a?){25}a{25}$", "a".repeat(25), true], // the textbook case, where backtracking tries 2^25 ways
  ["^(?:\\w+[-.]?)+@example\\.com$", `${times("a-").slice(12)}@example.con`, false],
];

/** [pattern, flags, texts that match, texts that do not]: what rules actually use. */
const ORDINARY: [string, "" | "i", string[], string[]][] = [
  ["^/products/[0-9]+$", "", ["/products/42"], ["/products/42/reviews", "/products/"]],
  ["^/cart(/.*)?$", "", ["/cart", "/cart/items"], ["/carts"]],
  ["^/(en|pt|es)(-[A-Z]{2})?/", "", ["/pt-BR/home", "/en/"], ["/fr/"]],
  ["^/blog/\\d{4}/\\d{2}/[\\w-]+$", "", ["/blog/2024/05/hello-world"], ["/blog/24/05/x"]],
  ["\\.(png|jpe?g|webp)$", "i", ["/a.JPG", "/b.webp"], ["/a.jpg?x"]],
  ["[?&]utm_source=google(&|$)", "", ["/?utm_source=google", "/?a=1&utm_source=google&b"], ["/?utm_source=googles"]],
  ["^[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+$", "", ["ana.b+tag@mail.example.co.uk"], ["ana@", "ana@example"]],
  ["@example\\.com$", "i", ["Ana@EXAMPLE.com"], ["ana@example.com.br"]],
  ["^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "", ["a@b.co"], ["a b@c.d"]],
  ["^[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(\\.[a-z0-9-]{1,63})+$", "i", ["Ana@Example.com.br"], ["ana@localhost"]],
  ["^[A-Z]{3}-\\d{4,6}$", "", ["ABC-1234", "XYZ-123456"], ["ABC-123", "abc-1234"]],
  ["^SKU[-_]?\\d+$", "i", ["sku-7", "SKU42"], ["SKU-"]],
  ["^(A|B)\\d{1,2}$", "", ["A1", "B12"], ["C1", "A123"]],
  ["Mobile|Android", "", ["Mozilla/5.0 (Linux; Android 14) Mobile Safari"], ["Mozilla/5.0 (Windows NT 10.0)"]],
  ["iPhone|iPad|iPod", "", ["Mozilla/5.0 (iPad; CPU OS 17_4)"], ["Mozilla/5.0 (Macintosh)"]],
  ["\\bMSIE \\d+\\.|Trident/", "", ["Mozilla/4.0 (compatible; MSIE 8.0)", "Trident/7.0"], ["Edg/124.0"]],
  ["Chrome/1[2-9]\\d\\.", "", ["Chrome/124.0.0.0"], ["Chrome/99.0"]],
  ["bot|crawl|spider", "i", ["Googlebot/2.1", "YandexSpider"], ["Mozilla/5.0 Firefox/125.0"]],
  ["^v?\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.-]+)?$", "", ["2.3.0", "v2.3", "2.3.0-beta.1"], ["2.3.0.1", "2"]],
  ["^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$", "", ["1.20.3"], ["01.2.3"]],
  ["^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", "i", ["123E4567-E89B-12D3-A456-426614174000"], ["123e4567-e89b-62d3-a456-426614174000"]],
  ["^[a-z]{2,3}(-[A-Z]{2}|-\\d{3})?$", "", ["pt-BR", "es-419", "en"], ["pt-br", "e"]],
  ["^(pt|es)(-|_)", "i", ["PT-br", "es_MX"], ["en-US"]],
  ["^\\d{5}-?\\d{3}$", "", ["01310-100", "01310100"], ["0131-0100"]],
  ["^\\+?\\d{10,15}$", "", ["+5511912345678"], ["+55 11 91234"]],
  ["^(BR|AR|CL)$", "", ["BR"], ["br", "BRA"]],
  ["^(?:SP|RJ|MG)$", "", ["SP"], ["PR"]],
  ["São Paulo|Rio de Janeiro", "i", ["SÃO PAULO"], ["Sao Paulo"]],
  ["^(?<scheme>https?)://(?<host>[^/:]+)(?::\\d+)?(?<path>/[^?#]*)?", "", ["https://shop.example:8443/cart?x"], ["ftp://shop.example"]],
  ["^[^?#]*\\?(?:[^#]*&)?coupon=([A-Z0-9]{4,12})(?:&|#|$)", "", ["/cart?coupon=SPRING25"], ["/cart?coupon=spring25"]],
  ["^\\d{1,3}(,\\d{3})*(\\.\\d{2})?$", "", ["1,234.56", "12"], ["1234,5"]],
];

describe("matches: super-linear patterns", () => {
  it(`has at least 30 of them, each text ${N} characters`, () => {
    expect(SUPER_LINEAR.length).toBeGreaterThanOrEqual(30);
    for (const [pattern, text] of SUPER_LINEAR) if (pattern != "^(?:a?){25}a{25}$") expect(text.length, pattern).toBe(N);
  });

  it("are accepted, and each matches its adversarial text in under 50 ms", () => {
    const results = SUPER_LINEAR.map(([pattern, text, expected]) => {
      const search = compilePattern(pattern);
      const runs = [0, 1, 2].map(() => {
        const started = performance.now();
        expect(search(text), pattern).toBe(expected);
        return performance.now() - started;
      });
      return { pattern, first: runs[0]!, best: Math.min(...runs) };
    });
    const worst = results.reduce((a, b) => (b.best > a.best ? b : a));
    const worstFirst = results.reduce((a, b) => (b.first > a.first ? b : a));
    console.log(
      `ReDoS corpus: ${results.length} patterns, none refused; worst ${worst.best.toFixed(2)} ms (${worst.pattern}), ` +
        `worst first run ${worstFirst.first.toFixed(2)} ms (${worstFirst.pattern}), on ${N} characters`,
    );
    // The best of three runs, so that a garbage collection or a busy machine does not fail the test.
    expect(results.filter((r) => r.best >= 50)).toEqual([]);
  });

  it(`bounds the worst case: ${MAX_STATES} states all live over ${MAX_TEXT_LENGTH} characters`, () => {
    // (?:a?){330}$ lays out 990 states, every one of them live at every position of a text of a's.
    const search = compilePattern("(?:a?){330}$");
    const text = "a".repeat(MAX_TEXT_LENGTH);
    search(text);
    const started = performance.now();
    expect(search(text)).toBe(true);
    const elapsed = performance.now() - started;
    console.log(`worst case (990 live states × ${MAX_TEXT_LENGTH} characters): ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(2000);
    expect(search(`${text}a`)).toBe(false); // longer than MAX_TEXT_LENGTH: no match
  });
});

describe("matches: ordinary patterns", () => {
  it("has at least 30 of them", () => {
    expect(ORDINARY.length).toBeGreaterThanOrEqual(30);
  });

  it.each(ORDINARY)("%j (flags %j) is accepted and right", (pattern, flags, yes, no) => {
    for (const text of yes) expect(applyRule({ matches: [{ var: "t" }, pattern, flags] }, { t: text }), text).toBe(true);
    for (const text of no) expect(applyRule({ matches: [{ var: "t" }, pattern, flags] }, { t: text }), text).toBe(false);
  });
});

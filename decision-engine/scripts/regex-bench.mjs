// `node scripts/regex-bench.mjs`: the `matches` matcher (a Pike VM, src/rules/regex/) against the
// runtime's RegExp with the u flag, in ns per test on typical rule patterns; then both on a
// super-linear pattern, where RegExp backtracks and the matcher does not.
// Knobs: BENCH_MS (time per measurement, default 300), BENCH_ROUNDS (median of, default 5).
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../src/rules/regex/index.ts", import.meta.url));
const bundle = await build({ entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", target: "es2022", write: false });
const { compilePattern } = await import(`data:text/javascript;base64,${Buffer.from(bundle.outputFiles[0].contents).toString("base64")}`);

const SLICE_MS = Number(process.env.BENCH_MS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";
const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const CASES = [
  ["path", "^/products/[0-9]+$", "", ["/products/42", "/products/42/reviews", "/cart"]],
  ["email", "^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$", "", ["ana.souza+promo@mail.example.com.br", "not an email"]],
  ["email domain, i", "@example\\.com$", "i", ["Ana.Souza@Example.COM", "ana@example.com.br"]],
  ["user agent", "Mobile|Android", "", [IPHONE, DESKTOP]],
  ["bots, i", "bot|crawl|spider", "i", [IPHONE, DESKTOP]],
  ["semver", "^v?\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.-]+)?$", "", ["2.3.0", "2.3.0-beta.1", "2.3.x"]],
];

/** Median over ROUNDS of the ns per call of `fn` (which tests every text once). */
function nsPerTest(fn, texts) {
  let sink = 0;
  const rounds = [];
  for (let round = -1; round < ROUNDS; round++) {
    let calls = 0;
    const started = performance.now();
    while (performance.now() - started < SLICE_MS) {
      for (let k = 0; k < 1000; k++) for (const text of texts) sink += fn(text) ? 1 : 0;
      calls += 1000 * texts.length;
    }
    if (round >= 0) rounds.push(((performance.now() - started) * 1e6) / calls); // round -1 warms up
  }
  if (sink < 0) console.log(sink);
  return rounds.sort((a, b) => a - b)[rounds.length >> 1];
}

console.log(`node ${process.version}, median of ${ROUNDS} × ${SLICE_MS} ms\n`);
console.log(`${"rule".padEnd(18)} ${"pattern".padEnd(44)} ${"matcher".padStart(10)} ${"RegExp".padStart(10)} ${"ratio".padStart(7)}`);
for (const [name, pattern, flags, texts] of CASES) {
  const ours = compilePattern(pattern, flags == "i");
  const native = new RegExp(pattern, `${flags}u`);
  for (const text of texts) if (ours(text) !== native.test(text)) throw new Error(`${pattern} disagrees on ${text}`);
  const a = nsPerTest(ours, texts);
  const b = nsPerTest((text) => native.test(text), texts);
  console.log(`${name.padEnd(18)} ${pattern.padEnd(44)} ${`${a.toFixed(0)} ns`.padStart(10)} ${`${b.toFixed(0)} ns`.padStart(10)} ${`${(a / b).toFixed(1)}×`.padStart(7)}`);
}

console.log("\nsuper-linear: ^(a|a?)+$ on a…a! (RegExp doubles with each a; the matcher grows linearly)");
const evil = new RegExp("^(a|a?)+$", "u");
const ours = compilePattern("^(a|a?)+$");
for (const n of [16, 20, 22, 24, 10_000]) {
  const text = `${"a".repeat(n)}!`;
  let started = performance.now();
  ours(text);
  const mine = performance.now() - started;
  let theirs = "(not run)";
  if (n <= 24) {
    started = performance.now();
    evil.test(text);
    theirs = `${(performance.now() - started).toFixed(1)} ms`;
  }
  console.log(`  ${String(n).padStart(6)} a's: matcher ${mine.toFixed(2)} ms, RegExp ${theirs}`);
}

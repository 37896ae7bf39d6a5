// `npm run bench`: the decision engine against json-logic-js, json-logic-engine, @adobe/aep-rules-engine
// and a generated hand-written ceiling, on one seeded workload. See bench/README.md.
//
// Environment knobs (all optional):
//   BENCH_MS=1000      time box per measurement and round
//   BENCH_ROUNDS=5     rounds (the median is reported)
//   BENCH_CHECK=2000   profiles the peers are checked on (the engine is checked on all of them)
//   BENCH_NO_ENGINE=1  skip the Edgewise engine even if it builds

import { mkdirSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import * as esbuild from "esbuild";
import jsonLogic from "json-logic-js";
import { LogicEngine } from "json-logic-engine";
import RulesEngine from "@adobe/aep-rules-engine";
import {
  makeWorkload, toJsonLogic, toEngineLogic, toAdobe, flattenForAdobe, ceilingModuleSource, PLACEMENT,
} from "./workload.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const generated = join(here, ".generated");
mkdirSync(generated, { recursive: true });

const SLICE_MS = Number(process.env.BENCH_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PEER_CHECK = Math.max(2000, Number(process.env.BENCH_CHECK ?? 2000));
const WARM_MS = Math.min(400, SLICE_MS / 3);
const t0 = performance.now();
const log = (...a) => console.error(...a);

// ---- 1. the engine, bundled (optional until decision-engine/src/index.ts exports the API) ------

async function loadEngine() {
  if (process.env.BENCH_NO_ENGINE) return { reason: "BENCH_NO_ENGINE is set" };
  const entry = join(root, "decision-engine/src/index.ts");
  if (!existsSync(entry)) return { reason: "decision-engine/src/index.ts does not exist yet" };
  const outfile = join(generated, "engine.mjs");
  try {
    await esbuild.build({
      // The workspace packages from source (their `dist/` is what npm consumers get).
      conditions: ["@edgewise/source"],
      entryPoints: [entry], bundle: true, format: "esm", platform: "neutral", minify: true,
      outfile, logLevel: "silent",
    });
  } catch (e) {
    return { reason: `esbuild failed: ${(e.errors?.[0]?.text ?? e.message).split("\n")[0]}` };
  }
  let mod;
  try {
    mod = await import(pathToFileURL(outfile).href + `?t=${Date.now()}`);
  } catch (e) {
    return { reason: `import failed: ${e.message.split("\n")[0]}` };
  }
  const missing = ["compileRule", "compileCatalog", "decide"].filter((k) => typeof mod[k] !== "function");
  if (missing.length) return { reason: `src/index.ts does not export ${missing.join(", ")} yet` };
  const { readFileSync } = await import("node:fs");
  const code = readFileSync(outfile);
  return { mod, size: { min: code.length, gz: gzipSync(code, { level: 9 }).length } };
}

const engine = await loadEngine();
if (engine.mod) log(`engine: bundled (${(engine.size.min / 1024).toFixed(1)} KB min, ${(engine.size.gz / 1024).toFixed(2)} KB min+gz)`);
else log(`engine: not available — ${engine.reason}`);

// ---- 2. workload and the generated ceiling ------------------------------------------------------

const W = makeWorkload();
const { offers, catalog, profiles } = W;
const N = offers.length;
const priorities = offers.map((o) => o.priority);
const ceilingFile = join(generated, "ceiling.mjs");
writeFileSync(ceilingFile, ceilingModuleSource(offers));
const ceiling = await import(pathToFileURL(ceilingFile).href + `?t=${Date.now()}`);
log(`workload: ${N} offers (${W.stats.leavesMin}–${W.stats.leavesMax} conditions, avg ${W.stats.leavesAvg.toFixed(1)}), ${profiles.length} profiles, seed ${W.stats.seed}`);

// Every peer gets its own copy of the rules (fresh objects, as if parsed from the published JSON).
const jsonLogicRules = () => JSON.parse(JSON.stringify(offers.map((o) => toJsonLogic(o.tree))));
const adobeRuleset = () => ({
  version: 1,
  rules: offers.map((o) => ({
    key: o.id,
    condition: toAdobe(o.tree),
    consequences: [{ id: o.id, type: "item", detail: { priority: o.priority } }],
  })),
});

// ---- 3. contestants -----------------------------------------------------------------------------
// Each has: rules (one predicate per offer, for evaluations/s), prep (per-profile input conversion,
// timed), decide(d) → winning offer index or -1, compile() → a compiled catalog (timed) or null.

/** The generic decision loop peers and the ceiling use: evaluate all offers, keep the highest priority. */
function loopDecide(rules, prep) {
  return (d0) => {
    const d = prep ? prep(d0) : d0;
    let best = -1;
    let bestP = -Infinity;
    for (let j = 0; j < rules.length; j++) {
      if (rules[j](d) && priorities[j] > bestP) { bestP = priorities[j]; best = j; }
    }
    return best;
  };
}

const indexOfId = new Map(offers.map((o, i) => [o.id, i]));
const contestants = [];

if (engine.mod) {
  const { compileRule, compileCatalog, decide } = engine.mod;
  let compiled, rules;
  try {
    compiled = compileCatalog(JSON.parse(JSON.stringify(catalog)));
    rules = catalog.offers.map((o) => compileRule(o.eligibility));
  } catch (e) {
    const detail = e?.errors ? JSON.stringify(e.errors.slice(0, 5)) : "";
    log(`engine: compile failed — ${e.message} ${detail}`);
  }
  if (compiled && rules) {
    // decide inputs are built once per profile, outside the timed loops.
    const inputs = new Map(profiles.map((d) => [d, { placements: [PLACEMENT], profile: d.profile, audiences: d.audiences, context: d.context, now: d.now }]));
    contestants.push({
      key: "engine",
      name: "**Edgewise** (`decide`, `compileRule`)",
      rules,
      decide: (d) => {
        const dec = decide(compiled, inputs.get(d)).decisions[0];
        return dec && dec.offerId != null ? indexOfId.get(dec.offerId) : -1;
      },
      compileInput: () => JSON.parse(JSON.stringify(catalog)),
      compile: (json) => compileCatalog(json),
      compileNote: "`compileCatalog` (validates, compiles all rules)",
    });
  }
}

{
  const rs = jsonLogicRules();
  const rules = rs.map((r) => (d) => jsonLogic.apply(r, d));
  contestants.push({
    key: "jlj", name: "json-logic-js 2.0.5 (`apply`)", rules, decide: loopDecide(rules),
    compile: null, compileNote: "n/a (interprets the JSON on every call)",
  });
}

{
  // json-logic-engine's `run()` caches an interpreted (closure-based, eval-free) execution plan per
  // rule object. Its "compile" is warming that cache: run every rule once more (a second run resets
  // its miss counter, which otherwise turns the cache off after 500 consecutive new rules).
  const warm = (rs) => {
    const e = new LogicEngine();
    for (const r of rs) { e.run(r, profiles[0]); e.run(r, profiles[0]); }
    return e;
  };
  const rs = jsonLogicRules();
  const le = warm(rs);
  const rules = rs.map((r) => (d) => le.run(r, d));
  contestants.push({
    key: "jle", name: "json-logic-engine 5.0.7 (`run`)", rules, decide: loopDecide(rules),
    compileInput: jsonLogicRules, compile: warm, compileNote: "first `run` of each rule (builds its cached plan)",
    check: () => !le.disableInterpretedOptimization,
  });
}

{
  const set = adobeRuleset();
  // Per offer: a one-rule engine (for evaluations/s); per catalog: one engine, `execute` returns the
  // consequences of every matching rule, from which the highest priority wins.
  const single = set.rules.map((r) => RulesEngine({ version: 1, rules: [r] }));
  const whole = RulesEngine(set);
  const rules = single.map((e) => (flat) => e.execute(flat).length > 0);
  contestants.push({
    key: "aep", name: "@adobe/aep-rules-engine 3.1.1 (`execute`)", rules, prep: flattenForAdobe,
    decide: (d) => {
      const res = whole.execute(flattenForAdobe(d));
      let best = -1;
      let bestP = -Infinity;
      for (let i = 0; i < res.length; i++) {
        const c = res[i][0];
        if (c.detail.priority > bestP) { bestP = c.detail.priority; best = c.id; }
      }
      return best === -1 ? -1 : indexOfId.get(best);
    },
    compileInput: adobeRuleset, compile: (set) => RulesEngine(set), compileNote: "`RulesEngine(ruleset)`",
  });
}

contestants.push({
  key: "ceiling", name: "hand-written ceiling (generated JS)", rules: ceiling.rules, decide: loopDecide(ceiling.rules),
  compile: null, compileNote: "n/a (ahead of time)",
});

{
  // Not part of the spec'd comparison (ratios stay relative to the plain ceiling above): the same
  // generated functions, tried in priority order, stopping at the first eligible offer — the
  // hand-written equivalent of an engine that pre-sorts candidates by priority.
  const order = offers.map((_, i) => i).sort((a, b) => priorities[b] - priorities[a]);
  const rules = ceiling.rules;
  contestants.push({
    key: "ceilingSorted", name: "ceiling, priority order + early exit (info)", rules, skipEval: true,
    decide: (d) => {
      for (let k = 0; k < order.length; k++) if (rules[order[k]](d)) return order[k];
      return -1;
    },
    compile: null, compileNote: "n/a (ahead of time)",
  });
}

// ---- 4. agreement check -------------------------------------------------------------------------

function eligibleSet(c, d0) {
  const d = c.prep ? c.prep(d0) : d0;
  const out = [];
  for (let j = 0; j < N; j++) if (c.rules[j](d)) out.push(j);
  return out;
}

/** Deepest sub-expression of an offer's rule on which the engine and json-logic-js disagree. */
function locate(tree, d) {
  const { compileRule } = engine.mod;
  const walk = (n) => {
    for (const ch of n.c ?? []) {
      const hit = walk(ch);
      if (hit) return hit;
    }
    let ours;
    try { ours = compileRule(toEngineLogic(n))(d); } catch (e) { ours = `throws ${e.message}`; }
    const theirs = jsonLogic.apply(toJsonLogic(n), d);
    return JSON.stringify(ours) !== JSON.stringify(theirs) ? { rule: toEngineLogic(n), engine: ours, jsonLogicJs: theirs } : null;
  };
  return walk(tree);
}

function checkAgreement() {
  const started = performance.now();
  const ref = contestants.find((c) => c.key === "ceiling");
  const others = contestants.filter((c) => c !== ref);
  const n = profiles.length;
  const peerN = Math.min(PEER_CHECK, n);
  let eligibleTotal = 0;
  let withWinner = 0;
  for (let i = 0; i < n; i++) {
    const d = profiles[i];
    const want = eligibleSet(ref, d);
    const wantWinner = ref.decide(d);
    eligibleTotal += want.length;
    if (wantWinner >= 0) withWinner++;
    for (const c of others) {
      if (c.key !== "engine" && i >= peerN) continue;
      const got = eligibleSet(c, d);
      const gotWinner = c.decide(d);
      if (got.join() === want.join() && gotWinner === wantWinner) continue;
      const extra = got.filter((j) => !want.includes(j));
      const missing = want.filter((j) => !got.includes(j));
      const lines = [
        `DISAGREEMENT: ${c.name} vs the ceiling on profile #${i} (${d.profile.id})`,
        `  eligible only for ${c.key}: ${extra.map((j) => offers[j].id).join(", ") || "—"}`,
        `  eligible only for the ceiling: ${missing.map((j) => offers[j].id).join(", ") || "—"}`,
        `  winner: ${c.key}=${gotWinner >= 0 ? offers[gotWinner].id : "none"} ceiling=${wantWinner >= 0 ? offers[wantWinner].id : "none"}`,
        `  data: ${JSON.stringify(d)}`,
      ];
      const j = extra[0] ?? missing[0];
      if (j !== undefined) {
        lines.push(`  ${offers[j].id} eligibility (engine form): ${JSON.stringify(toEngineLogic(offers[j].tree))}`);
        lines.push(`  ${offers[j].id} eligibility (JSON Logic): ${JSON.stringify(toJsonLogic(offers[j].tree))}`);
        lines.push(`  ceiling: ${ceiling.rules[j].toString()}`);
        if (c.key === "engine") {
          const hit = locate(offers[j].tree, d);
          lines.push(`  smallest sub-rule where compileRule and json-logic-js differ: ${hit ? JSON.stringify(hit) : "none in isolation (compare decide with compileRule)"}`);
        }
      }
      console.error(lines.join("\n"));
      process.exit(1);
    }
  }
  for (const c of contestants) if (c.check && !c.check()) throw new Error(`${c.name}: cache was disabled`);
  const secs = (performance.now() - started) / 1000;
  return { n, peerN, avgEligible: eligibleTotal / n, withWinner: withWinner / n, secs };
}

const agreement = checkAgreement();
function agreementScope() {
  const who = contestants.some((c) => c.key === "engine") ? "Edgewise and the ceiling" : "the ceiling";
  return `${who} on all ${agreement.n} profiles, the peers on the first ${agreement.peerN}`;
}
log(`agreement: ${contestants.length} contestants agree on eligible sets and winners (${agreementScope()}) ` +
  `(avg ${agreement.avgEligible.toFixed(1)} eligible offers per profile, ${(agreement.withWinner * 100).toFixed(1)}% have a winner; ${agreement.secs.toFixed(1)} s)`);

// ---- 5. measurements ----------------------------------------------------------------------------

let sink = 0;

/** Evaluations/s: every offer's rule for one profile after another, time-boxed. */
function measureEval(c, ms) {
  const { rules, prep } = c;
  const P = profiles.length;
  let evals = 0;
  let i = 0;
  const start = performance.now();
  const deadline = start + ms;
  let now;
  do {
    const d = prep ? prep(profiles[i]) : profiles[i];
    if (++i === P) i = 0;
    for (let j = 0; j < rules.length; j++) if (rules[j](d)) sink++;
    evals += rules.length;
  } while ((now = performance.now()) < deadline);
  return evals / ((now - start) / 1000);
}

/** Decisions/s: one full decision (all offers, winner by priority) per profile, time-boxed. */
function measureDecide(c, ms) {
  const { decide } = c;
  const P = profiles.length;
  let n = 0;
  let i = 0;
  const start = performance.now();
  const deadline = start + ms;
  let now;
  do {
    sink += decide(profiles[i]);
    if (++i === P) i = 0;
    n++;
  } while ((now = performance.now()) < deadline);
  return n / ((now - start) / 1000);
}

/** Catalog compiles/s (each input is a fresh copy of the published JSON, made outside the timing). */
function measureCompile(c, ms) {
  let n = 0;
  let spent = 0;
  const deadline = performance.now() + ms;
  do {
    const input = c.compileInput();
    const s = performance.now();
    sink += c.compile(input) ? 1 : 0;
    spent += performance.now() - s;
    n++;
  } while (performance.now() < deadline || n < 3);
  return n / (spent / 1000);
}

const kinds = [
  { key: "eval", fn: measureEval, applies: (c) => !c.skipEval },
  { key: "decide", fn: measureDecide, applies: () => true },
  { key: "compile", fn: measureCompile, applies: (c) => !!c.compile },
];
const samples = {}; // `${contestant}:${kind}` → [ops/s per round]

for (let round = 0; round <= ROUNDS; round++) {
  // Round 0 is a warm-up (shorter, discarded). Contestant order rotates per round.
  const order = contestants.map((_, i) => contestants[(i + round) % contestants.length]);
  for (const kind of kinds) {
    for (const c of order) {
      if (!kind.applies(c)) continue;
      const ops = kind.fn(c, round === 0 ? WARM_MS : SLICE_MS);
      if (round > 0) (samples[`${c.key}:${kind.key}`] ??= []).push(ops);
    }
  }
  if (round > 0) log(`round ${round}/${ROUNDS} done (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

// ---- 6. report ----------------------------------------------------------------------------------

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const get = (c, k) => (samples[`${c.key}:${k}`] ? median(samples[`${c.key}:${k}`]) : null);
const spread = (c, k) => {
  const xs = samples[`${c.key}:${k}`];
  if (!xs) return "";
  const m = median(xs);
  return `±${Math.round((Math.max(...xs) - Math.min(...xs)) / 2 / m * 100)}%`;
};
const fmtOps = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(x < 10 ? 2 : 0));
const fmtRatio = (x) => (x >= 10 ? `${x.toFixed(1)}×` : `${x.toFixed(x < 0.1 ? 3 : 2)}×`);
const fmtMs = (opsPerSec) => { const ms = 1000 / opsPerSec; return ms >= 100 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`; };

const ceil = contestants.find((c) => c.key === "ceiling");
const ceilEval = get(ceil, "eval");
const ceilDecide = get(ceil, "decide");
const peers = contestants.filter((c) => ["jlj", "jle", "aep"].includes(c.key));
const fastestPeer = peers.reduce((a, b) => (get(a, "decide") >= get(b, "decide") ? a : b));
const ours = contestants.find((c) => c.key === "engine");

const rows = [
  "| | evaluations/s | × ceiling | decisions/s | × ceiling | catalog compile |",
  "|---|---:|---:|---:|---:|---|",
];
const ceilSorted = contestants.find((c) => c.key === "ceilingSorted");
for (const c of [ours, ...peers, ceil, ceilSorted]) {
  if (!c) {
    rows.push(`| **Edgewise** | — | — | — | — | not available: ${engine.reason ?? "compile failed"} |`);
    continue;
  }
  const e = get(c, "eval");
  const dd = get(c, "decide");
  const comp = get(c, "compile");
  rows.push(`| ${c.name} | ${e ? fmtOps(e) : "—"} | ${e ? fmtRatio(e / ceilEval) : "—"} | ${fmtOps(dd)} | ${fmtRatio(dd / ceilDecide)} | ` +
    `${comp ? `${fmtMs(comp)} (${fmtOps(comp)}/s) — ${c.compileNote}` : c.compileNote} |`);
}

const cpu = cpus()[0]?.model?.trim() ?? "unknown CPU";
const summary = [];
if (ours) {
  const r = get(ours, "decide") / get(fastestPeer, "decide");
  summary.push(`Edgewise decisions/s: **${fmtRatio(get(ours, "decide") / ceilDecide)} the hand-written ceiling** ` +
    `(target ≥ 0.6×) and **${fmtRatio(r)} the fastest peer**, ${fastestPeer.name.replace(/ \(.*$/, "")} (target ≥ 4×).`);
  summary.push(`The peers and the ceiling evaluate all ${N} offers per decision (as specified). The same generated functions tried ` +
    `in priority order, stopping at the first eligible offer, reach ${fmtOps(get(ceilSorted, "decide"))} decisions/s ` +
    `(Edgewise: ${fmtRatio(get(ours, "decide") / get(ceilSorted, "decide"))} that).`);
  summary.push(`Engine bundle (esbuild, minified): ${(engine.size.min / 1024).toFixed(1)} KB, ${(engine.size.gz / 1024).toFixed(2)} KB gzipped.`);
} else {
  summary.push(`Edgewise engine not measured: ${engine.reason ?? "compile failed"}.`);
  summary.push(`Fastest peer by decisions/s: ${fastestPeer.name.replace(/ \(.*$/, "")} (${fmtRatio(get(fastestPeer, "decide") / ceilDecide)} the ceiling).`);
}

const details = ["| | evaluations/s per round | decisions/s per round | compiles/s per round |", "|---|---|---|---|"];
for (const c of contestants) {
  const per = (k) => (samples[`${c.key}:${k}`] ? samples[`${c.key}:${k}`].map(fmtOps).join(" / ") + ` (${spread(c, k)})` : "—");
  details.push(`| ${c.name} | ${per("eval")} | ${per("decide")} | ${per("compile")} |`);
}

const md = [
  "## Decision benchmark",
  "",
  `${N} offers in one placement (${W.stats.leavesMin}–${W.stats.leavesMax} conditions each, avg ${W.stats.leavesAvg.toFixed(1)}), ` +
    `${profiles.length} profiles, seed ${W.stats.seed}; on average ${agreement.avgEligible.toFixed(1)} offers are eligible per profile ` +
    `and ${(agreement.withWinner * 100).toFixed(1)}% of profiles get a winner. Before timing, all ${contestants.length} contestants ` +
    `agreed on every eligible set and winner (${agreementScope()}).`,
  "",
  ...rows,
  "",
  ...summary.map((s) => `- ${s}`),
  `- Medians of ${ROUNDS} rounds of ${(SLICE_MS / 1000).toFixed(1)} s each after a warm-up; Node ${process.version}, ${cpu} ` +
    `(${cpus().length} vCPU, shared). A decision is one profile against all ${N} offers, the highest-priority eligible one wins; ` +
    `an evaluation is one offer's rule on one profile.`,
  "- Command: `npm run bench` (details and translations: `bench/README.md`).",
  "",
  "<details><summary>Per-round figures</summary>",
  "",
  ...details,
  "",
  "</details>",
  "",
].join("\n");

writeFileSync(join(here, "results.md"), md);
console.log(md);
log(`wrote ${relative(root, join(here, "results.md"))} (total ${((performance.now() - t0) / 1000).toFixed(0)} s; sink ${sink > 0 ? "ok" : sink})`);

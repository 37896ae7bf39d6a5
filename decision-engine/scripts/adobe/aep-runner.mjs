// Runs AEP rules-engine conformance cases (format `edgewise-aep-rules-cases/1`, see
// shared/conformance/adobe/aep-rules/README.md) against createAepRulesEngine. Called by
// scripts/adobe-conformance.mjs; `run(casesPath)` → { passed, total, failures: ["<id>: what differed"] }.
// Ruleset paths resolve relative to the cases file. The engine comes from dist/adobe/index.js, built
// first when missing (`node ../scripts/build-package.mjs`, as `npm run build` does); the vitest suite
// passes the source module instead (`run(path, { engine })`).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const DIST = resolve(PACKAGE, "dist/adobe/index.js");

/**
 * The instant events are stamped with (`~timestampu` and friends) unless a case gives `event.timestamp`
 * (milliseconds) or `clock` (ISO 8601): the date of the upstream commit the cases were derived from
 * (adobe/aepsdk-core-android ec9a34a, 2026-07-07), when the upstream tests held. Some fixtures have
 * time windows (rules_testEvaluateConsequenceWithValidConsequences.json ends 2026-10-01), so a wall
 * clock would turn passing cases into failures as time goes by.
 */
export const DEFAULT_CASE_CLOCK = Date.parse("2026-07-07T08:02:25Z");

async function loadEngine() {
  if (!existsSync(DIST)) {
    const build = spawnSync(process.execPath, [resolve(PACKAGE, "../scripts/build-package.mjs")], { cwd: PACKAGE, stdio: "inherit" });
    if (build.status !== 0 || !existsSync(DIST)) throw new Error(`could not build ${DIST} (node ../scripts/build-package.mjs in decision-engine/)`);
  }
  const engine = await import(pathToFileURL(DIST).href);
  if (typeof engine.createAepRulesEngine !== "function") {
    throw new Error(`${DIST} has no createAepRulesEngine: a stale build? (npm run build -w @edgewise/decision-engine)`);
  }
  return engine;
}

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);

/** JSON equality (prototypes ignored; undefined counts as missing). */
function same(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
  const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
  return keysA.length === keysB.length && keysA.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
}

/** A dotted / indexed path (`a.b`, `a[0].b`); a literal key with dots wins over the path it spells. */
function lookup(value, path) {
  const parts = path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
  const walk = (node, rest) => {
    if (node === null || typeof node !== "object") return { found: false };
    if (Object.hasOwn(node, rest)) return { found: true, value: node[rest] };
    for (let i = rest.indexOf("."); i > 0; i = rest.indexOf(".", i + 1)) {
      const head = rest.slice(0, i);
      if (!Object.hasOwn(node, head)) continue;
      const hit = walk(node[head], rest.slice(i + 1));
      if (hit.found) return hit;
    }
    return { found: false };
  };
  return walk(value, parts);
}

const show = (value) => JSON.stringify(value);

function portsFor(test) {
  const states = test.sharedStates;
  const history = test.eventHistory;
  const record = test.recordHistoricalEvent;
  return {
    sharedState: (name) => {
      if (!isObject(states)) return null;
      if (Object.hasOwn(states, name)) return states[name];
      return Object.hasOwn(states, "*") ? states["*"] : null;
    },
    eventHistory: {
      query: (events) => {
        if (!isObject(history)) return events.map(() => ({ count: 0 })); // not mocked: no callback, counts stay 0
        if (history.throws) throw new Error("event history lookup threw");
        if (typeof history.fail === "string") return { error: history.fail };
        return history.results ?? [];
      },
      record: () => {
        if (!isObject(record)) return { error: "NOT_MOCKED" }; // not mocked: no callback
        if (typeof record.fail === "string") return { error: record.fail };
        return record.result === true;
      },
    },
  };
}

function eventFor(test, raw, suffix) {
  const timestamp = typeof raw.timestamp === "number" ? raw.timestamp : typeof test.clock === "string" ? Date.parse(test.clock) : DEFAULT_CASE_CLOCK;
  return { name: raw.name, type: raw.type, source: raw.source, data: raw.data ?? null, id: `${test.id}:${suffix}`, timestamp };
}

function fixtureConsequences(ruleset) {
  return (ruleset.rules ?? []).flatMap((rule) => rule.consequences ?? []);
}

function checkEvaluate(expect, matched, problems) {
  if (expect.expectedConsequenceCount !== undefined && matched.length !== expect.expectedConsequenceCount) {
    problems.push(`expected ${expect.expectedConsequenceCount} consequences, got ${matched.length} ${show(matched.map((c) => c.id))}`);
  }
  if (expect.expectedConsequences) {
    const got = matched.map(({ id, type }) => ({ id, type }));
    if (!same(got, expect.expectedConsequences)) problems.push(`expected consequences ${show(expect.expectedConsequences)}, got ${show(got)}`);
  }
  for (const consequence of matched) {
    if (expect.assertedTypes && !expect.assertedTypes.includes(consequence.type)) problems.push(`consequence ${consequence.id} has type ${consequence.type}`);
    for (const [key, value] of Object.entries(expect.assertedDetail ?? {})) {
      if (!same(consequence.detail[key], value)) problems.push(`consequence ${consequence.id}: detail.${key} is ${show(consequence.detail[key])}, expected ${show(value)}`);
    }
  }
}

function checkDispatched(expected, actual, trigger, fixture, problems) {
  expected.forEach((want, i) => {
    const got = actual[i];
    if (!got) return problems.push(`dispatched[${i}] missing`);
    const where = `dispatched[${i}]`;
    if (want.type !== undefined && got.type !== want.type) problems.push(`${where}.type ${show(got.type)}, expected ${show(want.type)}`);
    if (want.source !== undefined && got.source !== want.source) problems.push(`${where}.source ${show(got.source)}, expected ${show(want.source)}`);
    if ("data" in want && !same(got.data, want.data)) problems.push(`${where}.data ${show(got.data)}, expected ${show(want.data)}`);
    for (const [path, value] of Object.entries(want.dataContains ?? {})) {
      const hit = lookup(got.data, path);
      if (!hit.found || !same(hit.value, value)) problems.push(`${where}.data ${path} is ${hit.found ? show(hit.value) : "missing"}, expected ${show(value)}`);
    }
    if (want.parentIsTriggeringEvent && got.parentId !== trigger.id) problems.push(`${where} parent ${show(got.parentId)}, expected the triggering event ${show(trigger.id)}`);
    if (want.triggeredconsequenceEqualsFixtureConsequence) {
      const triggered = got.data?.triggeredconsequence;
      const original = fixture.find((c) => c.id === triggered?.id) ?? fixture[0];
      for (const field of want.triggeredconsequenceEqualsFixtureConsequence) {
        if (!same(triggered?.[field], original?.[field])) problems.push(`${where}.data.triggeredconsequence.${field} ${show(triggered?.[field])}, expected ${show(original?.[field])}`);
      }
    }
  });
}

function checkProcess(expect, event, result, fixture, problems) {
  if (expect.dispatchCount !== undefined && result.dispatched.length !== expect.dispatchCount) {
    problems.push(`expected ${expect.dispatchCount} dispatched events, got ${result.dispatched.length} ${show(result.dispatched.map((e) => e.type))}`);
  }
  checkDispatched(expect.dispatched ?? [], result.dispatched, event, fixture, problems);
  for (const [path, value] of Object.entries(expect.processedEventData ?? {})) {
    const hit = lookup(result.event.data, path);
    if (!hit.found || !same(hit.value, value)) problems.push(`event data ${path} is ${hit.found ? show(hit.value) : "missing"}, expected ${show(value)}`);
  }
  for (const path of expect.processedEventDataAbsent ?? []) {
    const hit = lookup(result.event.data, path);
    if (hit.found && hit.value !== null) problems.push(`event data ${path} is ${show(hit.value)}, expected it absent`);
  }
  if (expect.processedEventUnchanged && !same(result.event.data, event.data)) problems.push(`event data changed to ${show(result.event.data)}`);
  if (expect.recordHistoricalEventCount !== undefined && result.recorded.length !== expect.recordHistoricalEventCount) {
    problems.push(`expected ${expect.recordHistoricalEventCount} events recorded in history, got ${result.recorded.length}`);
  }
  if (expect.recorded) {
    const got = result.recorded[0];
    for (const key of ["name", "type", "source", "data"]) {
      if (key in expect.recorded && !same(got?.[key], expect.recorded[key])) problems.push(`recorded.${key} ${show(got?.[key])}, expected ${show(expect.recorded[key])}`);
    }
  }
}

function checkSteps(test, engine, ports, problems) {
  const done = [];
  test.steps.forEach((step, i) => {
    let event;
    if (step.process === "event") event = eventFor(test, test.event, "event");
    else if (step.process === "extraEvent") event = eventFor(test, step.extraEvent, `extra${i}`);
    else {
      const [, a, b] = /^dispatched\[(\d+)\]\[(\d+)\]$/.exec(step.process) ?? [];
      event = done[Number(a)]?.result.dispatched[Number(b)];
      if (!event) return problems.push(`step ${i}: no ${step.process} to process`);
    }
    const reuse = step.reuseMatchedRulesOfStep;
    const matched = typeof reuse === "number" && done[reuse] ? done[reuse].matched : engine.evaluate(event, ports);
    const result = engine.process(event, matched, ports);
    done[i] = { matched, result };
    if (step.expectDispatchCount !== undefined && result.dispatched.length !== step.expectDispatchCount) {
      problems.push(`step ${i} (${step.process}): expected ${step.expectDispatchCount} dispatched, got ${result.dispatched.length}`);
    }
    if (step.expectParentIsProcessedEvent && result.dispatched.some((d) => d.parentId !== event.id)) problems.push(`step ${i}: a dispatched event's parent is not the processed event`);
  });
}

function runCase(test, base, api) {
  const problems = [];
  const ruleset = JSON.parse(readFileSync(resolve(base, test.rules), "utf8"));
  const engine = api.createAepRulesEngine(ruleset);
  const ports = portsFor(test);
  if (Array.isArray(test.steps)) {
    checkSteps(test, engine, ports, problems);
    return problems;
  }
  const event = eventFor(test, test.event, "event");
  const matched = engine.evaluate(event, ports);
  if (test.kind === "evaluate") checkEvaluate(test.expect ?? {}, matched, problems);
  else if (test.kind === "process") checkProcess(test.expect ?? {}, event, engine.process(event, matched, ports), fixtureConsequences(ruleset), problems);
  else problems.push(`unknown kind ${show(test.kind)}`);
  return problems;
}

/**
 * Runs every case of a cases file. `options.engine` is a module exporting `createAepRulesEngine`
 * (default: the built package).
 */
export async function run(casesPath, options = {}) {
  const api = options.engine ?? (await loadEngine());
  const file = resolve(casesPath);
  const base = dirname(file);
  const { cases } = JSON.parse(readFileSync(file, "utf8"));
  const failures = [];
  let passed = 0;
  for (const test of cases) {
    let problems;
    try {
      problems = runCase(test, base, api);
    } catch (error) {
      problems = [`threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`];
    }
    if (problems.length === 0) passed++;
    else failures.push(`${test.id}: ${problems.join("; ")}`);
  }
  return { passed, total: cases.length, failures };
}

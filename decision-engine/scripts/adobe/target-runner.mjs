// Runs Adobe Target's on-device decisioning suites (adobe/target-nodejs-sdk,
// packages/target-decisioning-engine/test/schema/{models,artifacts}) against
// createTargetDecisioning from @edgewise/decision-engine/adobe. Called by ../adobe-conformance.mjs:
//   node decision-engine/scripts/adobe-conformance.mjs target <folder with models/ and artifacts/>
// Each test: the artifact and conf (test-level over suite-level), a fake clock for `mockDate`
// (UTC), a geo-lookup port answering `mockGeo`, then getOffers(input) must match `output` the way
// Jest's toMatchObject does (subset, with the "expect.any(...)" wildcards), and the notification
// sent must match `notificationOutput` (null: none may be sent).
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const DIST_ENTRY = join(PACKAGE, "dist/adobe/index.js");
const SOURCE_DIR = join(PACKAGE, "src/adobe");

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * The engine module: `dist/adobe/index.js` when it is at least as new as `src/adobe/`, else
 * `src/adobe/index.ts` bundled with esbuild (a root devDependency) into a temporary file.
 */
async function loadEngine() {
  if (existsSync(DIST_ENTRY) && statSync(DIST_ENTRY).mtimeMs >= newestMtime(SOURCE_DIR)) return import(pathToFileURL(DIST_ENTRY).href);
  const { build } = await import("esbuild");
  const outfile = join(mkdtempSync(join(tmpdir(), "edgewise-target-")), "adobe.mjs");
  await build({ entryPoints: [join(SOURCE_DIR, "index.ts")], bundle: true, format: "esm", platform: "neutral", outfile, logLevel: "error" });
  return import(pathToFileURL(outfile).href);
}

const WILDCARDS = {
  "expect.any(Object)": (value) => typeof value === "object",
  "expect.any(String)": (value) => typeof value === "string" || value instanceof String,
  "expect.any(Number)": (value) => typeof value === "number" || value instanceof Number,
};

const kindOf = (value) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
const show = (value) => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 160 ? `${text.slice(0, 157)}...` : text;
};

/**
 * Where `received` fails to match `expected` as Jest's `toMatchObject` would judge it (objects: the
 * expected keys only; arrays: same length, element by element), or undefined when it matches.
 */
export function mismatch(received, expected, path = "$") {
  if (typeof expected === "string" && Object.hasOwn(WILDCARDS, expected)) {
    return WILDCARDS[expected](received) ? undefined : `${path}: expected ${expected}, got ${show(received)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(received)) return `${path}: expected an array, got ${show(received)}`;
    if (received.length !== expected.length) return `${path}: expected ${expected.length} items, got ${received.length}: ${show(received)}`;
    for (let i = 0; i < expected.length; i++) {
      const found = mismatch(received[i], expected[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (kindOf(expected) === "object") {
    if (kindOf(received) !== "object") return `${path}: expected an object, got ${show(received)}`;
    for (const key of Object.keys(expected)) {
      if (!(key in received)) return `${path}.${key}: missing (expected ${show(expected[key])})`;
      const found = mismatch(received[key], expected[key], `${path}.${key}`);
      if (found) return found;
    }
    return undefined;
  }
  return Object.is(received, expected) ? undefined : `${path}: expected ${show(expected)}, got ${show(received)}`;
}

/** `mockDate` ({year, month (0-based), date, hours?, minutes?, seconds?}) as UTC epoch ms. */
const mockedNow = (mock) => Date.UTC(mock.year, mock.month, mock.date, mock.hours ?? 0, mock.minutes ?? 0, mock.seconds ?? 0);

/** Runs one test; returns what differed, or undefined when it passed. */
async function runTest(engine, suite, test, artifacts) {
  const conf = test.conf ?? suite.conf ?? {};
  const artifactName = test.artifact ?? suite.artifact;
  const artifact = typeof artifactName === "string" ? artifacts(artifactName) : artifactName;
  const sent = [];
  const now = test.mockDate ? mockedNow(test.mockDate) : undefined;
  const decisioning = engine.createTargetDecisioning(artifact, {
    client: conf.client,
    telemetryEnabled: conf.telemetryEnabled ?? true,
    ...(now !== undefined ? { now: () => now } : {}),
    ...(test.mockGeo ? { geoLookup: () => engine.geoFromAdobeGeoService(test.mockGeo) } : {}),
    sendNotification: (payload) => {
      sent.push(payload);
      return Promise.resolve();
    },
  });
  const result = await decisioning.getOffers(test.input);
  if (test.output !== undefined) {
    const found = mismatch(result, test.output);
    if (found) return `response ${found}`;
  }
  if (test.notificationOutput === null && sent.length > 0) return `notification: expected none, got ${sent.length}: ${show(sent[0])}`;
  if (test.notificationOutput) {
    if (sent.length !== 1) return `notification: expected exactly 1, got ${sent.length}`;
    const found = mismatch(sent[0], test.notificationOutput);
    if (found) return `notification ${found}`;
  }
  return undefined;
}

/**
 * Runs every `models/TEST_SUITE_*.json` of `folder` (artifacts from `artifacts/`).
 * @param {string | URL} folder
 * @param {{ engine?: object }} [options] the engine module to test (default: loaded as above)
 * @returns {Promise<{passed: number, total: number, failures: string[]}>}
 */
export async function run(folder, options = {}) {
  const root = folder instanceof URL ? fileURLToPath(folder) : resolve(folder);
  const models = join(root, "models");
  const artifactDir = join(root, "artifacts");
  const engine = options.engine ?? (await loadEngine());
  const cache = new Map();
  const artifacts = (name) => {
    if (!cache.has(name)) cache.set(name, JSON.parse(readFileSync(join(artifactDir, `${name}.json`), "utf8")));
    return cache.get(name);
  };
  const files = readdirSync(models).filter((file) => /^TEST_SUITE_.*\.json$/.test(file)).sort();
  let passed = 0;
  let total = 0;
  const failures = [];
  for (const file of files) {
    const suite = JSON.parse(readFileSync(join(models, file), "utf8"));
    const suiteName = file.replace(/\.json$/, "");
    for (const [key, test] of Object.entries(suite.test ?? {})) {
      total++;
      let problem;
      try {
        problem = await runTest(engine, suite, test, artifacts);
      } catch (error) {
        problem = `threw ${error?.stack ?? error}`;
      }
      if (problem) failures.push(`${suiteName}/${key}: ${problem}`);
      else passed++;
    }
  }
  return { passed, total, failures };
}

// Builds the script tag (IIFE, for <script src>): `dist/sdk.js`, which renders what the edge decides
// on its own, and two chunks beside it, loaded on first need and named by their content's hash:
// `sdk-engine.<hash>.js` (the decision engine, to decide on the device) and
// `sdk-messages.<hash>.js` (the preact message renderer). Copies all three to edge/public/v1/.
// The ESM modules and their declarations come from tsc (`npm run build`: ../scripts/build-package.mjs).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const edgeAssets = fileURLToPath(new URL("../../edge/public/v1/", import.meta.url));
/** Browsers the builds run in unchanged (ES2020+ with optional chaining, nullish assignment). */
export const TARGET = ["chrome100", "firefox100", "safari15"];
const CHUNKS = join => ({ engine: join("src/script/engine-chunk.ts"), messages: join("src/script/messages-chunk.ts"), preview: join("src/script/preview-chunk.ts") });

const options = {
  bundle: true,
  minify: true,
  format: "iife",
  target: TARGET,
  legalComments: "none",
  write: false,
  // The workspace packages from source (their `dist/` is what npm consumers get).
  conditions: ["@edgewise/source"],
};

/**
 * Replaces the two loaders that ESM builds implement with `import()` (sdk-core's `engine.ts`,
 * this package's `render/load-presenter.ts`) by ones that load the script tag's chunks.
 */
function chunkLoaders(files) {
  const chunks = JSON.stringify(`${root}src/script/chunks.ts`);
  return {
    name: "edgewise-chunk-loaders",
    setup(b) {
      b.onLoad({ filter: /sdk-core[\\/]src[\\/]engine\.ts$/ }, () => ({
        loader: "ts",
        contents: `import { loadChunk } from ${chunks};\nexport const loadEngine = () => loadChunk(${JSON.stringify(files.engine)}, "edgewise.engine");`,
      }));
      b.onLoad({ filter: /sdk-web[\\/]src[\\/]render[\\/]load-presenter\.ts$/ }, () => ({
        loader: "ts",
        contents: `import { loadChunk } from ${chunks};\nexport const loadPresenter = (options) => loadChunk(${JSON.stringify(files.messages)}, "edgewise.messages").then((m) => m.createPresenter(options));\nexport const loadPreview = () => loadChunk(${JSON.stringify(files.preview)}, "edgewise.preview").then((m) => m.showPreview);`,
      }));
    },
  };
}

const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Builds the four files in memory: `{ files: {sdk, engine, messages, preview} → {name, code} }`. */
export async function buildScriptTag() {
  const chunkEntries = CHUNKS((path) => `${root}${path}`);
  const built = {};
  for (const [kind, entry] of Object.entries(chunkEntries)) {
    const { outputFiles } = await build({ ...options, entryPoints: [entry] });
    const code = outputFiles[0].contents;
    const hash = createHash("sha256").update(code).digest("hex").slice(0, 8);
    built[kind] = { name: `sdk-${kind}.${hash}.js`, code };
  }
  const { outputFiles } = await build({
    ...options,
    entryPoints: [`${root}src/auto.ts`],
    plugins: [chunkLoaders({ engine: built.engine.name, messages: built.messages.name, preview: built.preview.name })],
  });
  built.sdk = { name: "sdk.js", code: outputFiles[0].contents };
  return built;
}

/**
 * Sizes in bytes, min+gzip: each file, and `total`: what a visitor may load (sdk.js, the engine and
 * the messages chunks). The preview chunk is left out of it: only a page opened from a preview link
 * (QA) loads it.
 */
export function sizes(built) {
  const each = Object.fromEntries(Object.entries(built).map(([kind, { code }]) => [kind, { minified: code.length, gzipped: gz(code) }]));
  const visitor = Object.entries(each).filter(([kind]) => kind !== "preview").map(([, s]) => s);
  return { ...each, total: { minified: visitor.reduce((n, s) => n + s.minified, 0), gzipped: visitor.reduce((n, s) => n + s.gzipped, 0) } };
}

export async function buildAll() {
  const built = await buildScriptTag();
  for (const dir of [`${root}dist/`, edgeAssets]) {
    await mkdir(dir, { recursive: true });
    // Chunks of earlier builds go: only this build's sdk.js refers to its chunks.
    for (const old of await readdir(dir)) if (/^sdk(-[a-z]+\.[0-9a-f]{8})?\.js$/.test(old)) await rm(`${dir}${old}`, { force: true });
    for (const { name, code } of Object.values(built)) await writeFile(`${dir}${name}`, code);
  }
  return sizes(built);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await buildAll();
  const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
  console.log(`sdk.js ${kb(s.sdk.gzipped)}, engine chunk ${kb(s.engine.gzipped)}, messages chunk ${kb(s.messages.gzipped)}, preview chunk ${kb(s.preview.gzipped)} (min+gzip; ${kb(s.total.gzipped)} in all) → dist/ and edge/public/v1/`);
}

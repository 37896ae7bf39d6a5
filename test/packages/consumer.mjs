// `npm run test:consumer`: Edgewise as a team installs it. Packs every public package, installs the
// tarballs into a scratch project outside the workspace (no workspace links, no source condition),
// then (a) imports each entry in plain Node, (b) compiles a strict TypeScript consumer with
// `moduleResolution` node16 and bundler, and (c) bundles a page that uses @edgewise/sdk-web with
// esbuild and runs it in Chromium against `wrangler dev`. Under CI=true a missing Chromium fails.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { freePort, startEdge } from "../../edge/scripts/local-edge.mjs";
import { packAll, ROOT } from "../../scripts/pack-packages.mjs";

/** A catalog for the page: one html placement with one offer for everyone. */
const CATALOG = {
  placements: [{ id: "home-hero", format: "html" }],
  offers: [{ id: "consumer-hero", placements: ["home-hero"], content: { html: '<h2 class="from-edge">Hello from the edge</h2>' } }],
};

/** A consumer's code touching each package's public types (strict, exactOptionalPropertyTypes). */
const CONSUMER_TS = `
import { compileCatalog, decide, type CatalogJson, type Decision } from "@edgewise/decision-engine";
import { catalogJsonSchema } from "@edgewise/decision-engine/schema";
import { createCore, memoryStorage, type ClientDecision, type CoreClient } from "@edgewise/sdk-core";
import { EVENT_TYPES, type ClientEvent, type EventType } from "@edgewise/sdk-core/wire";
import { createClient, type WebClient } from "@edgewise/sdk-web";
import { createClient as createMobileClient, type MobileClient } from "@edgewise/sdk-mobile";
import { createClient as createNativeClient, EdgewiseMessages, EdgewiseProvider, useDecision, type WebViewLikeProps } from "@edgewise/sdk-mobile/react-native";
import { createElement, type ComponentType } from "react";

const catalog: CatalogJson = { placements: [{ id: "p", format: "json" }], offers: [{ id: "o", placements: ["p"], content: {} }] };
const decision: Decision | undefined = decide(compileCatalog(catalog), { placements: ["p"], profile: { id: "x" } }).decisions[0];
const schema: object = catalogJsonSchema;
const core: CoreClient = createCore({ clientKey: "k", storage: memoryStorage(), transport: { fetch: (url, init) => fetch(url, init), send: () => false } });
const first: Promise<ClientDecision[]> = core.decide(["p"]);
const type: EventType = EVENT_TYPES[0];
const event: ClientEvent = { id: "1", type, anonymousId: "a", timestamp: 0 };
const web: () => WebClient = () => createClient({ clientKey: "k", mode: "edge" });
const mobile: () => MobileClient = () => createMobileClient({ clientKey: "k", edgeUrl: "https://edge.example", storage: { getItem: async () => null, setItem: async () => {}, removeItem: async () => {} } });
const native: () => MobileClient = () => createNativeClient({ clientKey: "k", edgeUrl: "https://edge.example" });
function Home() {
  const { offer, loading } = useDecision("app-home");
  return loading ? null : createElement("Text", null, String(offer?.content["title"] ?? ""));
}
const WebView: ComponentType<WebViewLikeProps> = () => null;
const app = (client: MobileClient) => createElement(EdgewiseProvider, { client }, createElement(Home), createElement(EdgewiseMessages, { WebView, open: (url: string) => void url }));
export { decision, schema, first, event, web, mobile, native, app };
`;

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const log = (...args) => console.log("[consumer]", ...args);
const step = (name) => log(`— ${name}`);

const scratch = mkdtempSync(join(tmpdir(), "edgewise-consumer-"));
let edge;
try {
  step("npm pack");
  const tarballs = join(scratch, "tarballs");
  mkdirSync(tarballs);
  const packages = packAll(tarballs);
  for (const pkg of packages) log(`${pkg.name}: ${pkg.files.length} files`);

  step("npm install the tarballs into a scratch project");
  const app = join(scratch, "app");
  mkdirSync(app);
  const deps = Object.fromEntries(packages.map((p) => [p.name, `file:${p.tarball}`]));
  writeFileSync(join(app, "package.json"), JSON.stringify({
    name: "edgewise-consumer", private: true, type: "module",
    dependencies: {
      ...deps,
      // The React Native entry's peers: React, AsyncStorage's types, and a stand-in for react-native
      // (React Native itself does not load in Node; see sdk-mobile/test/react-native-stub).
      "@react-native-async-storage/async-storage": "2.2.0",
      react: "19.3.1",
      "@types/react": "19.3.3",
      "react-native": `file:${reactNativeStandIn(scratch)}`,
    },
    // Each package's own dependency on another resolves to the tarball, not the registry.
    overrides: Object.fromEntries(packages.map((p) => [p.name, `$${p.name}`])),
  }, null, 2));
  execFileSync("npm", ["install", "--install-links", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], { cwd: app, stdio: "inherit" });

  step("(a) import every entry in plain Node 20");
  const entries = [
    ["@edgewise/decision-engine", "compileCatalog"], ["@edgewise/decision-engine/device", "decide"], ["@edgewise/decision-engine/schema", null],
    ["@edgewise/decision-engine/stats", "analyzeExperiment"], ["@edgewise/decision-engine/adobe", "createTargetDecisioning"],
    ["@edgewise/sdk-core", "createCore"], ["@edgewise/sdk-core/wire", "EVENT_TYPES"],
    ["@edgewise/sdk-web", "createClient"], ["@edgewise/sdk-mobile", "createClient"],
  ];
  const importer = entries.map(([spec, name]) => `{ const m = await import(${JSON.stringify(spec)}); if (${name ? `typeof m.${name} === "undefined"` : "Object.keys(m).length === 0"}) throw new Error(${JSON.stringify(`${spec}: ${name ?? "no exports"}`)}); console.log("  " + ${JSON.stringify(spec)} + ": " + Object.keys(m).length + " exports"); }`).join("\n");
  writeFileSync(join(app, "import-all.mjs"), `${importer}\nconst { compileCatalog, decide } = await import("@edgewise/decision-engine");\nconst c = compileCatalog({ placements: [{ id: "p", format: "json" }], offers: [{ id: "o", placements: ["p"], content: {} }] });\nif (decide(c, { placements: ["p"], profile: { id: "x" } }).decisions[0].offerId !== "o") throw new Error("decide");\n`);
  run(process.execPath, ["import-all.mjs"], app);
  log("  @edgewise/sdk-mobile/react-native: React Native only (Metro loads it; it is compiled in (b))");

  step("(b) a strict TypeScript consumer, moduleResolution node16 and bundler");
  writeFileSync(join(app, "consumer.ts"), CONSUMER_TS);
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  for (const [module, moduleResolution] of [["node16", "node16"], ["esnext", "bundler"]]) {
    writeFileSync(join(app, `tsconfig.${moduleResolution}.json`), JSON.stringify({
      compilerOptions: {
        strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, module, moduleResolution,
        target: "es2022", lib: ["es2022", "dom"], types: [], noEmit: true, skipLibCheck: false,
      },
      files: ["consumer.ts"],
    }));
    run(process.execPath, [tsc, "-p", `tsconfig.${moduleResolution}.json`], app);
    log(`  ${moduleResolution}: 0 errors`);
  }

  step("(c) a page bundled with esbuild, in Chromium against wrangler dev");
  if (!existsSync(CHROMIUM)) {
    const message = `Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
    if (process.env.CI) throw new Error(message);
    log(`  skipped: ${message}`);
  } else {
    edge = await startEdge();
    const admin = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };
    const published = await fetch(`${edge.url}/v1/admin/catalog`, { method: "PUT", headers: admin, body: JSON.stringify(CATALOG) });
    if (!published.ok) throw new Error(`publish: ${published.status} ${await published.text()}`);
    writeFileSync(join(app, "page.ts"), `import { createClient } from "@edgewise/sdk-web";\nconst edgewise = createClient({ clientKey: "demo-client-key", edgeUrl: ${JSON.stringify(edge.url)}, mode: "edge" });\nvoid edgewise.render();\n`);
    const bundle = await build({ entryPoints: [join(app, "page.ts")], bundle: true, minify: true, format: "esm", write: false, absWorkingDir: app, logLevel: "error" });
    const script = bundle.outputFiles[0].text;
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Consumer</title></head><body><div data-edgewise-placement="home-hero"><h2>Default</h2></div><script type="module" src="/page.js"></script></body></html>`;
    const port = await freePort();
    const server = createServer((req, res) => {
      if (req.url === "/page.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
      else res.writeHead(200, { "content-type": "text/html" }).end(html);
    });
    await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"] });
    try {
      const page = await browser.newPage();
      const errors = [];
      page.on("pageerror", (error) => errors.push(String(error)));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('[data-edgewise-placement="home-hero"] h2.from-edge', { timeout: 15_000 });
      const text = await page.textContent('[data-edgewise-placement="home-hero"] h2');
      const offer = await page.getAttribute('[data-edgewise-placement="home-hero"]', "data-edgewise-offer");
      if (text !== "Hello from the edge" || offer !== "consumer-hero" || errors.length) throw new Error(`page: ${text} ${offer} ${errors.join("; ")}`);
      log(`  ${(script.length / 1024).toFixed(1)} KB page bundle rendered the edge's offer (${offer})`);
    } finally {
      await browser.close();
      server.close();
    }
  }
  step("(d) the edgewise CLI from its package, as npx runs it");
  const npx = (...args) => spawnSync("npx", ["--no-install", "edgewise", ...args], { cwd: app, encoding: "utf8" });
  const cliManifest = JSON.parse(readFileSync(join(app, "node_modules", "@edgewise", "cli", "package.json"), "utf8"));
  if (Object.keys(cliManifest.dependencies ?? {}).length) throw new Error("the CLI package should need no dependencies");
  const version = npx("--version");
  if (version.status !== 0 || version.stdout.trim() !== cliManifest.version) throw new Error(`npx edgewise --version: ${version.status} ${version.stdout}${version.stderr}`);
  writeFileSync(join(app, "catalog.json"), JSON.stringify(CATALOG));
  const validated = npx("catalog", "validate", "catalog.json", "--offline");
  if (validated.status !== 0) throw new Error(`catalog validate: ${validated.stdout}${validated.stderr}`);
  const unknown = npx("--bogus-flag");
  if (unknown.status !== 2) throw new Error(`--bogus-flag should exit 2, not ${unknown.status}`);
  edge ??= await startEdge();
  const stats = npx("stats", "--json", "--edge", edge.url, "--admin-key", "demo-admin-key");
  if (stats.status !== 0 || !Array.isArray(JSON.parse(stats.stdout).offers)) throw new Error(`stats: ${stats.stdout}${stats.stderr}`);
  log(`  npx edgewise ${version.stdout.trim()}: --version, catalog validate, exit 2 for an unknown option, stats --json against wrangler dev`);
  log("passed");
} finally {
  await edge?.stop();
  rmSync(scratch, { recursive: true, force: true });
}

/** sdk-mobile's test stand-in for react-native, versioned so that the peer ranges (>=0.65) accept it. */
function reactNativeStandIn(dir) {
  const target = join(dir, "react-native-stand-in");
  cpSync(join(ROOT, "sdk-mobile", "test", "react-native-stub"), target, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(target, "package.json"), "utf8"));
  writeFileSync(join(target, "package.json"), JSON.stringify({ ...manifest, version: "0.76.0" }, null, 2));
  return target;
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${[command, ...args].join(" ")} failed:\n${result.stdout}${result.stderr}`);
  if (result.stdout.trim()) console.log(result.stdout.trimEnd());
}

// The architecture as rules, checked in `npm test` (`npm run check:structure`): no import cycles,
// layers that import only inward in the edge, and the package arrows of DESIGN.md. The known
// violations (.dependency-cruiser-known-violations.json) are sdk-mobile's imports of the web SDK's
// client core, which issue #16 moves into sdk-core; nothing else may be added to that file.
const EDGE = "^edge/src/";
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "No import cycles, type-only imports included.", from: {}, to: { circular: true } },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "Domain modules import nothing of Cloudflare, hono, the Worker's Env, adapters, hosts, routes or middleware.",
      from: { path: `${EDGE}domain/` },
      to: { path: [`${EDGE}(adapters|hosts|routes|middleware)/`, `${EDGE}(env|app|app-env|errors|index)\\.ts$`, "^cloudflare:", "node_modules/hono/", "^hono"] },
    },
    {
      name: "adapters-below-hosts-and-routes",
      severity: "error",
      comment: "Adapters implement the domain's ports: they import the domain, never hosts, routes or middleware.",
      from: { path: `${EDGE}adapters/` },
      to: { path: `${EDGE}(hosts|routes|middleware)/` },
    },
    {
      name: "hosts-wire-only",
      severity: "error",
      comment: "Durable Object hosts wire domain modules to adapters; they do not import routes or middleware.",
      from: { path: `${EDGE}hosts/` },
      to: { path: `${EDGE}(routes|middleware)/` },
    },
    {
      name: "routes-not-hosts",
      severity: "error",
      comment: "Routes reach Durable Objects through adapters (stubs), never a host class.",
      from: { path: `${EDGE}(routes|middleware)/` },
      to: { path: `${EDGE}hosts/` },
    },
    {
      name: "cli-outside-the-worker",
      severity: "error",
      comment: "The CLI is a client of the HTTP API: it may share the domain's pure parsing, nothing of the Worker.",
      from: { path: "^edge/cli/" },
      to: { path: `${EDGE}(adapters|hosts|routes|middleware)/|${EDGE}(env|app|index|errors)\\.ts$` },
    },
    {
      name: "engine-depends-on-nothing",
      severity: "error",
      comment: "DESIGN.md: the engine is dependency-free.",
      from: { path: "^decision-engine/src/" },
      to: { path: "^(edge|sdk-core|sdk-web|sdk-mobile|demo-app)/|node_modules/" },
    },
    {
      name: "package-arrows",
      severity: "error",
      comment: "DESIGN.md: decision-engine ← edge; decision-engine ← sdk-core ← sdk-web, sdk-mobile; all ← demo-app. sdk-mobile never depends on sdk-web.",
      from: { path: "^(edge|sdk-core|sdk-web|sdk-mobile)/src/" },
      to: { path: "^demo-app/" },
    },
    { name: "mobile-not-web", severity: "error", from: { path: "^sdk-mobile/src/" }, to: { path: "^sdk-web/" } },
    { name: "web-not-mobile", severity: "error", from: { path: "^sdk-web/src/" }, to: { path: "^sdk-mobile/" } },
    { name: "sdks-not-edge", severity: "error", from: { path: "^(sdk-core|sdk-web|sdk-mobile)/src/" }, to: { path: "^edge/" } },
    { name: "edge-not-sdks", severity: "error", comment: "The edge shares only the wire types of sdk-core.", from: { path: "^edge/src/" }, to: { path: "^(sdk-web|sdk-mobile)/" } },
  ],
  options: {
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    preserveSymlinks: false,
    exclude: { path: "(^|/)(node_modules|dist|test|bench)/" },
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "types", "default"], extensions: [".ts", ".mjs", ".js"] },
  },
};

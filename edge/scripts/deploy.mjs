#!/usr/bin/env node
// `npm run deploy -- --env staging|production [--dry-run]`: takes the edge to your own Cloudflare
// account, every step idempotent (run it again after any failure). docs/deploy.md explains each.
//   1. checks the configuration: wrangler deploy --dry-run (bundles the Worker, reports its size)
//   2. builds the web SDK's script tag into public/v1/
//   3. creates the queues (wrangler does not provision queues; "already exists" is fine)
//   4. deploys: wrangler deploy --env ENV (creates the KV namespaces and the D1 database on the first
//      deploy, applies the Durable Object migrations)
//   5. applies the D1 migrations: wrangler d1 migrations apply STATS_DB --remote --env ENV
//   6. lists the required secrets that are not set yet, with the command that sets each
//   7. checks GET /v1/health on the deployed Worker (503 misconfigured names what is missing)
// With --dry-run it runs step 1 for real (no account needed) and prints every other command.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const EDGE = join(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = join(EDGE, "..");
const WRANGLER = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
const ENVIRONMENTS = ["staging", "production"];
const REQUIRED_SECRETS = ["CLIENT_KEYS", "ADMIN_KEY", "TOKEN_SECRET"];

function usage(message) {
  if (message) console.error(`deploy: ${message}\n`);
  console.error("usage: npm run deploy -- --env staging|production [--dry-run] [--url https://edge.example]");
  process.exit(message ? 2 : 0);
}

let args;
try {
  args = parseArgs({ options: { env: { type: "string" }, "dry-run": { type: "boolean", default: false }, url: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }).values;
} catch (error) {
  usage(error.message);
}
if (args.help) usage();
if (!ENVIRONMENTS.includes(args.env ?? "")) usage(`--env must be one of ${ENVIRONMENTS.join(", ")}`);
const env = args.env;
const dryRun = args["dry-run"];
const suffix = `-${env}`;

let step = 0;
const say = (text) => console.log(`\n[${++step}/7] ${text}`);

/** Runs wrangler (or, in a dry run, prints the command unless `always`); returns its output. */
function wrangler(argv, { always = false, allowFailure = () => false } = {}) {
  const shown = `wrangler ${argv.join(" ")}`;
  if (dryRun && !always) {
    console.log(`  would run: ${shown}`);
    return { ok: true, output: "" };
  }
  console.log(`  $ ${shown}`);
  const result = spawnSync(process.execPath, [WRANGLER, ...argv], { cwd: EDGE, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0 && !allowFailure(output)) {
    console.error(output);
    console.error(`deploy: \`${shown}\` failed (exit ${result.status}); fix the cause and run the deploy again: every step is idempotent.`);
    process.exit(1);
  }
  return { ok: result.status === 0, output };
}

say(`checking the configuration of env.${env} (wrangler deploy --dry-run)`);
const check = wrangler(["deploy", "--dry-run", "--env", env, "--outdir", `.wrangler/dry-run-${env}`], { always: true });
const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(check.output);
console.log(size ? `  the Worker: ${size[1]} KiB, ${size[2]} KiB gzip (Cloudflare's limit: 3 MB gzip on Workers Free, 10 MB on Paid)` : check.output);
const { unstable_readConfig } = await import("wrangler");
const vars = unstable_readConfig({ config: join(EDGE, "wrangler.jsonc"), env }).vars ?? {};
if (!vars.ALLOWED_ORIGINS) {
  console.log(`  ALLOWED_ORIGINS is not set in env.${env}.vars (wrangler.jsonc): the edge will answer 503 misconfigured until it lists your sites, e.g. "ALLOWED_ORIGINS": "https://shop.example,https://www.shop.example"`);
}
for (const flag of ["SERVE_CONSOLE", "SERVE_DEMO"]) console.log(`  ${flag}: ${vars[flag] === "true" ? "on" : "off"}`);

say("building the web SDK's script tag into public/v1/");
if (dryRun) console.log("  would run: npm run build -w @edgewise/sdk-web");
else {
  const built = spawnSync("npm", ["run", "build", "-w", "@edgewise/sdk-web"], { cwd: ROOT, stdio: "inherit" });
  if (built.status !== 0) process.exit(1);
}

say("creating the queues (idempotent)");
for (const queue of [`edgewise-events${suffix}`, `edgewise-events${suffix}-dlq`]) {
  const created = wrangler(["queues", "create", queue], { allowFailure: (output) => /already exists|already taken/i.test(output) });
  if (!dryRun) console.log(created.ok ? `  created ${queue}` : `  ${queue} exists`);
}

say(`deploying env.${env} (KV namespaces and the D1 database are created on the first deploy)`);
wrangler(["deploy", "--env", env]);

say("applying the D1 migrations");
wrangler(["d1", "migrations", "apply", "STATS_DB", "--remote", "--env", env]);

say("checking the secrets");
if (dryRun) {
  console.log(`  would run: wrangler secret list --env ${env}`);
  for (const name of REQUIRED_SECRETS) console.log(`  each missing one is set with: wrangler secret put ${name} --env ${env}`);
} else {
  const listed = wrangler(["secret", "list", "--env", env, "--format", "json"]);
  let names = [];
  try {
    names = JSON.parse(listed.output.slice(listed.output.indexOf("["))).map((s) => s.name);
  } catch {
    console.log("  could not read the secret list; check it with `wrangler secret list`");
  }
  const missing = REQUIRED_SECRETS.filter((name) => !names.includes(name));
  if (missing.length === 0) console.log(`  ${REQUIRED_SECRETS.join(", ")}: set`);
  for (const name of missing) console.log(`  missing: ${name} → wrangler secret put ${name} --env ${env}   (run from edge/)`);
}

say("checking the deployed edge");
if (dryRun || !args.url) {
  console.log(`  ${dryRun ? "would check" : "check"}: curl -s ${args.url ?? "https://<your worker or route>"}/v1/health   → {"ok":true}, or 503 misconfigured naming what is missing`);
} else {
  const response = await fetch(`${args.url.replace(/\/+$/, "")}/v1/health`).catch((error) => ({ status: 0, text: async () => String(error) }));
  console.log(`  GET ${args.url}/v1/health → ${response.status} ${await response.text()}`);
  if (response.status !== 200) process.exitCode = 1;
}
console.log(dryRun ? `\ndry run of env.${env}: the configuration bundles; nothing was changed.` : `\nenv.${env} deployed.`);

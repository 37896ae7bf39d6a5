// `npm run bench:journeys`: events/s through POST /v1/events with 20 active journeys and 10,000
// profiles, against the same events with no journeys, in one run (ratio target ≥ 0.5).
// Starts its own `wrangler dev` on a free port with temporary state, bounded in time. See README.md.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../workload.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const EDGE = join(HERE, "..", "..", "edge");
const PROFILES = 10_000;
const JOURNEYS = 20;
const PHASE_MS = Number(process.env.PHASE_MS ?? 12_000);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
// Four in flight saturate one local workerd (more only adds latency). From eight on, the local Queue
// simulator fails \`sendBatch\` ("Unknown Internal Error (15000)") and the outbox retries by alarm until
// wrangler restarts; the original tree collapses the same way (see results.md).
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const EVENTS_PER_REQUEST = 5;
const DEADLINE_MS = 240_000;
const CLIENT = { "x-client-key": "demo-client-key", "content-type": "application/json" };
const ADMIN = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };

const log = (...args) => console.error("[bench:journeys]", ...args);

// ---- workload (seeded) -------------------------------------------------------------------------

const NAMES = [
  ["page.view", 40], ["product.view", 25], ["cart.add", 15], ["search", 10], ["signup", 4], ["purchase", 6],
];
const TRIGGERS = ["cart.add", "product.view", "page.view", "search", "signup"];

function catalog(withJourneys) {
  const offers = [
    { id: "default-hero", placements: ["home-hero"], content: { html: "<p>Welcome</p>" } },
    ...Array.from({ length: JOURNEYS }, (_, i) => ({
      id: `msg-${i}`, placements: ["web-messages"], message: { layout: "banner", title: `Message ${i}` },
    })),
  ];
  const journeys = Array.from({ length: JOURNEYS }, (_, i) => ({
    id: `journey-${i}`,
    trigger: {
      event: TRIGGERS[i % TRIGGERS.length],
      ...(i % 2 === 0 ? { when: { ">=": [{ var: "event.properties.value" }, (i % 5) * 10] } } : {}),
    },
    exit: { event: "purchase" },
    reentry: i % 3 === 0 ? "always" : "P1D",
    steps: [
      { wait: i % 2 === 0 ? "PT30M" : "PT2H" },
      { if: { audience: "vip" }, then: [{ message: `msg-${i}` }], else: [{ set: { [`seen${i}`]: true } }, { message: `msg-${i}` }] },
      { wait_for: { event: "display", timeout: "P3D" } },
    ],
  }));
  return {
    placements: [
      { id: "home-hero", format: "html" },
      { id: "web-messages", format: "message" },
    ],
    offers,
    fallbacks: { "home-hero": "default-hero" },
    ...(withJourneys ? { journeys } : {}),
  };
}

function makeBatch(random, prefix) {
  const profileId = `${prefix}-${Math.floor(random() * PROFILES)}`;
  const total = NAMES.reduce((n, [, w]) => n + w, 0);
  const events = [];
  for (let i = 0; i < EVENTS_PER_REQUEST; i++) {
    let pick = random() * total;
    let name = NAMES[0][0];
    for (const [candidate, weight] of NAMES) if ((pick -= weight) < 0) { name = candidate; break; }
    events.push({
      id: crypto.randomUUID(), type: "track", name, profileId, anonymousId: `a-${profileId}`,
      timestamp: Date.now(), properties: { value: Math.floor(random() * 50) },
    });
  }
  return { events };
}

// ---- wrangler dev ------------------------------------------------------------------------------

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitUntilUp(base, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${base}/v1/health`);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error("wrangler dev did not answer in time");
}

async function publish(base, body) {
  const response = await fetch(`${base}/v1/admin/catalog`, { method: "PUT", headers: ADMIN, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`publish failed: ${response.status} ${await response.text()}`);
  return (await response.json()).version;
}

async function phase(base, label, prefix, seed) {
  const random = mulberry32(seed);
  const stopAt = Date.now() + PHASE_MS;
  let accepted = 0;
  let requests = 0;
  let errors = 0;
  const statuses = new Map();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < stopAt) {
        const body = makeBatch(random, prefix);
        try {
          // Each profile from its own address, as visitors' events arrive: one address for all would
          // meet the per-address rate limit (1,000 requests a minute, docs/security.md) within seconds.
          const n = Number(body.events[0].profileId.split("-").pop());
          const headers = { ...CLIENT, "cf-connecting-ip": `10.${seed & 255}.${(n >> 8) & 255}.${n & 255}` };
          const response = await fetch(`${base}/v1/events`, { method: "POST", headers, body: JSON.stringify(body) });
          const result = await response.json();
          if (response.status !== 202) {
            errors++;
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          }
          else accepted += result.accepted;
          requests++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const rate = accepted / seconds;
  const byStatus = [...statuses].map(([status, n]) => `${n}× ${status}`).join(", ");
  log(`${label}: ${accepted} events in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} events/s (${requests} requests, ${errors} errors${byStatus ? `: ${byStatus}` : ""})`);
  return { accepted, seconds, errors };
}

let flushFailures = 0;

async function main() {
  const state = mkdtempSync(join(tmpdir(), "edgewise-bench-journeys-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const wrangler = join(EDGE, "..", "node_modules", ".bin", "wrangler");
  let child;
  const killTimer = setTimeout(() => {
    log(`deadline of ${DEADLINE_MS / 1000} s reached; stopping`);
    child?.kill("SIGTERM");
    process.exit(2);
  }, DEADLINE_MS);
  try {
    log(`temporary state in ${state}; applying D1 migrations`);
    const migrate = spawnSync(wrangler, ["d1", "migrations", "apply", "STATS_DB", "--local", "--persist-to", state], {
      cwd: EDGE, encoding: "utf8", env: { ...process.env, CI: "1" },
    });
    if (migrate.status !== 0) throw new Error(`migrations failed: ${migrate.stderr || migrate.stdout}`);
    log(`starting wrangler dev on ${base}`);
    child = spawn(wrangler, ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--log-level", "error"], {
      cwd: EDGE, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "1" },
    });
    child.stderr.on("data", (chunk) => {
      process.stderr.write(chunk);
      flushFailures += String(chunk).split("outbox flush failed").length - 1;
    });
    await waitUntilUp(base, child);
    const plain = catalog(false);
    const orchestrated = catalog(true);
    const totals = { none: { accepted: 0, seconds: 0, errors: 0 }, journeys: { accepted: 0, seconds: 0, errors: 0 } };
    // Warm-up (compiles, first objects), then alternating rounds so drift affects both alike.
    await publish(base, plain);
    await phase(base, "warm-up", "warm", 1);
    for (let round = 1; round <= ROUNDS; round++) {
      for (const kind of ["none", "journeys"]) {
        await publish(base, kind === "none" ? plain : orchestrated);
        const result = await phase(base, `round ${round}, ${kind === "none" ? "no journeys" : `${JOURNEYS} journeys`}`, `${kind}-r${round}`, 1000 + round);
        for (const key of ["accepted", "seconds", "errors"]) totals[kind][key] += result[key];
      }
    }
    const none = totals.none.accepted / totals.none.seconds;
    const withJourneys = totals.journeys.accepted / totals.journeys.seconds;
    const ratio = withJourneys / none;
    const lines = [
      "## Journeys benchmark",
      "",
      `- Command: \`npm run bench:journeys\` (${new Date().toISOString()}, Node ${process.version}, own \`wrangler dev\`, temporary state).`,
      `- Workload: \`POST /v1/events\`, ${EVENTS_PER_REQUEST} track events per request for one of ${PROFILES.toLocaleString("en")} profiles, ${CONCURRENCY} requests in flight, ${ROUNDS} alternating rounds of ${PHASE_MS / 1000} s per condition after a warm-up.`,
      `- Journeys: ${JOURNEYS} (triggers on 5 event names, half with a \`when\` rule on event properties, exit on purchase, wait → if → message → wait_for).`,
      "",
      "| condition | events | seconds | events/s | errors |",
      "|---|---:|---:|---:|---:|",
      `| no journeys | ${totals.none.accepted} | ${totals.none.seconds.toFixed(1)} | ${none.toFixed(0)} | ${totals.none.errors} |`,
      `| ${JOURNEYS} journeys | ${totals.journeys.accepted} | ${totals.journeys.seconds.toFixed(1)} | ${withJourneys.toFixed(0)} | ${totals.journeys.errors} |`,
      "",
      `Outbox flushes the local Queue refused (retried by alarm, nothing lost): ${flushFailures}.`,
      "",
      `**Ratio (journeys / none): ${ratio.toFixed(2)}** (target ≥ 0.5: ${ratio >= 0.5 ? "met" : "NOT met"}).`,
      "",
    ];
    const text = lines.join("\n");
    console.log(text);
    writeFileSync(join(HERE, "results.md"), text);
    process.exitCode = ratio >= 0.5 ? 0 : 1;
  } finally {
    clearTimeout(killTimer);
    if (child && child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => {
        const timer = setTimeout(() => { child.kill("SIGKILL"); resolve(); }, 5_000);
        child.on("exit", () => { clearTimeout(timer); resolve(); });
      });
    }
    rmSync(state, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

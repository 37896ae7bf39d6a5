#!/usr/bin/env node
// `npm run bench:outbound`: how fast calls leave the edge, beside how fast events enter it, in one
// run under `wrangler dev` (temporary state, free ports) against a receiver that answers at once
// (receiver.mjs, its own process). Three phases, one after the other:
//   1. events/s through POST /v1/events: track events nothing listens to (batches of 100);
//   2. journey webhook calls: trigger events whose journey's `action` step calls a webhook — the
//      whole pipeline (intake → profile object → outbox → queue → destination object → receiver),
//      timed from the first event sent to the last call received;
//   3. a campaign action (no perSecond) to the profiles of a snapshot, timed from publish to the
//      last call; and, alongside phase 1, forwarding of every event in batches of 100.
// Knobs: BENCH_OUTBOUND_EVENTS=10000, BENCH_OUTBOUND_CALLS=3000, BENCH_OUTBOUND_PROFILES=5000,
// BENCH_OUTBOUND_CONCURRENCY=4. The Markdown report goes to stdout and bench/outbound/results.md.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, startEdge } from "../../edge/scripts/local-edge.mjs";

const dir = path.dirname(fileURLToPath(import.meta.url));
const num = (name, fallback) => Number(process.env[name] ?? fallback);
const EVENTS = num("BENCH_OUTBOUND_EVENTS", 10_000);
const CALLS = num("BENCH_OUTBOUND_CALLS", 3_000);
const PROFILES = num("BENCH_OUTBOUND_PROFILES", 5_000);
const CONCURRENCY = num("BENCH_OUTBOUND_CONCURRENCY", 4);
const ADMIN = { authorization: "Bearer demo-admin-key", "content-type": "application/json" };
const log = (line) => process.stderr.write(`[bench:outbound] ${line}\n`);

const port = await freePort();
const receiver = spawn(process.execPath, [path.join(dir, "receiver.mjs"), String(port)], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => receiver.stdout.once("data", resolve));
const receiverUrl = `http://127.0.0.1:${port}`;
const edge = await startEdge(120_000);
const counts = async () => (await fetch(`${receiverUrl}/__counts`)).json();

async function call(method, route, body, headers = ADMIN) {
  const response = await fetch(`${edge.url}${route}`, { method, headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Posts events in batches of 100, CONCURRENCY at a time, each batch from its own address. */
async function postEvents(events) {
  let next = 0;
  let batchNo = 0;
  const worker = async () => {
    while (next < events.length) {
      const batch = events.slice(next, (next += 100));
      const n = batchNo++;
      const headers = { "x-client-key": "demo-client-key", "content-type": "application/json", "cf-connecting-ip": `10.30.${(n >> 8) & 255}.${n & 255}` };
      const answer = await call("POST", "/v1/events", { events: batch }, headers);
      if (answer.accepted !== batch.length) throw new Error(`accepted ${answer.accepted} of ${batch.length}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function until(check, what, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Date.now();
}

const event = (name, i) => ({ id: crypto.randomUUID(), type: "track", name, profileId: `bench-${i % 500}`, anonymousId: `anon-bench-${i % 500}`, timestamp: Date.now(), properties: { n: i } });

try {
  const snapshot = [{ type: "header", version: "bench-outbound", audiences: [{ id: "readers" }] }];
  for (let i = 0; i < PROFILES; i++) snapshot.push({ profileId: `reader-${i}`, audiences: ["readers"], attributes: { email: `reader-${i}@example.com` } });
  await call("POST", "/v1/admin/snapshots", snapshot.map((line) => JSON.stringify(line)).join("\n"), { ...ADMIN, "content-type": "application/x-ndjson" });
  const catalog = {
    placements: [{ id: "home", format: "json" }],
    offers: [{ id: "hello", placements: ["home"], content: { title: "Hello" } }],
    webhooks: [{ id: "hook", url: `${receiverUrl}/hook` }, { id: "mail", url: `${receiverUrl}/mail` }],
    forwarding: [{ id: "warehouse", url: `${receiverUrl}/collect`, events: ["bench.view"], batch: 100 }],
    journeys: [{ id: "notify", trigger: { event: "bench.signup" }, reentry: "always", steps: [{ action: { webhook: "hook", body: { to: "{{ profile.id }}", n: "{{ event.properties.n }}" } } }] }],
  };
  await call("PUT", "/v1/admin/catalog", catalog);

  log(`phase 1: ${EVENTS} events through /v1/events (forwarded in batches of 100)`);
  const eventsStart = Date.now();
  await postEvents(Array.from({ length: EVENTS }, (_, i) => event("bench.view", i)));
  const eventsSeconds = (Date.now() - eventsStart) / 1000;
  const forwardedAt = await until(async () => ((await counts())["/collect"]?.events ?? 0) >= EVENTS, "forwarded events");
  const forwardSeconds = (forwardedAt - eventsStart) / 1000;

  log(`phase 2: ${CALLS} trigger events, one webhook call each`);
  const callsStart = Date.now();
  await postEvents(Array.from({ length: CALLS }, (_, i) => event("bench.signup", i)));
  const triggersSeconds = (Date.now() - callsStart) / 1000;
  const calledAt = await until(async () => ((await counts())["/hook"]?.ids ?? 0) >= CALLS, "webhook calls");
  const callsSeconds = (calledAt - callsStart) / 1000;

  log(`phase 3: a campaign action to ${PROFILES} profiles`);
  const start = new Date(Date.now() - 60_000).toISOString();
  const end = new Date(Date.now() + 86_400_000).toISOString();
  const campaignStart = Date.now();
  await call("PUT", "/v1/admin/catalog", { ...catalog, campaigns: [{ id: "bench-mail", audience: "readers", action: { webhook: "mail", body: { to: "{{ profile.email }}" } }, schedule: { start, end } }] });
  const mailedAt = await until(async () => ((await counts())["/mail"]?.ids ?? 0) >= PROFILES, "campaign calls");
  const campaignSeconds = (mailedAt - campaignStart) / 1000;
  const final = await counts();

  const eventsPerSecond = EVENTS / eventsSeconds;
  const rows = [
    ["events in through POST /v1/events", `${EVENTS}`, eventsSeconds, eventsPerSecond],
    ["events forwarded (batches of 100), from the first event sent", `${final["/collect"].events} in ${final["/collect"].calls} calls`, forwardSeconds, EVENTS / forwardSeconds],
    ["trigger events in through POST /v1/events", `${CALLS}`, triggersSeconds, CALLS / triggersSeconds],
    ["journey webhook calls delivered, from the first trigger sent", `${final["/hook"].ids}`, callsSeconds, CALLS / callsSeconds],
    ["campaign action calls delivered, from publish", `${final["/mail"].ids}`, campaignSeconds, PROFILES / campaignSeconds],
  ];
  const report = [
    `# Outbound benchmark (\`npm run bench:outbound\`, ${new Date().toISOString().slice(0, 10)})`,
    "",
    `wrangler dev on this machine (${process.platform}, Node ${process.version}), receiver answering 200 at once, ${CONCURRENCY} concurrent event posts of 100.`,
    "",
    "| what | count | seconds | per second | ÷ events/s in |",
    "|---|---|---|---|---|",
    ...rows.map(([what, count, seconds, rate]) => `| ${what} | ${count} | ${seconds.toFixed(1)} | ${rate.toFixed(0)} | ${(rate / eventsPerSecond).toFixed(2)} |`),
    "",
    `Duplicates at the receiver: webhook ${final["/hook"].calls - final["/hook"].ids}, campaign ${final["/mail"].calls - final["/mail"].ids}.`,
    "",
  ].join("\n");
  process.stdout.write(report);
  writeFileSync(path.join(dir, "results.md"), report);
} finally {
  await edge.stop();
  receiver.kill("SIGTERM");
}

#!/usr/bin/env node
// `node edge/scripts/costs.mjs`: what the edge costs on Cloudflare at 1, 10 and 100 million decisions
// a month, from Cloudflare's published prices (PRICES, with the date they were read) and the usage
// per decision below (USAGE: counted from the code, or measured, as each line says). A model, not a
// bill: change USAGE to your traffic and run it again. Its output is the table in docs/deploy.md.

/** Workers Paid plan, USD; read 2026-12-03 from developers.cloudflare.com (Workers, Durable Objects, Queues, D1 and KV pricing pages). */
export const PRICES = {
  base: 5, // per month, Workers Paid
  requests: { included: 10e6, perMillion: 0.3 },
  cpuMs: { included: 30e6, perMillion: 0.02 },
  doRequests: { included: 1e6, perMillion: 0.15 },
  doGbSeconds: { included: 400e3, perMillion: 12.5 },
  // SQLite in Durable Objects, at D1's rates.
  rowsRead: { included: 25e9, perMillion: 0.001 },
  rowsWritten: { included: 50e6, perMillion: 1.0 },
  queueOps: { included: 1e6, perMillion: 0.4 },
  kvReads: { included: 10e6, perMillion: 0.5 },
};

/** Per decision: one page view of an identified visitor in edge mode, with one offer displayed. */
export const USAGE = {
  requests: 2, // POST /v1/decide, and POST /v1/events carrying the page view and the display (the SDK batches events)
  cpuMs: 2, // about 1 ms of CPU per request: measured locally, the Worker and its object are busy 0.5–1 ms per decide (bench/edge)
  doRequests: 2, // one ProfileObject call per decide and per events request
  doGbSeconds: 2 * 0.002 * 0.125, // two calls of about 2 ms wall time at 128 MB; objects hibernate when idle
  rowsRead: 100, // the profile's history and caps, read per decide (an upper bound for a 200-event history)
  rowsWritten: 6, // history, processed event ids and their indexes for two events; cap reservations only for capped offers
  queueOps: 3, // one statistics message (write, read, delete); anonymous events are counted, not stored
  kvReads: 0.01, // the active catalog pointer and facts are cached in each isolate
};

const cost = (amount, { included, perMillion }) => (Math.max(0, amount - included) / 1e6) * perMillion;

/** Monthly cost in USD for `decisions` a month, by line and in total. */
export function monthlyCost(decisions, usage = USAGE, prices = PRICES) {
  const lines = { base: prices.base };
  for (const key of Object.keys(usage)) lines[key] = cost(usage[key] * decisions, prices[key]);
  return { lines, total: Object.values(lines).reduce((a, b) => a + b, 0) };
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const volumes = [1e6, 10e6, 100e6];
  const names = { base: "Workers Paid plan", requests: "Worker requests", cpuMs: "Worker CPU time", doRequests: "Durable Object requests", doGbSeconds: "Durable Object duration", rowsRead: "SQLite rows read", rowsWritten: "SQLite rows written", queueOps: "Queue operations", kvReads: "KV reads" };
  const usd = (n) => `$${n.toFixed(2)}`;
  const results = volumes.map((v) => monthlyCost(v));
  console.log(`| per month | ${volumes.map((v) => `${v / 1e6} M decisions`).join(" | ")} |`);
  console.log(`|---|${volumes.map(() => "---:").join("|")}|`);
  for (const key of Object.keys(names)) console.log(`| ${names[key]} | ${results.map((r) => usd(r.lines[key])).join(" | ")} |`);
  console.log(`| **total** | ${results.map((r) => `**${usd(r.total)}**`).join(" | ")} |`);
}

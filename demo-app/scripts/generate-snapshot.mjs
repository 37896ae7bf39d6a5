#!/usr/bin/env node
// Generates edge/demo/snapshot.ndjson: the demo's audience-state snapshot (1,000 profiles u-001…u-1000,
// audiences vip, churn-risk and new). Deterministic (seeded), so re-running it gives the same file.
// The shop's personas are fixed profiles: u-001 (VIP), u-013 (churn risk), u-023 (new customer).
//   node demo-app/scripts/generate-snapshot.mjs [--count 1000] [--out path]
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const count = Number(option("--count", 1000));
const out = option("--out", fileURLToPath(new URL("../../edge/demo/snapshot.ndjson", import.meta.url)));

/** mulberry32: a small seeded PRNG. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = ["Ana", "Bruno", "Carla", "Diego", "Elena", "Fatima", "Gustavo", "Helena", "Igor", "João", "Karina", "Luís",
  "Mariana", "Nuno", "Olga", "Pedro", "Quentin", "Rita", "Sofia", "Tiago", "Uma", "Vera", "Wanda", "Xavier", "Yara", "Zé",
  "Amir", "Beatriz", "Chen", "Dara", "Emeka", "Freya", "Hiro", "Ines", "Jonas", "Kemi", "Lena", "Mateo", "Noor", "Omar"];
const COUNTRIES = ["BR", "PT", "US", "DE", "FR", "ES", "GB", "MX", "AR", "NL"];
const FIXED = {
  "u-001": { audiences: ["vip"], attributes: { firstName: "Ana", tier: "gold", ltv: 475, country: "PT" } },
  "u-010": { audiences: ["vip", "churn-risk"], attributes: { firstName: "João", tier: "gold", ltv: 1150, country: "BR" } },
  "u-013": { audiences: ["churn-risk"], attributes: { firstName: "Mariana", tier: "silver", ltv: 59, country: "DE" } },
  "u-023": { audiences: ["new"], attributes: { firstName: "Wanda", tier: "silver", ltv: 89, country: "DE" } },
};

export function generate(n = count) {
  const rand = random(20261129);
  const lines = [
    { type: "header", version: "demo-2026-11-29T06:00:00Z",
      audiences: [{ id: "vip", name: "VIP" }, { id: "churn-risk", name: "Churn risk" }, { id: "new", name: "New customers" }] },
  ];
  for (let i = 1; i <= n; i++) {
    const profileId = `u-${String(i).padStart(3, "0")}`;
    const r = rand();
    const audiences = r < 0.18 ? ["vip"] : r < 0.22 ? ["vip", "churn-risk"] : r < 0.37 ? ["churn-risk"] : r < 0.62 ? ["new"] : [];
    const vip = audiences.includes("vip");
    const ltv = Math.round((vip ? 400 + rand() * 1600 : audiences.includes("new") ? rand() * 120 : 50 + rand() * 500) * 100) / 100;
    const attributes = {
      firstName: FIRST_NAMES[Math.floor(rand() * FIRST_NAMES.length)],
      tier: vip ? "gold" : ltv > 250 ? "silver" : "bronze",
      ltv,
      country: COUNTRIES[Math.floor(rand() * COUNTRIES.length)],
      orders: vip ? 5 + Math.floor(rand() * 30) : Math.floor(rand() * 6),
    };
    lines.push({ profileId, ...(FIXED[profileId] ?? { audiences, attributes }) });
  }
  return lines.map((line) => JSON.stringify(line)).join("\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = generate();
  writeFileSync(out, text);
  console.log(`wrote ${count} profiles (${(text.length / 1024).toFixed(1)} KB) to ${out}`);
}

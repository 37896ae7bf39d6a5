#!/usr/bin/env node
// Writes a seeded audience-state snapshot: a header line, then N profiles of about 100 bytes each
// (1,000,000 profiles ≈ 100 MB). Usage: node bench/snapshot/generate.mjs FILE [PROFILES] [VERSION]
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { mulberry32 as random } from "../workload.mjs";

const AUDIENCES = ["vip", "churn-risk", "new", "loyal", "cart-abandoner", "high-ltv", "mobile", "newsletter"];
const TIERS = ["bronze", "silver", "gold", "platinum"];
const COUNTRIES = ["BR", "US", "PT", "DE", "FR", "MX", "AR", "ES"];

export const profileId = (i) => `u-${String(i).padStart(8, "0")}`;

export async function generate(file, profiles, version = `bench-${profiles}-${Date.now()}`) {
  const rand = random(profiles);
  const out = createWriteStream(file);
  const write = async (text) => {
    if (!out.write(text)) await once(out, "drain");
  };
  await write(`${JSON.stringify({ type: "header", version, audiences: AUDIENCES.map((id) => ({ id })) })}\n`);
  let chunk = "";
  for (let i = 0; i < profiles; i++) {
    const audiences = AUDIENCES.filter(() => rand() < 0.2);
    const line = {
      profileId: profileId(i),
      audiences,
      attributes: { tier: TIERS[(rand() * 4) | 0], ltv: (rand() * 5000) | 0, country: COUNTRIES[(rand() * 8) | 0] },
    };
    chunk += `${JSON.stringify(line)}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  out.end();
  await once(out, "finish");
  return { file, version, bytes: out.bytesWritten };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, count = "1000000", version] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node bench/snapshot/generate.mjs FILE [PROFILES] [VERSION]");
    process.exit(2);
  }
  const result = await generate(file, Number(count), version);
  console.log(`${result.file}: ${count} profiles, ${(result.bytes / 1e6).toFixed(1)} MB, version ${result.version}`);
}

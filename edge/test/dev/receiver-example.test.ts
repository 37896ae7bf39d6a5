// The docs' receiver (docs/outbound.md, edge/demo/receiver.mjs, which `npm start` runs): the two
// are the same code, and it accepts a validly signed call once, answers a repeat 200 without
// handling it again, and refuses a wrong signature, a missing one and a stale timestamp.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/local-edge.mjs";

const SOURCE = new URL("../../demo/receiver.mjs", import.meta.url);
let url = "";
let output = "";
let stop = () => {};

beforeAll(async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [SOURCE.pathname], { env: { ...process.env, PORT: String(port), WEBHOOK_SECRET: "s3cret" }, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout.on("data", (chunk) => (output += chunk));
  stop = () => void child.kill("SIGTERM");
  url = `http://127.0.0.1:${port}/hook`;
  for (let i = 0; i < 100; i++) {
    if (await fetch(url, { method: "POST" }).then(() => true, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});
afterAll(() => stop());

const send = (body: string, { secret = "s3cret", timestamp = Math.floor(Date.now() / 1000), id = "6f1c1d0e-0000-4000-8000-000000000001", signature }: { secret?: string; timestamp?: number; id?: string; signature?: string | null } = {}) => {
  const signed = signature === undefined ? `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}` : signature;
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-edgewise-delivery": id, "x-edgewise-timestamp": String(timestamp), ...(signed === null ? {} : { "x-edgewise-signature": signed }) },
    body,
  });
};

describe("the docs' webhook receiver", () => {
  it("is the code the docs show", () => {
    const docs = readFileSync(new URL("../../../docs/outbound.md", import.meta.url), "utf8");
    expect(docs).toContain("```js\n" + readFileSync(SOURCE, "utf8") + "```");
    expect(readFileSync(SOURCE, "utf8").trim().split("\n").length).toBeLessThanOrEqual(20);
  });

  it("handles a signed delivery once, answers its repeat 200, refuses bad, missing and stale signatures", async () => {
    expect((await send('{"to":"ana"}')).status).toBe(200);
    expect((await send('{"to":"ana"}')).status).toBe(200);
    expect((await send('{"to":"ana"}', { secret: "wrong" })).status).toBe(401);
    expect((await send('{"to":"ana"}', { signature: null })).status).toBe(401);
    expect((await send('{"to":"ana"}', { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(output.match(/6f1c1d0e-0000-4000-8000-000000000001/g)).toHaveLength(1);
  });
});

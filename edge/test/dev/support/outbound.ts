import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { freePort } from "../../../scripts/local-edge.mjs";

export interface Logged {
  at: number;
  path: string;
  status: number | null;
  headers: Record<string, string>;
  body: string;
}

/** The programmable receiver (receiver.mjs) in its own process. */
export async function startReceiver(): Promise<{ url: string; plan(path: string, answers: object[], then?: object): Promise<void>; log(path: string): Promise<Logged[]>; stop(): void }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(new URL("./receiver.mjs", import.meta.url)), String(port)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`receiver exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    plan: async (path, answers, then) => void (await fetch(`${url}/__plan`, { method: "POST", body: JSON.stringify({ path, answers, then }) })),
    log: async (path) => (await (await fetch(`${url}/__log?path=${encodeURIComponent(path)}`)).json()) as Logged[],
    stop: () => void child.kill("SIGTERM"),
  };
}

/** Whether a logged call carries a valid `x-edgewise-signature` for `secret` (as the docs' receiver checks it). */
export function signedBy(call: Logged, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(`${call.headers["x-edgewise-timestamp"]}.${call.body}`).digest("hex");
  return call.headers["x-edgewise-signature"] === `sha256=${expected}`;
}

/** The most arrivals in any window of `windowMs` (a sliding window over the arrival times). */
export function maxInWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// `npm run deploy -- --env ENV --dry-run` for every environment: it walks every step without an
// account (docs/deploy.md), bundles the Worker for real (`wrangler deploy --dry-run`) and reports
// its size, far under Cloudflare's limit (3 MB gzip on Workers Free, 10 MB on Paid).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const EDGE = fileURLToPath(new URL("../..", import.meta.url));
const FREE_LIMIT_KIB = 3 * 1024;
const deploy = (...args: string[]) => promisify(execFile)(process.execPath, ["scripts/deploy.mjs", ...args], { cwd: EDGE, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });

describe("npm run deploy -- --dry-run", () => {
  it.each(["staging", "production"])("env.%s: every step, the Worker bundled under Cloudflare's size limit", async (environment) => {
    const { stdout } = await deploy("--env", environment, "--dry-run");
    for (let step = 1; step <= 7; step++) expect(stdout).toContain(`[${step}/7]`);
    for (const command of [
      `wrangler queues create edgewise-events-${environment}`,
      `wrangler queues create edgewise-events-${environment}-dlq`,
      `wrangler deploy --env ${environment}`,
      `wrangler d1 migrations apply STATS_DB --remote --env ${environment}`,
      `wrangler secret put TOKEN_SECRET --env ${environment}`,
    ]) expect(stdout).toContain(command);
    // Nothing is served that the operator did not turn on, and the missing origins are said.
    expect(stdout).toContain("SERVE_CONSOLE: off");
    expect(stdout).toContain(`ALLOWED_ORIGINS is not set in env.${environment}.vars`);
    const size = /the Worker: ([\d.]+) KiB, ([\d.]+) KiB gzip/.exec(stdout);
    expect(size, stdout).not.toBeNull();
    const gzip = Number(size![2]);
    console.log(`env.${environment}: ${size![1]} KiB, ${gzip} KiB gzip — ${((gzip / FREE_LIMIT_KIB) * 100).toFixed(1)} % of the Workers Free limit`);
    expect(gzip).toBeLessThan(FREE_LIMIT_KIB);
    expect(stdout).toContain("nothing was changed");
  }, 120_000);

  it("refuses an unknown environment or flag with exit 2", async () => {
    for (const args of [["--env", "prod"], ["--env", "production", "--bogus"]]) {
      const failure = await deploy(...args).then(() => null, (error: { code: number; stderr: string }) => error);
      expect(failure?.code, args.join(" ")).toBe(2);
      expect(failure?.stderr).toContain("usage: npm run deploy");
    }
  });
});

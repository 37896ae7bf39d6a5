// The installed `edgewise` bin (node_modules/.bin/edgewise, as `npx edgewise` runs it) against
// `wrangler dev`: exit codes, --version, help, and real commands with their messages.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEdge } from "../../scripts/local-edge.mjs";

const BIN = fileURLToPath(new URL("../../../node_modules/.bin/edgewise", import.meta.url));
const { version } = JSON.parse(readFileSync(new URL("../../../cli/package.json", import.meta.url), "utf8"));
let edge: Awaited<ReturnType<typeof startEdge>>;
const dir = mkdtempSync(join(tmpdir(), "edgewise-cli-"));

beforeAll(async () => {
  edge = await startEdge();
});
afterAll(async () => {
  await edge?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the bin; resolves with its exit code and output (never rejects). */
function edgewise(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(BIN, args, { env: { ...process.env, EDGEWISE_EDGE: edge.url, EDGEWISE_ADMIN_KEY: "demo-admin-key" } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe("the installed edgewise bin", () => {
  it("--version, help, and exit 2 for anything it does not know", async () => {
    expect(await edgewise("--version")).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect((await edgewise("catalog", "validate", "--help")).stdout).toMatch(/^edgewise catalog validate FILE/);
    expect(await edgewise("--bogus-flag")).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option --bogus-flag") });
    expect(await edgewise("snapshot", "upload", "x.ndjson", "--part-size", "abc")).toMatchObject({ code: 2, stderr: expect.stringContaining("--part-size must be a number") });
  });

  it("publishes, lists and rolls back against the edge; says what is wrong when it cannot", async () => {
    const file = join(dir, "catalog.json");
    writeFileSync(file, JSON.stringify({ placements: [{ id: "home-hero", format: "json" }], offers: [{ id: "hero", placements: ["home-hero"], content: { title: "Hi" } }] }));
    const validated = await edgewise("catalog", "validate", file);
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stderr).toContain("[3/4] compiling");
    expect(validated.stderr).toContain("[4/4] asking the edge which audiences it knows");
    const first = await edgewise("catalog", "publish", file);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(file, JSON.stringify({ placements: [{ id: "home-hero", format: "json" }], offers: [{ id: "hero", placements: ["home-hero"], content: { title: "Hello" } }] }));
    expect(await edgewise("catalog", "publish", file)).toMatchObject({ code: 0 });
    const listed = await edgewise("catalog", "versions", "--json");
    const versions = (JSON.parse(listed.stdout) as { versions: { version: string }[] }).versions;
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(await edgewise("catalog", "rollback", versions[1]!.version)).toMatchObject({ code: 0, stdout: expect.stringContaining(`active: catalog ${versions[1]!.version}`) });
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "placements": [,]\n}\n');
    expect(await edgewise("catalog", "validate", broken)).toMatchObject({ code: 1, stderr: expect.stringMatching(/not valid JSON, line 2, column \d+/) });
    const snapshot = join(dir, "snapshot.ndjson");
    writeFileSync(snapshot, [JSON.stringify({ type: "header", version: "cli-bin-1", audiences: [{ id: "vip" }] }), ...Array.from({ length: 50 }, (_, n) => JSON.stringify({ profileId: `p-${n}`, audiences: ["vip"] }))].join("\n") + "\n");
    const uploaded = await edgewise("snapshot", "upload", snapshot, "--part-size", "0.001");
    expect(uploaded.code, uploaded.stderr).toBe(0);
    // Progress on stderr: the local validation, then the parts.
    expect(uploaded.stderr).toContain("validated 51 lines");
    expect(uploaded.stderr).toMatch(/part \d+\/\d+/);
    expect(await edgewise("snapshot", "status", "cli-bin-1")).toMatchObject({ code: 0, stdout: expect.stringContaining("snapshot cli-bin-1: active, 50 profiles") });
    expect(await edgewise("snapshot", "delete", "cli-bin-1")).toMatchObject({ code: 1, stderr: expect.stringContaining("active") });
    const staged = join(dir, "staged.ndjson");
    writeFileSync(staged, [JSON.stringify({ type: "header", version: "cli-bin-2", audiences: [{ id: "vip" }] }), JSON.stringify({ profileId: "p-1", audiences: ["vip"] })].join("\n") + "\n");
    expect(await edgewise("snapshot", "upload", staged, "--no-activate")).toMatchObject({ code: 0 });
    expect(await edgewise("snapshot", "delete", "cli-bin-2")).toMatchObject({ code: 0, stdout: "deleted: snapshot cli-bin-2\n" });
    expect(await edgewise("stats", "--admin-key", "wrong")).toMatchObject({ code: 1, stderr: expect.stringContaining("the admin key was refused") });
    expect(await edgewise("stats", "--edge", "http://127.0.0.1:9")).toMatchObject({ code: 1, stderr: expect.stringContaining("is unreachable") });
  });
});

import { describe, expect, it } from "vitest";
import { COMMANDS, jsonErrorWhere, runCli, type CliIo } from "../../cli/src/core.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { ADMIN_KEY, BASE, decide, fetchEdge, publish, uid } from "./helpers.ts";

/** Runs the CLI against the Worker's real entry point, with in-memory files. */
function cli(files: Record<string, string>, fetchHook?: (url: string, init?: RequestInit) => Promise<Response> | undefined) {
  const out: string[] = [];
  const err: string[] = [];
  const requests: string[] = [];
  const io: CliIo = {
    fetch: (url, init) => {
      requests.push(`${init?.method ?? "GET"} ${url.slice(BASE.length)}`);
      return fetchHook?.(url, init) ?? fetchEdge(url.slice(BASE.length), init);
    },
    readText: async (file) => files[file]!,
    readLines: async function* (file) {
      yield* files[file]!.split("\n").filter((line, i, all) => i < all.length - 1 || line !== "");
    },
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    progress: (done, total, detail) => err.push(`progress ${done}/${total} ${detail}`),
    env: { EDGEWISE_EDGE: BASE, EDGEWISE_ADMIN_KEY: ADMIN_KEY },
    sleep: async () => undefined,
  };
  return { run: (...argv: string[]) => runCli(argv, io), out, err, requests };
}

function snapshotFile(version: string, count: number, audience = "vip"): string {
  const lines = [JSON.stringify({ type: "header", version, audiences: [{ id: audience }] })];
  for (let i = 0; i < count; i++) lines.push(JSON.stringify({ profileId: `cli-${i}`, audiences: [audience], attributes: { ltv: i } }));
  return lines.join("\n") + "\n";
}

describe("edgewise CLI", () => {
  it("validates a catalog locally and prints errors with their JSON paths", async () => {
    const broken = { ...testCatalog(), offers: [{ id: "x", placements: ["nowhere"], content: {} }], audiences: [{ id: "a" }] };
    const t = cli({ "good.json": JSON.stringify(testCatalog()), "bad.json": JSON.stringify(broken), "nojson.json": "{" });
    expect(await t.run("catalog", "validate", "good.json")).toBe(0);
    expect(t.out.join("\n")).toMatch(/valid — 4 placements, 6 offers/);
    // Its steps as progress: read, parse, compile, ask the edge, done.
    expect(t.err.filter((line) => line.startsWith("progress")).map((line) => line.split(" ")[1])).toEqual(["0/4", "1/4", "2/4", "3/4", "3/4", "4/4"]);
    expect(await t.run("catalog", "validate", "bad.json")).toBe(1);
    expect(t.err.join("\n")).toContain("$.offers[0].placements[0]: unknown placement");
    expect(t.err.join("\n")).toContain("$.audiences[0].rule: an audience needs a rule");
    expect(await t.run("catalog", "validate", "nojson.json")).toBe(1);
    // Only the valid catalog's audiences were checked with the edge; nothing was published.
    expect(t.requests).toEqual(["POST /v1/admin/catalog/validate"]);
    const offline = cli({ "good.json": JSON.stringify(testCatalog()) });
    expect(await offline.run("catalog", "validate", "good.json", "--offline")).toBe(0);
    expect(offline.requests).toEqual([]);
  });

  it("warns about audiences the edge does not know, on validate and publish", async () => {
    const catalog = testCatalog();
    (catalog.offers[1] as Record<string, unknown>)["eligibility"] = { audience: "churn-riks" };
    const t = cli({ "c.json": JSON.stringify(catalog) });
    expect(await t.run("catalog", "validate", "c.json")).toBe(0);
    expect(t.err).toContainEqual(expect.stringMatching(/^warning: \$\.offers\[1\]\.eligibility\.audience: unknown audience "churn-riks"/));
    expect(await t.run("catalog", "publish", "c.json")).toBe(0);
    expect(t.err.filter((line) => line.startsWith("warning:") && line.includes("churn-riks"))).toHaveLength(2);
    const unreachable = cli({ "c.json": JSON.stringify(catalog) }, () => Promise.reject(new TypeError("fetch failed")));
    expect(await unreachable.run("catalog", "validate", "c.json")).toBe(0);
    expect(unreachable.err.join("\n")).toMatch(/audiences not checked: the edge at .* is unreachable/);
  });

  it("lists catalog versions, prints one, and rolls back", async () => {
    const first = testCatalog();
    (first.offers[0] as Record<string, unknown>)["priority"] = 51;
    const second = testCatalog();
    (second.offers[0] as Record<string, unknown>)["priority"] = 52;
    const t = cli({ "a.json": JSON.stringify(first), "b.json": JSON.stringify(second) });
    expect(await t.run("catalog", "publish", "a.json")).toBe(0);
    const a = t.out.at(-1)!.split(" ").at(-1)!;
    expect(await t.run("catalog", "publish", "b.json")).toBe(0);
    const b = t.out.at(-1)!.split(" ").at(-1)!;
    expect(await t.run("catalog", "versions")).toBe(0);
    const listing = t.out.at(-1)!.split("\n");
    expect(listing[0]).toMatch(/^VERSION\s+PUBLISHED\s+OFFERS\s+PLACEMENTS/);
    expect(listing[1]).toMatch(new RegExp(`^${b}\\s.*\\s6\\s+4\\s+active$`));
    expect(listing[2]).toMatch(new RegExp(`^${a}\\s`));
    expect(await t.run("catalog", "get", a)).toBe(0);
    expect(JSON.parse(t.out.at(-1)!).offers[0].priority).toBe(51);
    expect(await t.run("catalog", "rollback", a)).toBe(0);
    expect(t.out.at(-1)).toBe(`active: catalog ${a} (previous: ${b})`);
    expect(await t.run("catalog", "rollback", "0000000000000000")).toBe(1);
    expect(t.err.at(-1)).toMatch(/activation failed \(404\): there is no catalog version/);
  });

  it("publishes a catalog only when it is valid", async () => {
    const t = cli({ "good.json": JSON.stringify(testCatalog()), "bad.json": "{}" });
    expect(await t.run("catalog", "publish", "bad.json")).toBe(1);
    expect(t.requests).toEqual([]);
    expect(await t.run("catalog", "publish", "good.json")).toBe(0);
    expect(t.out.at(-1)).toMatch(/^published catalog [0-9a-f]{16}$/);
  });

  it("refuses a snapshot with invalid lines before sending anything, with line numbers", async () => {
    const file = snapshotFile(uid("clibad"), 3) + '{"profileId":1}\nnope\n';
    const t = cli({ "s.ndjson": file });
    expect(await t.run("snapshot", "upload", "s.ndjson")).toBe(1);
    expect(t.err).toContain("  line 5: $[4].profileId: expected a string");
    expect(t.err).toContain("  line 6: $[5]: line is not valid JSON");
    expect(t.requests).toEqual([]);
  });

  it("uploads in parts with progress, resumes after a failure, lists and activates", async () => {
    const version = uid("cli");
    const file = snapshotFile(version, 200);
    let failPart3 = true;
    const t = cli({ "s.ndjson": file }, (url) => {
      if (failPart3 && url.includes("/parts/3?")) return Promise.reject(new Error("connection reset"));
      return undefined;
    });
    // ~1 KB parts: part 3 keeps failing, so the upload stops there.
    expect(await t.run("snapshot", "upload", "s.ndjson", "--part-size", "0.001")).toBe(1);
    expect(t.err.join("\n")).toMatch(/run the same command again to resume from part 3/);
    const sentBefore = t.requests.filter((r) => r.includes("/parts/")).length;
    expect(sentBefore).toBe(2 + 3); // parts 1 and 2, then three attempts at part 3
    const planned = Number(/(\d+) part\(s\)/.exec(t.err.join("\n"))![1]);
    expect(planned).toBeGreaterThan(5);

    failPart3 = false;
    t.requests.length = 0;
    expect(await t.run("snapshot", "upload", "s.ndjson", "--part-size", "0.001")).toBe(0);
    expect(t.err.join("\n")).toContain(`resuming: 2 of ${planned} part(s) already uploaded`);
    expect(t.requests.filter((r) => r.includes("/parts/")).length).toBe(planned - 2);
    expect(t.requests.some((r) => r.includes("/parts/1?"))).toBe(false);
    expect(t.err.some((line) => line.startsWith(`progress ${file.length}/${file.length}`))).toBe(true);
    expect(t.out.at(-1)).toMatch(new RegExp(`snapshot ${version}: 200 profiles, active`));
    expect((await decide({ profileId: "cli-7", anonymousId: uid(), placements: ["x"] })).snapshotVersion).toBe(version);

    // A second version, then the listing and a rollback through the CLI.
    const next = `${uid("cli2")}T06:00:00Z`; // colons are escaped in URLs
    const t2 = cli({ "n.ndjson": snapshotFile(next, 5, "new") });
    expect(await t2.run("snapshot", "upload", "n.ndjson")).toBe(0);
    expect(await t2.run("snapshot", "list")).toBe(0);
    const listing = t2.out.join("\n");
    expect(listing).toMatch(new RegExp(`${next}\\s+active\\s+5`));
    expect(listing).toMatch(new RegExp(`${version}\\s+ready\\s+200`));
    expect(await t2.run("snapshot", "activate", version)).toBe(0);
    expect(t2.out.at(-1)).toBe(`active: ${version} (previous: ${next})`);
    expect((await decide({ profileId: "cli-7", anonymousId: uid(), placements: ["x"] })).audiences).toEqual(["vip"]);
    expect(await t2.run("snapshot", "activate", "no-such-version")).toBe(1);
  });

  it("prints stats and needs an admin key", async () => {
    const t = cli({});
    expect(await t.run("stats")).toBe(0);
    expect(t.out.at(-1)).toMatch(/^OFFER\s+PLACEMENT\s+TRIGGER/);
    // With an experiment: its report under the offers, in --json too.
    const experimentId = uid("cli-exp");
    await publish({ ...testCatalog(), experiments: [{ id: experimentId, placement: "home-hero", variants: [{ id: "a", offer: (testCatalog().offers as { id: string; placements: string[] }[]).find((o) => o.placements.includes("home-hero"))!.id, weight: 1 }, { id: "b", offer: null, weight: 1 }], start: "2026-01-01T00:00:00Z" }] });
    const e = cli({});
    expect(await e.run("stats")).toBe(0);
    expect(e.out.join("\n")).toContain(`experiment ${experimentId} (running, home-hero)\nVARIANT  EXPOSED  CONVERTED`);
    expect(await e.run("stats", "--json")).toBe(0);
    expect(JSON.parse(e.out.at(-1)!).experiments[0]).toMatchObject({ id: experimentId, variants: [{ id: "a", exposures: 0 }, { id: "b", exposures: 0 }] });
    const noKey = cli({});
    expect(await runCli(["snapshot", "list", "--edge", BASE], { ...ioWithoutKey(noKey) })).toBe(1);
  });
});

function ioWithoutKey(t: ReturnType<typeof cli>): CliIo {
  return {
    fetch: (url, init) => fetchEdge(url.slice(BASE.length), init),
    readText: async () => "",
    readLines: async function* () {},
    out: (text) => t.out.push(text),
    err: (text) => t.err.push(text),
    env: {},
  };
}

describe("edgewise CLI: how it is called", () => {
  it("called wrongly, it says why and exits 2, before any request", async () => {
    const t = cli({ "c.json": JSON.stringify(testCatalog()), "s.ndjson": snapshotFile(uid("v"), 2) });
    for (const [argv, reason] of [
      [["catalog", "validate", "c.json", "--bogus-flag"], "unknown option --bogus-flag"],
      [["snapshot", "upload", "s.ndjson", "--part-size", "abc"], '--part-size must be a number from 0.001 to 95, not "abc"'],
      [["snapshot", "upload", "s.ndjson", "--part-size=0"], "--part-size must be a number from 0.001 to 95"],
      [["snapshot", "upload", "s.ndjson", "--part-size", "200"], "--part-size must be a number from 0.001 to 95"],
      [["snapshot", "upload", "s.ndjson", "--shards", "2.5"], "--shards must be a whole number from 1 to 256"],
      [["catalog", "publish", "c.json", "--offer", "x"], '--offer is not an option of "catalog publish"'],
      [["catalog", "publish"], '"catalog publish" needs FILE'],
      [["catalog", "versions", "extra"], '"catalog versions" takes no arguments, not "extra"'],
      [["catalog", "publish", "c.json", "--json=yes"], "--json takes no value"],
      [["stats", "--edge", "not-a-url"], "--edge must be an http(s) URL"],
      [["stats", "--admin-key"], "--admin-key needs a value (KEY)"],
      [["catalog", "frobnicate"], 'unknown command "catalog frobnicate"'],
    ] as const) {
      t.err.length = 0;
      expect(await t.run(...argv), argv.join(" ")).toBe(2);
      expect(t.err.join("\n"), argv.join(" ")).toContain(reason);
    }
    expect(t.requests).toEqual([]);
  });

  it("has --version, and help per command generated from the one command table", async () => {
    const out: string[] = [];
    const io: CliIo = { fetch: () => Promise.reject(new Error("no request")), readText: async () => "", readLines: async function* () {}, out: (x) => void out.push(x), err: () => {}, env: {}, version: "1.2.3" };
    expect(await runCli(["--version"], io)).toBe(0);
    expect(out.at(-1)).toBe("1.2.3");
    expect(await runCli(["--help"], io)).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(out.at(-1)).toContain(`edgewise ${name}`);
    expect(await runCli(["snapshot", "upload", "--help"], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^edgewise snapshot upload FILE\n/);
    expect(out.at(-1)).toContain("--part-size MB");
    expect(out.at(-1)).not.toContain("--offer");
    expect(await runCli([], io)).toBe(2);
  });

  it("points at JSON syntax errors by line and column", async () => {
    const t = cli({ "broken.json": '{\n  "placements": [],\n  "offers": [\n    { "id": "a", }\n  ]\n}\n', "empty.json": "" });
    expect(await t.run("catalog", "validate", "broken.json", "--offline")).toBe(1);
    expect(t.err.join("\n")).toContain("broken.json: not valid JSON, line 4, column 18:");
    expect(await t.run("catalog", "validate", "empty.json", "--offline")).toBe(1);
    expect(t.err.join("\n")).toContain("empty.json: not valid JSON, the file is empty");
    expect(jsonErrorWhere('{"a": [1, 2,]}')).toBe("line 1, column 13");
    expect(jsonErrorWhere('{\n  "a": tru\n}')).toBe("line 2, column 8");
    expect(jsonErrorWhere('{"a": "x\ny"}')).toBe("line 1, column 9");
    expect(jsonErrorWhere("{}\n{")).toBe("line 2, column 1");
    expect(jsonErrorWhere('{"a": 01}')).toBe("line 1, column 8");
    expect(jsonErrorWhere('  {"a": [true, false, null, -1.5e3, "\\u00e9"]}  ')).toBe("");
    expect(jsonErrorWhere("")).toBe("the file is empty");
  });

  it("says when the admin key is wrong, and shows one snapshot's status", async () => {
    const wrong = cli({});
    expect(await wrong.run("stats", "--admin-key", "nope")).toBe(1);
    expect(wrong.err.join("\n")).toContain("the admin key was refused: check --admin-key or EDGEWISE_ADMIN_KEY");
    const version = uid("status");
    const t = cli({ "s.ndjson": snapshotFile(version, 3) });
    expect(await t.run("snapshot", "upload", "s.ndjson", "--no-activate")).toBe(0);
    expect(await t.run("snapshot", "status", version)).toBe(0);
    expect(t.out.at(-1)).toBe(`snapshot ${version}: ready, 3 profiles`);
    expect(await t.run("snapshot", "status", uid("nope"))).toBe(1);
  });

  it("--json everywhere: answers on stdout, every error one JSON line on stderr", async () => {
    const broken = { ...testCatalog(), offers: [{ id: "x", placements: ["nowhere"], content: {} }] };
    const t = cli({ "good.json": JSON.stringify(testCatalog()), "bad.json": JSON.stringify(broken), "syntax.json": '{"a": }', "s.ndjson": '{"type":"header","version":"j1","audiences":[]}\n{"profileId": 5}\n' });
    const lastError = () => JSON.parse(t.err.at(-1)!).error;
    expect(await t.run("catalog", "validate", "good.json", "--json")).toBe(0);
    expect(JSON.parse(t.out.at(-1)!)).toEqual({ valid: true, warnings: expect.any(Array) });
    expect(await t.run("catalog", "validate", "bad.json", "--json")).toBe(1);
    expect(lastError()).toMatchObject({ code: "invalid_catalog", errors: expect.arrayContaining([expect.objectContaining({ path: "$.offers[0].placements[0]" })]) });
    expect(await t.run("catalog", "validate", "syntax.json", "--json")).toBe(1);
    expect(lastError()).toMatchObject({ code: "invalid_json", where: "line 1, column 7" });
    expect(await t.run("snapshot", "upload", "s.ndjson", "--json")).toBe(1);
    expect(lastError()).toMatchObject({ code: "invalid_snapshot", errors: [expect.objectContaining({ line: 2 })] });
    expect(await t.run("stats", "--json", "--admin-key", "nope")).toBe(1);
    expect(lastError()).toMatchObject({ status: 401 });
    expect(await t.run("stats", "--json", "--bogus")).toBe(2);
    expect(lastError()).toEqual({ code: "usage", message: "unknown option --bogus" });
    const unreachable = cli({}, () => Promise.reject(new TypeError("fetch failed")));
    expect(await unreachable.run("catalog", "versions", "--json")).toBe(1);
    expect(JSON.parse(unreachable.err.at(-1)!).error.code).toBe("unreachable");
    // Nothing but JSON on stderr.
    for (const line of [...t.err, ...unreachable.err]) expect(() => JSON.parse(line), line).not.toThrow();
  });
});

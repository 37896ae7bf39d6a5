import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.ts";
import { testCatalog } from "./fixtures/catalog.ts";
import { adminHeaders, clientHeaders, decide, event, fetchEdge, json, publish, sendEvents, uid } from "./helpers.ts";

const NDJSON = adminHeaders({ "content-type": "application/x-ndjson" });

function ndjson(version: string | null, profiles: unknown[], audiences = [{ id: "a" }, { id: "b" }]): string {
  const lines = version === null ? profiles : [{ type: "header", version, audiences }, ...profiles];
  return lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n");
}

function post(path: string, body: string, headers: Record<string, string> = NDJSON): Promise<Response> {
  return fetchEdge(path, { method: "POST", headers, body });
}

async function version(name: string): Promise<any> {
  const response = await fetchEdge(`/v1/admin/snapshots/${name}`, { headers: adminHeaders() });
  return response.status === 404 ? null : json(response);
}

const profiles = (count: number, audience: string, prefix = "p") =>
  Array.from({ length: count }, (_, i) => ({ profileId: `${prefix}-${i}`, audiences: [audience], attributes: { n: i } }));

describe("snapshot import: validation", () => {
  it("rejects the whole snapshot with the first 100 errors and their line numbers; nothing becomes visible", async () => {
    const name = uid("bad");
    const lines: unknown[] = profiles(5, "a");
    for (let i = 0; i < 150; i++) lines.push(i % 2 ? "not json" : { profileId: 7 });
    const response = await post("/v1/admin/snapshots", ndjson(name, lines));
    expect(response.status).toBe(400);
    const { error } = await json(response);
    expect(error).toMatchObject({ code: "invalid_body", path: "$[6].profileId", line: 7 });
    expect(error.errors).toHaveLength(100);
    expect(error.errors[0]).toEqual({ line: 7, path: "$[6].profileId", message: "expected a string" });
    expect(error.errors[1]).toMatchObject({ line: 8, path: "$[7]" });
    expect(error.errors[99].line).toBe(106);
    // Failed, listed with its errors, and no profile of it is readable.
    expect(await version(name)).toMatchObject({ state: "failed", invalidLines: 100, profiles: 0 });
    const listed = (await json(await fetchEdge("/v1/admin/snapshots", { headers: adminHeaders() }))).versions;
    expect(listed.find((v: { version: string }) => v.version === name)).toMatchObject({ state: "failed" });
    const result = await decide({ profileId: "p-1", anonymousId: uid(), placements: ["x"] });
    expect(result.snapshotVersion).not.toBe(name);
    // A failed version can be imported again, correctly this time.
    const again = await post("/v1/admin/snapshots", ndjson(name, profiles(3, "a")));
    expect(again.status).toBe(201);
    expect(await json(again)).toMatchObject({ version: name, profiles: 3, state: "active" });
  });

  it("imports the valid lines with onInvalid=skip and lists the skipped ones", async () => {
    const name = uid("skip");
    const response = await post(`/v1/admin/snapshots?onInvalid=skip`, ndjson(name, [...profiles(3, "a"), "{", { profileId: "" }]));
    expect(response.status).toBe(201);
    const body = await json(response);
    expect(body).toMatchObject({ version: name, profiles: 3, invalidLines: 2 });
    expect(body.skipped.map((e: { line: number }) => e.line)).toEqual([5, 6]);
  });

  it("counts a profile id given twice once (the last line wins)", async () => {
    const name = uid("dup");
    const response = await post("/v1/admin/snapshots", ndjson(name, [{ profileId: "d-1", audiences: ["a"] }, { profileId: "d-1", audiences: ["b"] }]));
    expect(await json(response)).toMatchObject({ profiles: 1 });
    expect((await decide({ profileId: "d-1", anonymousId: uid(), placements: ["x"] })).audiences).toEqual(["b"]);
  });
});

describe("snapshot import: stored exactly as sent", () => {
  it("keeps ids and attributes with quotes, backslashes, escapes and non-ASCII text unchanged", async () => {
    const tricky = [`q"uote-${uid()}`, `back\\slash-${uid()}`, `ümlaut-☃-😀-${uid()}`, `line\nbreak-${uid()}`];
    const attributes = { s: 'a "q" \\ \u0000 😀 \u2028', n: 1.5, big: 1e21, nested: { list: [true, null, "ü"] } };
    const response = await post("/v1/admin/snapshots", ndjson(uid("exact"), tricky.map((profileId) => ({ profileId, audiences: ["b"], attributes }))));
    expect(response.status).toBe(201);
    for (const profileId of tricky) {
      expect((await decide({ profileId, anonymousId: uid(), placements: ["x"] })).audiences).toEqual(["b"]);
      const sync = await json(await fetchEdge(`/v1/profile/${encodeURIComponent(profileId)}`, { headers: clientHeaders() }));
      expect(sync.attributes).toEqual(attributes);
    }
  });

  it("rejects a profile id with an unpaired surrogate (it has no UTF-8 form), naming its line", async () => {
    const name = uid("surrogate");
    const response = await post("/v1/admin/snapshots", ndjson(name, [{ profileId: "ok-1" }, `{"profileId":"bad-\\ud800"}`]));
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ line: 3, path: "$[2].profileId", message: expect.stringContaining("unpaired surrogate") });
    expect(await version(name)).toMatchObject({ state: "failed" });
  });
});

describe("snapshot import: parts", () => {
  it("takes parts, shows progress, treats a retried part as harmless and commits", async () => {
    const name = uid("parts");
    const base = `/v1/admin/snapshots/${name}`;
    // Part 2 before part 1: the import has not started.
    expect((await post(`${base}/parts/2`, ndjson(null, profiles(2, "a", "x")))).status).toBe(404);
    const first = await post(`${base}/parts/1?parts=3`, ndjson(name, profiles(10, "a", "q1")));
    expect(first.status).toBe(200);
    expect(await json(first)).toMatchObject({ version: name, part: 1, profiles: 10, lines: 11, state: "importing" });
    // A first attempt at part 2, later retried with other content: only the retry counts.
    expect((await post(`${base}/parts/2?firstLine=12`, ndjson(null, profiles(7, "b", "stale")))).status).toBe(200);
    expect(await version(name)).toMatchObject({
      state: "importing",
      progress: { partsReceived: 2, partsExpected: 3, percent: 66 },
    });
    expect((await post(`${base}/parts/2?firstLine=12`, ndjson(null, profiles(10, "a", "q2")))).status).toBe(200);
    expect((await post(`${base}/commit`, "", adminHeaders())).status).toBe(409); // part 3 missing
    expect((await post(`${base}/parts/3?firstLine=22`, ndjson(null, profiles(5, "a", "q3")))).status).toBe(200);
    expect((await post(`${base}/parts/3?firstLine=22`, ndjson(null, profiles(5, "a", "q3")))).status).toBe(200);
    const committed = await post(`${base}/commit`, JSON.stringify({ parts: 3 }), adminHeaders());
    expect(committed.status).toBe(201);
    expect(await json(committed)).toMatchObject({ version: name, profiles: 25, state: "active", active: true });
    expect((await decide({ profileId: "q2-3", anonymousId: uid(), placements: ["x"] })).audiences).toEqual(["a"]);
    expect((await decide({ profileId: "stale-3", anonymousId: uid(), placements: ["x"] })).audiences).toEqual([]);
    // Committed: no more parts.
    expect((await post(`${base}/parts/4`, ndjson(null, profiles(1, "a")))).status).toBe(409);
  });

  it("reports a bad line of a later part with its line number in the file and fails the import", async () => {
    const name = uid("badpart");
    const base = `/v1/admin/snapshots/${name}`;
    await post(`${base}/parts/1`, ndjson(name, profiles(3, "a")));
    const response = await post(`${base}/parts/2?firstLine=5`, ndjson(null, [...profiles(2, "a", "r"), { profileId: "r-9", audiences: "a" }]));
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ line: 7, path: "$[6].audiences" });
    expect(await version(name)).toMatchObject({ state: "failed" });
    expect((await post(`${base}/commit`, "", adminHeaders())).status).toBe(409);
  });

  it("stages a version with activate=false until it is activated", async () => {
    const name = uid("staged");
    const response = await post("/v1/admin/snapshots?activate=false", ndjson(name, profiles(2, "b", "st")));
    expect(await json(response)).toMatchObject({ state: "ready", active: false });
    expect((await decide({ profileId: "st-1", anonymousId: uid(), placements: ["x"] })).snapshotVersion).not.toBe(name);
    const activated = await post(`/v1/admin/snapshots/${name}/activate`, "", adminHeaders());
    expect(activated.status).toBe(200);
    expect(await decide({ profileId: "st-1", anonymousId: uid(), placements: ["x"] })).toMatchObject({ snapshotVersion: name, audiences: ["b"] });
  });
});

describe("snapshot versions: activation, rollback, cleanup", () => {
  it("rolls back to the previous version and cleans up older ones", async () => {
    const [v1, v2, v3] = [uid("r1"), uid("r2"), uid("r3")];
    for (const [name, audience] of [[v1, "a"], [v2, "b"], [v3, "a"]] as const) {
      expect((await post("/v1/admin/snapshots", ndjson(name, profiles(3, audience, "rb")))).status).toBe(201);
    }
    // v3 active, v2 kept for rollback, v1 cleaned up.
    expect(await version(v3)).toMatchObject({ state: "active" });
    expect(await version(v2)).toMatchObject({ state: "ready", profiles: 3 });
    expect(await version(v1)).toBeNull();
    expect((await post(`/v1/admin/snapshots/${v1}/activate`, "", adminHeaders())).status).toBe(404);
    const rollback = await post(`/v1/admin/snapshots/${v2}/activate`, "", adminHeaders());
    expect(rollback.status).toBe(200);
    expect((await json(rollback)).active).toMatchObject({ version: v2, previous: v3 });
    expect(await decide({ profileId: "rb-1", anonymousId: uid(), placements: ["x"] })).toMatchObject({ snapshotVersion: v2, audiences: ["b"] });
    const { active, versions } = await json(await fetchEdge("/v1/admin/snapshots", { headers: adminHeaders() }));
    expect(active).toMatchObject({ version: v2, previous: v3 });
    expect(versions.filter((v: { version: string }) => [v2, v3].includes(v.version)).map((v: { state: string }) => v.state).sort()).toEqual(["active", "ready"]);
    // And forward again.
    expect((await post(`/v1/admin/snapshots/${v3}/activate`, "", adminHeaders())).status).toBe(200);
    expect((await decide({ profileId: "rb-1", anonymousId: uid(), placements: ["x"] })).audiences).toEqual(["a"]);
  });

  it("refuses to activate a version that is importing or failed", async () => {
    const name = uid("busy");
    await post(`/v1/admin/snapshots/${name}/parts/1`, ndjson(name, profiles(1, "a")));
    const response = await post(`/v1/admin/snapshots/${name}/activate`, "", adminHeaders());
    expect(response.status).toBe(409);
    expect((await json(response)).error.code).toBe("not_ready");
  });

  it("a decision sees the old version or the new one, never a mix, while versions switch", async () => {
    const count = 300;
    const [v1, v2] = [uid("old"), uid("new")];
    expect((await post("/v1/admin/snapshots", ndjson(v1, profiles(count, "a", "c")))).status).toBe(201);
    let importing = true;
    const seen: { version: string | null; audiences: string[] }[] = [];
    const deciders = Array.from({ length: 8 }, async (_, worker) => {
      for (let i = 0; importing || i < 3; i++) {
        const result = await decide({ profileId: `c-${(worker * 37 + i * 11) % count}`, anonymousId: uid(), placements: ["x"] });
        seen.push({ version: result.snapshotVersion, audiences: result.audiences });
      }
    });
    const imported = post("/v1/admin/snapshots", ndjson(v2, profiles(count, "b", "c"))).then((r) => {
      importing = false;
      return r.status;
    });
    expect(await imported).toBe(201);
    await Promise.all(deciders);
    expect(seen.length).toBeGreaterThan(8);
    for (const { version: seenVersion, audiences } of seen) {
      expect([seenVersion, audiences]).toEqual(seenVersion === v1 ? [v1, ["a"]] : [v2, ["b"]]);
    }
    // Decisions that read the pointer before the switch may finish after it; a new one sees v2.
    expect((await decide({ profileId: "c-1", anonymousId: uid(), placements: ["x"] })).snapshotVersion).toBe(v2);
    expect(seen.some((s) => s.version === v1)).toBe(true);
  });
});

describe("snapshot signatures", () => {
  const secret = "snapshot-signing-secret";
  const app = createApp();
  const signedEnv = { ...env, SNAPSHOT_SIGNING_SECRET: secret };
  const ctx = { waitUntil: () => undefined, passThroughOnException: () => undefined, props: {} } as unknown as ExecutionContext;

  async function sign(body: string, key = secret): Promise<string> {
    const cryptoKey = await crypto.subtle.importKey("raw", new TextEncoder().encode(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, new TextEncoder().encode(body)));
    return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  }

  const send = (path: string, body: string, signature?: string) =>
    app.request(path, { method: "POST", headers: { ...NDJSON, ...(signature ? { "x-edgewise-signature": signature } : {}) }, body }, signedEnv, ctx);

  it("refuses an unsigned or wrongly signed snapshot and accepts a signed one", async () => {
    const name = uid("sig");
    const body = ndjson(name, profiles(4, "a", "sg"));
    const unsigned = await send("/v1/admin/snapshots", body);
    expect(unsigned.status).toBe(403);
    expect((await json(unsigned)).error.code).toBe("signature_required");
    const forged = await send("/v1/admin/snapshots", body, await sign(body, "another-secret"));
    expect(forged.status).toBe(403);
    expect((await json(forged)).error.code).toBe("invalid_signature");
    expect(await version(name)).toMatchObject({ state: "failed" });
    const tampered = await send("/v1/admin/snapshots", body.replace('"a"]', '"vip"]'), await sign(body));
    expect(tampered.status).toBe(403);
    const signed = await send("/v1/admin/snapshots", body, await sign(body));
    expect(signed.status).toBe(201);
    expect(await json(signed)).toMatchObject({ version: name, profiles: 4 });
  });

  it("verifies each part of a parts upload", async () => {
    const name = uid("sigparts");
    const part1 = ndjson(name, profiles(2, "a", "sp"));
    const part2 = ndjson(null, profiles(2, "a", "sq"));
    expect((await send(`/v1/admin/snapshots/${name}/parts/1`, part1, await sign(part1))).status).toBe(200);
    expect((await send(`/v1/admin/snapshots/${name}/parts/2`, part2)).status).toBe(403);
    expect((await send(`/v1/admin/snapshots/${name}/parts/2`, part2, await sign(part2))).status).toBe(200);
    const commit = await app.request(`/v1/admin/snapshots/${name}/commit`, { method: "POST", headers: adminHeaders() }, signedEnv, ctx);
    expect(await commit.json()).toMatchObject({ profiles: 4 });
  });
});

describe("real-time audiences", () => {
  it("a profile qualifies the moment its event arrives, merged with its snapshot audiences", async () => {
    const catalog = testCatalog();
    await publish({
      ...catalog,
      audiences: [
        { id: "cart-24h", name: "Added to cart in the last 24 hours", rule: { ">=": [{ history: { name: "cart.add", within: "PT24H" } }, 1] } },
        { id: "vip-web", rule: { and: [{ audience: "vip" }, { "==": [{ var: "context.channel" }, "web"] }] } },
      ],
      offers: [
        ...catalog.offers,
        { id: "cart-nudge", placements: ["banner"], priority: 99, eligibility: { audience: "cart-24h" }, content: { text: "Your cart misses you" } },
      ],
    });
    const name = uid("rt");
    await post("/v1/admin/snapshots", ndjson(name, [{ profileId: "rt-1", audiences: ["vip"] }], [{ id: "vip" }]));
    const ask = () => decide({ profileId: "rt-1", anonymousId: uid(), placements: ["banner"], context: { channel: "web" } });
    const before = await ask();
    expect(before.audiences.sort()).toEqual(["vip", "vip-web"]);
    expect(before.decisions[0]!.offerId).not.toBe("cart-nudge");
    const sent = await sendEvents([event({ type: "track", name: "cart.add", profileId: "rt-1" })]);
    expect(sent.accepted).toBe(1);
    const after = await ask();
    expect(after.audiences.sort()).toEqual(["cart-24h", "vip", "vip-web"]);
    expect(after.decisions[0]!.offerId).toBe("cart-nudge");
  });

  it("rejects a catalog whose audiences are invalid, with their JSON paths", async () => {
    const response = await fetchEdge("/v1/admin/catalog", {
      method: "PUT",
      headers: adminHeaders(),
      body: JSON.stringify({ ...testCatalog(), audiences: [{ id: "x", rule: { history: { name: "a", within: "soon" } } }, { id: "x", rule: true }] }),
    });
    expect(response.status).toBe(400);
    const paths = (await json(response)).error.errors.map((e: { path: string }) => e.path);
    expect(paths.some((p: string) => p.startsWith("$.audiences[0].rule"))).toBe(true);
    expect(paths).toContain("$.audiences[1].id");
  });
});

// Finding 8: invalid UTF-8 in a snapshot was silently replaced (ids altered) while the JSON routes
// reject it; an import cut off by a crash stayed `importing` forever with its partial rows.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { INTERRUPTED_AFTER_MS } from "../../src/adapters/sqlite/registry-records.ts";
import { snapshotStorage } from "../../src/adapters/snapshot-store.ts";
import { countVersion } from "../../src/domain/snapshots/shards.ts";
import { adminHeaders, fetchEdge, json, uid } from "../helpers.ts";

const encoder = new TextEncoder();
const registry = () => env.SNAPSHOT_REGISTRY.get(env.SNAPSHOT_REGISTRY.idFromName("registry"));

function bytes(...parts: (string | number[])[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === "string" ? encoder.encode(part) : Uint8Array.from(part)));
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) out.set(chunk, (offset += chunk.length) - chunk.length);
  return out;
}

describe("snapshot integrity", () => {
  it("refuses a line that is not valid UTF-8, naming its line, instead of altering ids", async () => {
    const version = uid("utf8");
    const body = bytes(JSON.stringify({ type: "header", version }) + "\n", '{"profileId":"ok-1","audiences":[]}\n', '{"profileId":"caf', [0xc3, 0x28], '","audiences":[]}\n');
    const response = await fetchEdge("/v1/admin/snapshots", { method: "POST", headers: adminHeaders({ "content-type": "application/x-ndjson" }), body });
    expect(response.status).toBe(400);
    expect((await json(response)).error).toMatchObject({ line: 3, errors: [{ line: 3, path: "$[2]", message: "line is not valid UTF-8" }] });
    // A lone continuation byte in the header, and a line split across chunks, are caught too.
    const header = await fetchEdge("/v1/admin/snapshots", { method: "POST", headers: adminHeaders({ "content-type": "application/x-ndjson" }), body: bytes('{"type":"header","version":"v', [0x80], '"}\n') });
    expect((await json(header)).error).toMatchObject({ message: "the header line is not valid UTF-8", path: "$[0]" });
    // Valid multi-byte text (split anywhere by the transport) comes through exactly.
    const ok = uid("utf8ok");
    const good = await fetchEdge("/v1/admin/snapshots?activate=false", {
      method: "POST",
      headers: adminHeaders({ "content-type": "application/x-ndjson" }),
      body: bytes(JSON.stringify({ type: "header", version: ok }) + "\r\n" + JSON.stringify({ profileId: "São-🇧🇷", audiences: ["x"] }) + "\r\n"),
    });
    expect(await json(good)).toMatchObject({ version: ok, profiles: 1 });
  });

  it("an import that receives nothing for a day is failed visibly and its rows removed (the registry's alarm)", async () => {
    const version = uid("cut");
    const part1 = [JSON.stringify({ type: "header", version }), ...Array.from({ length: 50 }, (_, i) => JSON.stringify({ profileId: `cut-${i}`, audiences: [] }))].join("\n");
    const sent = await fetchEdge(`/v1/admin/snapshots/${version}/parts/1?parts=3`, { method: "POST", headers: adminHeaders({ "content-type": "application/x-ndjson" }), body: part1 });
    expect(sent.status).toBe(200);
    const { vid, shards } = await runInDurableObject(registry(), (_i, state) =>
      state.storage.sql.exec<{ vid: number; shards: number }>("SELECT vid, shards FROM versions WHERE version = ?", version).one(),
    );
    expect(await countVersion(snapshotStorage(env), vid, shards)).toBe(50);
    // Half a day later it is still resumable; a day later it is failed.
    const age = async (ms: number) =>
      runInDurableObject(registry(), (_i, state) => state.storage.sql.exec("UPDATE versions SET updated_at = ? WHERE version = ?", Date.now() - ms, version));
    await age(INTERRUPTED_AFTER_MS.parts / 2);
    await runDurableObjectAlarm(registry());
    expect((await json(await fetchEdge(`/v1/admin/snapshots/${version}`, { headers: adminHeaders() }))).state).toBe("importing");
    await age(INTERRUPTED_AFTER_MS.parts + 1000);
    await runDurableObjectAlarm(registry());
    const failed = await json(await fetchEdge(`/v1/admin/snapshots/${version}`, { headers: adminHeaders() }));
    expect(failed).toMatchObject({ state: "failed", errors: [{ message: expect.stringContaining("interrupted") }] });
    expect(await countVersion(snapshotStorage(env), vid, shards)).toBe(0);
  });
});

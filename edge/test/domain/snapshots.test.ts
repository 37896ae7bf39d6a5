import { describe, expect, it } from "vitest";
import { activateVersion, commitVersion, deleteVersion, importPart, IMPORT_LIMITS, type PartRequest } from "../../src/domain/snapshots/importer.ts";
import { linePath, parseHeader, parseLine, parseProfileLine } from "../../src/domain/snapshots/lines.ts";
import { countVersion, dropVersion, shardOf } from "../../src/domain/snapshots/shards.ts";
import { Refusal } from "../../src/domain/shared/refusal.ts";
import { bytesBody, memorySnapshotStorage, ndjsonBody, signBody, thrownRefusal } from "./fakes.ts";

async function refusalOf(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error("expected a Refusal");
}


const header = { type: "header", version: "2026-03-10", audiences: [{ id: "vip", name: "VIP" }] };
const profile = (id: string, audiences: string[] = ["vip"]) => ({ profileId: id, audiences, attributes: { ltv: id.length } });

function single(body: ReadableStream<Uint8Array> | null, fields: Partial<PartRequest> = {}): PartRequest {
  return { version: null, part: 1, body, firstLine: 1, skipInvalid: false, shards: 4, expectedParts: 1, signature: null, single: true, ...fields };
}

describe("snapshot lines", () => {
  it("linePath names a line by its index", () => {
    expect(linePath(0)).toBe("$[0]");
    expect(linePath(41)).toBe("$[41]");
  });

  it("parseLine refuses invalid JSON and over-deep values at the line's path", () => {
    expect(parseLine('{"a":1}', "$[1]")).toEqual({ a: 1 });
    expect(thrownRefusal(() => parseLine("{nope", "$[3]"))).toMatchObject({ path: "$[3]", message: "line is not valid JSON" });
    const deep = "[".repeat(40) + "]".repeat(40);
    expect(thrownRefusal(() => parseLine(deep, "$[3]")).code).toBe("too_deep");
  });

  it("parseHeader reads version and audiences", () => {
    expect(parseHeader(header, "$[0]")).toEqual({ version: "2026-03-10", audiences: [{ id: "vip", name: "VIP" }] });
    expect(parseHeader({ type: "header", version: "v1" }, "$[0]")).toEqual({ version: "v1", audiences: [] });
    expect(thrownRefusal(() => parseHeader({ version: "v1" }, "$[0]")).path).toBe("$[0].type");
    expect(thrownRefusal(() => parseHeader({ type: "header", version: "v 1" }, "$[0]")).path).toBe("$[0].version");
    expect(thrownRefusal(() => parseHeader({ type: "header", version: "v1", audiences: [{ name: "x" }] }, "$[0]")).path).toBe("$[0].audiences[0].id");
  });

  it("parseProfileLine reads a profile's state with defaults", () => {
    expect(parseProfileLine({ profileId: "u-1" }, "$[1]")).toEqual({ profileId: "u-1", state: { audiences: [], attributes: {} } });
    expect(parseProfileLine(profile("u-2"), "$[1]")).toEqual({ profileId: "u-2", state: { audiences: ["vip"], attributes: { ltv: 3 } } });
    expect(thrownRefusal(() => parseProfileLine({ profileId: "" }, "$[2]")).path).toBe("$[2].profileId");
    expect(thrownRefusal(() => parseProfileLine({ profileId: "u", audiences: ["a", 1] }, "$[2]")).path).toBe("$[2].audiences[1]");
    expect(thrownRefusal(() => parseProfileLine({ profileId: "u", attributes: [] }, "$[2]")).path).toBe("$[2].attributes");
  });
});

describe("snapshot shards", () => {
  it("shardOf is FNV-1a modulo the shard count", () => {
    expect(shardOf("", 1_000_000)).toBe(0x811c9dc5 % 1_000_000);
    expect(shardOf("a", 2 ** 32)).toBe(0xe40c292c);
    expect(shardOf("u-1", 16)).toBe(shardOf("u-1", 16));
    const spread = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`u-${i}`, 8)));
    expect([...spread].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("count and drop go over every shard", async () => {
    const { storage, shards } = memorySnapshotStorage(3);
    await shards[0]!.put(1, 1, JSON.stringify([["a", "{}"]]));
    await shards[2]!.put(1, 1, JSON.stringify([["b", "{}"], ["c", "{}"]]));
    await shards[2]!.put(2, 1, JSON.stringify([["d", "{}"]]));
    expect(await countVersion(storage, 1, 3)).toBe(3);
    await dropVersion(storage, 1, 3);
    expect(await countVersion(storage, 1, 3)).toBe(0);
    expect(await countVersion(storage, 2, 3)).toBe(1);
  });
});

describe("importPart", () => {
  it("imports a small snapshot into its shards, then commits and activates it", async () => {
    const { storage, registry, shards } = memorySnapshotStorage();
    const ids = ["u-1", "u-2", "u-3", "u-4", "u-5"];
    const result = await importPart(storage, undefined, single(ndjsonBody([header, "", ...ids.map((id) => profile(id)), ""])));
    expect(result).toMatchObject({ version: "2026-03-10", part: 1, lines: 7, profiles: 5, invalidLines: 0 });
    expect(result.bytes).toBeGreaterThan(100);
    const { vid } = registry.versions.get("2026-03-10")!;
    for (const id of ids) {
      const stored = await shards[shardOf(id, 4)]!.get(vid, id);
      expect(JSON.parse(stored!)).toEqual({ audiences: ["vip"], attributes: { ltv: 3 } });
    }
    expect(registry.versions.get("2026-03-10")!.parts.get(1)).toMatchObject({ done: true, lines: 7, profiles: 5 });

    expect(await commitVersion(storage, "2026-03-10", 1)).toMatchObject({ state: "ready", profiles: 5, audiences: [{ id: "vip", name: "VIP" }] });
    const { active, cleanup } = await activateVersion(storage, "2026-03-10");
    await cleanup;
    expect(active).toMatchObject({ version: "2026-03-10", vid, shards: 4, previous: null });
  });

  it("reads CRLF line ends and lines split across chunks", async () => {
    const { storage, registry, shards } = memorySnapshotStorage();
    const text = [header, profile("ü-1"), profile("u-2")].map((line) => JSON.stringify(line)).join("\r\n");
    await importPart(storage, undefined, single(bytesBody(new TextEncoder().encode(text), 3)));
    const { vid } = registry.versions.get("2026-03-10")!;
    expect(await shards[shardOf("ü-1", 4)]!.get(vid, "ü-1")).not.toBeNull();
    expect(await countVersion(storage, vid, 4)).toBe(2);
  });

  it("rejects the whole snapshot for an invalid line, listing it, and removes what it wrote", async () => {
    const { storage, registry } = memorySnapshotStorage();
    const lines = [header, profile("u-1"), { profileId: 7 }, "not json", profile("u-4")];
    const refusal = await refusalOf(importPart(storage, undefined, single(ndjsonBody(lines))));
    expect(refusal).toMatchObject({ kind: "invalid", code: "invalid_body", path: "$[2].profileId" });
    expect(refusal.message).toMatch(/^2 invalid line\(s\), first at line 3/);
    expect(refusal.details).toMatchObject({
      line: 3,
      invalidLines: 2,
      errors: [
        { line: 3, path: "$[2].profileId", message: "expected a string" },
        { line: 4, path: "$[3]", message: "line is not valid JSON" },
      ],
    });
    const record = registry.versions.get("2026-03-10")!;
    expect(record.state).toBe("failed");
    expect(await countVersion(storage, record.vid, 4)).toBe(0);
  });

  it("with skipInvalid imports the valid lines and reports the others", async () => {
    const { storage, registry } = memorySnapshotStorage();
    const result = await importPart(storage, undefined, single(ndjsonBody([header, profile("u-1"), { profileId: "" }, profile("u-3")]), { skipInvalid: true }));
    expect(result).toMatchObject({ profiles: 2, invalidLines: 1, skipped: [{ line: 3, path: "$[2].profileId" }] });
    expect(await countVersion(storage, registry.versions.get("2026-03-10")!.vid, 4)).toBe(2);
  });

  it("numbers lines of a later part from its first line", async () => {
    const { storage, registry } = memorySnapshotStorage();
    await importPart(storage, undefined, single(ndjsonBody([header, profile("u-1")]), { single: false, expectedParts: 2 }));
    const part2 = { version: "2026-03-10", part: 2, firstLine: 3, single: false, expectedParts: 2 };
    const refusal = await refusalOf(importPart(storage, undefined, single(ndjsonBody([profile("u-2"), { profileId: 1 }]), part2)));
    expect(refusal.details).toMatchObject({ line: 4, errors: [{ line: 4, path: "$[3].profileId" }] });
    expect(registry.versions.get("2026-03-10")!.state).toBe("failed");
  });

  it("refuses a body without a header, or a header of another version than the URL's", async () => {
    const { storage } = memorySnapshotStorage();
    expect((await refusalOf(importPart(storage, undefined, single(ndjsonBody(["", ""]))))).message).toBe("the snapshot has no header line");
    const other = await refusalOf(importPart(storage, undefined, single(ndjsonBody([header]), { version: "v2" })));
    expect(other).toMatchObject({ path: "$[0].version" });
  });

  it("reads the whole body before answering a refused header, so the connection stays usable", async () => {
    const { storage } = memorySnapshotStorage();
    const rows = Array.from({ length: 50 }, (_, i) => profile(`u-${i}`));
    for (const lines of [[{ ...header, version: "other" }, ...rows], [{ type: "nonsense" }, ...rows]]) {
      let pulled = 0;
      const source = ndjsonBody(lines);
      const reader = source.getReader();
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          pulled++;
          controller.enqueue(value);
        },
      });
      await refusalOf(importPart(storage, undefined, single(body, { version: "2026-03-10" })));
      const total = Math.ceil(new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join("\n")).length / 7);
      expect(pulled).toBe(total);
    }
  });

  it("refuses a version the registry will not begin again", async () => {
    const { storage } = memorySnapshotStorage();
    await importPart(storage, undefined, single(ndjsonBody([header, profile("u-1")])));
    await commitVersion(storage, "2026-03-10", 1);
    expect(await refusalOf(importPart(storage, undefined, single(ndjsonBody([header, profile("u-2")]))))).toMatchObject({ kind: "conflict", code: "version_exists" });
  });

  it("fails the version for a line longer than the limit", async () => {
    const { storage, registry } = memorySnapshotStorage();
    const long = JSON.stringify({ profileId: "u-1", attributes: { blob: "x".repeat(IMPORT_LIMITS.maxLineBytes) } });
    const refusal = await refusalOf(importPart(storage, undefined, single(ndjsonBody([header, long], 16 * 1024), { single: false })));
    expect(refusal).toMatchObject({ kind: "too_large", code: "payload_too_large" });
    expect(registry.versions.get("2026-03-10")!.state).toBe("failed");
  });

  it("reports a line that is not UTF-8 as invalid", async () => {
    const { storage } = memorySnapshotStorage();
    const encoder = new TextEncoder();
    const bytes = new Uint8Array([...encoder.encode(`${JSON.stringify(header)}\n{"profileId":"u-`), 0xff, ...encoder.encode('"}\n')]);
    const refusal = await refusalOf(importPart(storage, undefined, single(bytesBody(bytes))));
    expect(refusal.details).toMatchObject({ errors: [{ line: 2, path: "$[1]", message: "line is not valid UTF-8" }] });
  });

  describe("signed imports", () => {
    const secret = "snapshot-secret";
    const text = [header, profile("u-1")].map((line) => JSON.stringify(line)).join("\n");
    const body = () => bytesBody(new TextEncoder().encode(text));

    it("accept a body with its signature", async () => {
      const { storage } = memorySnapshotStorage();
      expect(await importPart(storage, secret, single(body(), { signature: signBody(secret, text) }))).toMatchObject({ profiles: 1 });
    });

    it("refuse a body without a signature before reading it", async () => {
      const { storage, registry } = memorySnapshotStorage();
      expect(await refusalOf(importPart(storage, secret, single(body())))).toMatchObject({ kind: "forbidden", code: "signature_required" });
      expect(registry.versions.size).toBe(0);
    });

    it("refuse a body whose signature does not match, and fail the version", async () => {
      const { storage, registry } = memorySnapshotStorage();
      const refusal = await refusalOf(importPart(storage, secret, single(body(), { signature: signBody("other", text) })));
      expect(refusal).toMatchObject({ kind: "forbidden", code: "invalid_signature" });
      const record = registry.versions.get("2026-03-10")!;
      expect(record.state).toBe("failed");
      expect(await countVersion(storage, record.vid, 4)).toBe(0);
    });
  });
});

describe("commit, activate and delete", () => {
  it("refuse through the registry's answers", async () => {
    const { storage } = memorySnapshotStorage();
    expect(await refusalOf(commitVersion(storage, "nope", 1))).toMatchObject({ kind: "not_found" });
    expect(await refusalOf(activateVersion(storage, "nope"))).toMatchObject({ kind: "conflict", code: "not_ready" });
    expect(await refusalOf(deleteVersion(storage, "nope"))).toMatchObject({ kind: "not_found" });
  });

  it("a deleted version's rows are dropped by its cleanup", async () => {
    const { storage, registry } = memorySnapshotStorage();
    await importPart(storage, undefined, single(ndjsonBody([header, profile("u-1"), profile("u-2")])));
    const { vid } = registry.versions.get("2026-03-10")!;
    await commitVersion(storage, "2026-03-10", 1);
    const { cleanup } = await deleteVersion(storage, "2026-03-10");
    await cleanup;
    expect(registry.versions.has("2026-03-10")).toBe(false);
    expect(await countVersion(storage, vid, 4)).toBe(0);
  });
});

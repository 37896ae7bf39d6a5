import { drainReader } from "../shared/streams.ts";
import { Refusal } from "../shared/refusal.ts";
import { linePath, parseHeader, parseLine, parseProfileLine } from "./lines.ts";
import type { SnapshotRegistry, SnapshotStorage } from "./ports.ts";
import { countVersion, dropVersion, shardOf } from "./shards.ts";
import type { ActiveSnapshot, Dropped, ImportSlot, RegistryRefusal, SnapshotError, SnapshotVersion } from "./types.ts";

/** Limits and tuning of an import. */
export const IMPORT_LIMITS = {
  /** Errors listed in a rejection. */
  maxErrors: 100,
  /** One NDJSON line. */
  maxLineBytes: 64 * 1024,
  /** Shards of a new version unless `?shards=` says otherwise. */
  defaultShards: 16,
  maxShards: 256,
  /** Rows per shard write, and shard writes in flight at once (memory stays bounded by these). */
  batchRows: 250,
  maxInflight: 8,
  /** Progress is recorded in the registry every so many lines. */
  progressEvery: 25_000,
  maxParts: 10_000,
} as const;

export interface PartRequest {
  /** The version named in the URL; `null` when it comes from the header (single-request import). */
  version: string | null;
  part: number;
  body: ReadableStream<Uint8Array> | null;
  /** 1-based line number of the part's first line in the whole file (for error line numbers). */
  firstLine: number;
  /** Import valid lines and report invalid ones, instead of rejecting the snapshot. */
  skipInvalid: boolean;
  shards: number;
  expectedParts: number | null;
  /** The signature header, when a signing secret is configured. */
  signature: string | null;
  /** The single-request import: any failure fails the version. */
  single: boolean;
}

export interface PartResult {
  version: string;
  part: number;
  lines: number;
  profiles: number;
  bytes: number;
  invalidLines: number;
  /** With `skipInvalid`: the first invalid lines, which were left out. */
  skipped?: SnapshotError[];
}

function refused(result: object): result is RegistryRefusal {
  return "refused" in result;
}

function raise(refusal: RegistryRefusal, path?: string): never {
  const { status, code, message } = refusal.refused;
  throw new Refusal(status === 404 ? "not_found" : "conflict", code, message, path);
}

/** A line that is not valid UTF-8 (it is reported with its line number, like any invalid line). */
export const NOT_UTF8 = null;

/**
 * The lines of a streamed body (without their `\n` or `\r\n`), each decoded as strict UTF-8: a
 * line that is not valid UTF-8 comes as NOT_UTF8, never silently altered. Every chunk goes to
 * `onChunk` too (the signature); `counter.bytes` counts what was read.
 */
async function* numberedLines(
  body: ReadableStream<Uint8Array> | null,
  onChunk: (chunk: Uint8Array) => Promise<void> | void,
  counter: { bytes: number },
): AsyncGenerator<string | typeof NOT_UTF8> {
  if (!body) return;
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const decode = (bytes: Uint8Array): string | typeof NOT_UTF8 => {
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    try {
      return decoder.decode(bytes.subarray(0, end));
    } catch {
      return NOT_UTF8;
    }
  };
  /** The current line's bytes so far, from earlier chunks. */
  let partial: Uint8Array[] = [];
  let partialBytes = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      counter.bytes += value.byteLength;
      await onChunk(value);
      let start = 0;
      for (let newline = value.indexOf(10); newline >= 0; newline = value.indexOf(10, start)) {
        const piece = value.subarray(start, newline);
        yield decode(partialBytes === 0 ? piece : concat([...partial, piece], partialBytes + piece.length));
        partial = [];
        partialBytes = 0;
        start = newline + 1;
      }
      if (start < value.length) {
        partial.push(value.subarray(start));
        partialBytes += value.length - start;
      }
      if (partialBytes > IMPORT_LIMITS.maxLineBytes) {
        throw new Refusal("too_large", "payload_too_large", `a line is longer than ${IMPORT_LIMITS.maxLineBytes} bytes`);
      }
    }
    finished = true;
  } finally {
    if (!finished) await drainReader(reader);
  }
  if (partialBytes > 0) yield decode(concat(partial, partialBytes));
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/**
 * Spreads rows over the shards in batches, with a bounded number of writes in flight. A batch is
 * built as JSON text (`ShardRows`) as rows arrive, so it holds one string per shard, not an object
 * per row.
 */
class ShardBatcher {
  private readonly buffers: string[];
  private readonly counts: number[];
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown;

  constructor(
    private readonly storage: SnapshotStorage,
    private readonly slot: ImportSlot,
    private readonly part: number,
  ) {
    this.buffers = Array<string>(slot.shards).fill("");
    this.counts = Array<number>(slot.shards).fill(0);
  }

  async add(profileId: string, state: string): Promise<void> {
    const shard = shardOf(profileId, this.slot.shards);
    const row = JSON.stringify([profileId, state]);
    this.buffers[shard] += this.counts[shard]! === 0 ? row : `,${row}`;
    if (++this.counts[shard]! >= IMPORT_LIMITS.batchRows) await this.send(shard);
  }

  private async send(shard: number): Promise<void> {
    if (this.failure) throw this.failure;
    const rows = `[${this.buffers[shard]!}]`;
    this.buffers[shard] = "";
    this.counts[shard] = 0;
    const write: Promise<void> = this.storage
      .shard(shard)
      .put(this.slot.vid, this.part, rows)
      .then(
        () => undefined,
        (error: unknown) => void (this.failure ??= error),
      )
      .finally(() => this.inflight.delete(write));
    this.inflight.add(write);
    if (this.inflight.size >= IMPORT_LIMITS.maxInflight) await Promise.race(this.inflight);
  }

  async flush(): Promise<void> {
    for (let shard = 0; shard < this.buffers.length; shard++) if (this.counts[shard]! > 0) await this.send(shard);
    await Promise.all(this.inflight);
    if (this.failure) throw this.failure;
  }

  /** Stops writing: waits for the writes in flight, ignoring their outcome. */
  async abandon(): Promise<void> {
    this.buffers.fill("");
    this.counts.fill(0);
    await Promise.allSettled(this.inflight);
  }
}

/** Rejects the version: marks it failed and removes every row it wrote. */
async function failVersion(storage: SnapshotStorage, version: string, errors: SnapshotError[], invalidLines: number): Promise<void> {
  const dropped = await storage.registry.fail(version, errors, invalidLines);
  if (dropped) await dropVersion(storage, dropped.vid, dropped.shards);
}

/**
 * Streams one part (or a whole single-request snapshot) into the shards: every line is validated;
 * by default one invalid line rejects the whole snapshot (400 with the first 100 errors and their
 * line numbers) and everything it wrote is removed again. Rows are written under the version's
 * own number, so nothing is visible to decisions before activation.
 */
export async function importPart(storage: SnapshotStorage, secret: string | undefined, request: PartRequest): Promise<PartResult> {
  if (secret && !request.signature) {
    throw new Refusal("forbidden", "signature_required", "snapshots must carry an x-edgewise-signature: sha256=<hex HMAC-SHA256 of the body> header");
  }
  const registry: SnapshotRegistry = storage.registry;
  const hmac = secret ? await storage.mac(secret) : null;
  const counter = { bytes: 0 };
  const lines = numberedLines(request.body, (chunk) => hmac?.update(chunk), counter);
  let index = -1;
  const lineOf = (i: number) => request.firstLine + i;
  const pathOf = (i: number) => linePath(lineOf(i) - 1);

  // The header (part 1 only): the first non-empty line.
  let version = request.version;
  let slot: ImportSlot;
  try {
    if (request.part === 1) {
      let headerText: string | undefined;
      for (;;) {
        const next = await lines.next();
        if (next.done) break;
        index++;
        if (next.value === NOT_UTF8) throw new Refusal("invalid", "invalid_body", "the header line is not valid UTF-8", pathOf(index), { line: lineOf(index) });
        if (next.value.trim() !== "") {
          headerText = next.value;
          break;
        }
      }
      if (headerText === undefined) throw new Refusal("invalid", "invalid_body", "the snapshot has no header line", pathOf(Math.max(index, 0)));
      const path = pathOf(index);
      const header = parseHeader(parseLine(headerText, path), path);
      if (version !== null && header.version !== version) {
        throw new Refusal("invalid", "invalid_body", `the header's version ${header.version} is not the version ${version} of the URL`, `${path}.version`);
      }
      version = header.version;
      const begun = await registry.begin(version, header.audiences, request.shards, request.expectedParts, request.single);
      if (refused(begun)) raise(begun, `${path}.version`);
      slot = begun;
    } else {
      const started = await registry.startPart(version!, request.part, request.expectedParts);
      if (refused(started)) raise(started);
      slot = started;
    }
  } catch (error) {
    // Refused before the rows: the rest of the body is still read (and dropped), so the connection
    // stays usable (streams.ts).
    await lines.return(undefined);
    throw error;
  }
  const name = version!;
  if (slot.retried) {
    await Promise.all(Array.from({ length: slot.shards }, (_, shard) => storage.shard(shard).dropPart(slot.vid, request.part)));
  }

  const batcher = new ShardBatcher(storage, slot, request.part);
  const errors: SnapshotError[] = [];
  let invalidLines = 0;
  let profiles = 0;
  let lineCount = index + 1;
  try {
    for await (const text of lines) {
      index++;
      lineCount = index + 1;
      if (index % IMPORT_LIMITS.progressEvery === 0 && index > 0) {
        await registry.partProgress(name, request.part, lineCount, profiles, counter.bytes, false);
      }
      if (text !== NOT_UTF8 && text.trim() === "") continue;
      const path = pathOf(index);
      let parsed: ReturnType<typeof parseProfileLine>;
      try {
        if (text === NOT_UTF8) throw new Refusal("invalid", "invalid_body", "line is not valid UTF-8", path);
        parsed = parseProfileLine(parseLine(text, path), path);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        invalidLines++;
        if (errors.length < IMPORT_LIMITS.maxErrors) errors.push({ line: lineOf(index), path: error.path ?? path, message: error.message });
        if (!request.skipInvalid && errors.length >= IMPORT_LIMITS.maxErrors) break;
        continue;
      }
      if (invalidLines > 0 && !request.skipInvalid) continue; // rejected anyway: only validate
      profiles++;
      await batcher.add(parsed.profileId, JSON.stringify(parsed.state));
    }
    await batcher.flush();
  } catch (error) {
    await batcher.abandon();
    // A content problem (an over-long line) or a failed single request rejects the snapshot; a
    // part cut off in transit stays "receiving" and is simply sent again.
    if (request.single || (error instanceof Refusal && error.kind === "too_large")) {
      await failVersion(storage, name, [{ line: lineOf(index + 1), path: pathOf(index + 1), message: (error as Error).message }], 1);
    }
    throw error;
  }

  if (hmac && !(await hmac.matches(request.signature!))) {
    await failVersion(storage, name, [{ line: 0, path: "$", message: "invalid signature" }], 0);
    throw new Refusal("forbidden", "invalid_signature", "the x-edgewise-signature header does not match the body: the snapshot was refused");
  }
  if (invalidLines > 0 && !request.skipInvalid) {
    await failVersion(storage, name, errors, invalidLines);
    const first = errors[0]!;
    throw new Refusal(
      "invalid",
      "invalid_body",
      `${invalidLines}${errors.length >= IMPORT_LIMITS.maxErrors ? "+" : ""} invalid line(s), first at line ${first.line}: ${first.message}. The snapshot was rejected.`,
      first.path,
      { line: first.line, errors, invalidLines },
    );
  }
  await registry.partProgress(name, request.part, lineCount, profiles, counter.bytes, true);
  return {
    version: name,
    part: request.part,
    lines: lineCount,
    profiles,
    bytes: counter.bytes,
    invalidLines,
    ...(request.skipInvalid && invalidLines > 0 ? { skipped: errors } : {}),
  };
}

/** Commits an import whose parts all arrived: counts its profiles and marks it ready. */
export async function commitVersion(storage: SnapshotStorage, version: string, parts: number | null): Promise<SnapshotVersion> {
  const registry = storage.registry;
  const prepared = await registry.prepareCommit(version, parts);
  if (refused(prepared)) raise(prepared);
  const profiles = await countVersion(storage, prepared.vid, prepared.shards);
  const ready = await registry.ready(version, profiles);
  if (refused(ready)) raise(ready);
  return ready;
}

/** Activates a ready version (or rolls back to the previous one) and cleans up old versions. */
export async function activateVersion(storage: SnapshotStorage, version: string): Promise<{ active: ActiveSnapshot; cleanup: Promise<void> }> {
  const result = await storage.registry.activate(version);
  if (refused(result)) raise(result);
  const cleanup = Promise.all(result.dropped.map((old: Dropped) => dropVersion(storage, old.vid, old.shards))).then(() => undefined);
  return { active: result.active, cleanup };
}

/** Deletes a version that is not active, registry entry first; its rows are dropped by the returned `cleanup`. */
export async function deleteVersion(storage: SnapshotStorage, version: string): Promise<{ cleanup: Promise<void> }> {
  const result = await storage.registry.remove(version);
  if (refused(result)) raise(result);
  return { cleanup: dropVersion(storage, result.vid, result.shards) };
}

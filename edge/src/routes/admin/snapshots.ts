import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { requireContentType } from "../../middleware/body.ts";
import { activateVersion, commitVersion, deleteVersion, IMPORT_LIMITS, importPart, type PartRequest } from "../../domain/snapshots/importer.ts";
import { SIGNATURE_HEADER } from "../../adapters/streaming-hmac.ts";
import { activeSnapshotPointer, snapshotRegistry, snapshotStorage } from "../../adapters/snapshot-store.ts";

/**
 * Snapshot import and versions (README "Audience-state snapshots"):
 * - `POST /v1/admin/snapshots` — a whole NDJSON snapshot in one streamed request; activated at once
 *   unless `?activate=false`.
 * - `POST /v1/admin/snapshots/:version/parts/:n` — part `n` (1-based; part 1 starts with the
 *   header line) of a larger snapshot; a retried part replaces its earlier attempt.
 * - `POST /v1/admin/snapshots/:version/commit` — `{parts?, activate?}`: all parts arrived → ready
 *   (and active, unless `activate: false`).
 * - `POST /v1/admin/snapshots/:version/activate` — one atomic switch (also rollback).
 * - `DELETE /v1/admin/snapshots/:version` — a version that is not active (staged versions are kept
 *   until deleted; at most MAX_STAGED at once).
 * - `GET /v1/admin/snapshots[/:version]` — versions, their state, progress and counts.
 * Query options of imports: `onInvalid=skip` (import the valid lines), `shards`, `firstLine`, `parts`.
 */
export const snapshotRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    requireContentType(c, ["application/x-ndjson"]);
    const result = await importPart(snapshotStorage(c.env), c.env.SNAPSHOT_SIGNING_SECRET, { ...partOptions(c, null, 1, 1), single: true });
    const ready = await commitVersion(snapshotStorage(c.env), result.version, 1);
    return c.json(await finish(c, ready, c.req.query("activate") !== "false", result), 201);
  })
  .get("/", async (c) => c.json(await snapshotRegistry(c.env).list()))
  .get("/:version", async (c) => {
    const version = await snapshotRegistry(c.env).version(c.req.param("version"));
    if (!version) throw new ApiError(404, "unknown_version", `there is no snapshot version ${c.req.param("version")}`);
    return c.json(version);
  })
  .post("/:version/parts/:n", async (c) => {
    requireContentType(c, ["application/x-ndjson"]);
    const n = Number(c.req.param("n"));
    if (!Number.isInteger(n) || n < 1 || n > IMPORT_LIMITS.maxParts) {
      throw new ApiError(400, "invalid_part", `a part number is an integer from 1 to ${IMPORT_LIMITS.maxParts}`, "$.n");
    }
    const result = await importPart(snapshotStorage(c.env), c.env.SNAPSHOT_SIGNING_SECRET, {
      ...partOptions(c, c.req.param("version"), n, n === 1 ? 1 : 0),
      single: false,
    });
    return c.json({ ...result, state: "importing" });
  })
  .post("/:version/commit", async (c) => {
    const body = await optionalJson(c);
    const parts = body["parts"];
    if (parts !== undefined && (!Number.isInteger(parts) || (parts as number) < 1 || (parts as number) > IMPORT_LIMITS.maxParts)) {
      throw new ApiError(400, "invalid_body", `parts is an integer from 1 to ${IMPORT_LIMITS.maxParts}`, "$.parts");
    }
    if (body["activate"] !== undefined && typeof body["activate"] !== "boolean") throw new ApiError(400, "invalid_body", "expected a boolean", "$.activate");
    const ready = await commitVersion(snapshotStorage(c.env), c.req.param("version"), (parts as number | undefined) ?? null);
    return c.json(await finish(c, ready, body["activate"] !== false), 201);
  })
  .delete("/:version", async (c) => {
    const version = c.req.param("version");
    const { cleanup } = await deleteVersion(snapshotStorage(c.env), version);
    inBackground(c, cleanup);
    return c.json({ deleted: version });
  })
  .post("/:version/activate", async (c) => {
    const { active, cleanup } = await activateVersion(snapshotStorage(c.env), c.req.param("version"));
    activeSnapshotPointer.invalidate();
    inBackground(c, cleanup);
    return c.json({ active });
  });

function partOptions(c: Context<AppEnv>, version: string | null, part: number, defaultFirstLine: number): Omit<PartRequest, "single"> {
  const number = (name: string, min: number, max: number, fallback: number | null): number | null => {
    const raw = c.req.query(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new ApiError(400, "invalid_query", `${name} is an integer from ${min} to ${max}`, `$.${name}`);
    return value;
  };
  const onInvalid = c.req.query("onInvalid");
  if (onInvalid !== undefined && onInvalid !== "reject" && onInvalid !== "skip") {
    throw new ApiError(400, "invalid_query", "onInvalid is reject (the default) or skip", "$.onInvalid");
  }
  const firstLine = number("firstLine", 1, Number.MAX_SAFE_INTEGER, defaultFirstLine || 1)!;
  return {
    version,
    part,
    body: c.req.raw.body,
    firstLine,
    skipInvalid: onInvalid === "skip",
    shards: number("shards", 1, IMPORT_LIMITS.maxShards, IMPORT_LIMITS.defaultShards)!,
    expectedParts: number("parts", 1, IMPORT_LIMITS.maxParts, null),
    signature: c.req.header(SIGNATURE_HEADER) ?? null,
  };
}

async function optionalJson(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid JSON", "$");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ApiError(400, "invalid_body", "expected an object", "$");
  return value as Record<string, unknown>;
}

/** The answer of a completed import: the version, and whether it is now active. */
async function finish(
  c: Context<AppEnv>,
  ready: Awaited<ReturnType<typeof commitVersion>>,
  activate: boolean,
  result?: { lines: number; invalidLines: number; skipped?: unknown },
) {
  let state = ready.state;
  if (activate) {
    const { cleanup } = await activateVersion(snapshotStorage(c.env), ready.version);
    activeSnapshotPointer.invalidate();
    inBackground(c, cleanup);
    state = "active";
  }
  return {
    version: ready.version,
    profiles: ready.profiles,
    audiences: ready.audiences,
    importedAt: ready.importedAt,
    state,
    active: activate,
    ...(result ? { lines: result.lines, invalidLines: result.invalidLines, ...(result.skipped ? { skipped: result.skipped } : {}) } : {}),
  };
}

/** Old versions are cleaned up after the answer (awaited at once where there is no execution context). */
function inBackground(c: Context<AppEnv>, work: Promise<void>): void {
  const logged = work.catch((error: unknown) => console.error("snapshot cleanup failed", error));
  try {
    c.executionCtx.waitUntil(logged);
  } catch {
    void logged;
  }
}

import { Hono, type Context } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { readBodyBytes, requireContentType } from "../../middleware/body.ts";
import { activateVersion, commitVersion, deleteVersion, IMPORT_LIMITS, importPart, type PartRequest } from "../../domain/snapshots/importer.ts";
import { SIGNATURE_HEADER } from "../../adapters/streaming-hmac.ts";
import { CommitBodyShape, PARAMETERS, parseParameters } from "../bodies/parameters.ts";
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
    const query = parseParameters(PARAMETERS.snapshotImportQuery, c.req.query());
    const result = await importPart(snapshotStorage(c.env), c.env.SNAPSHOT_SIGNING_SECRET, { ...partOptions(c, query, null, 1, 1), single: true });
    const ready = await commitVersion(snapshotStorage(c.env), result.version, 1);
    return c.json(await finish(c, ready, query.activate !== "false", result), 201);
  })
  .get("/", async (c) => c.json(await snapshotRegistry(c.env).list()))
  .get("/:version", async (c) => {
    const { version: name } = parseParameters(PARAMETERS.snapshotVersion, c.req.param());
    const version = await snapshotRegistry(c.env).version(name);
    if (!version) throw new ApiError(404, "unknown_version", `there is no snapshot version ${name}`);
    return c.json(version);
  })
  .post("/:version/parts/:n", async (c) => {
    requireContentType(c, ["application/x-ndjson"]);
    const { version, n } = parseParameters(PARAMETERS.snapshotPart, c.req.param());
    const query = parseParameters(PARAMETERS.snapshotImportQuery, c.req.query());
    const result = await importPart(snapshotStorage(c.env), c.env.SNAPSHOT_SIGNING_SECRET, { ...partOptions(c, query, version, n, n === 1 ? 1 : 0), single: false });
    return c.json({ ...result, state: "importing" });
  })
  .post("/:version/commit", async (c) => {
    const { version } = parseParameters(PARAMETERS.snapshotVersion, c.req.param());
    const body = CommitBodyShape.parse(await optionalJson(c), "$");
    const ready = await commitVersion(snapshotStorage(c.env), version, body.parts ?? null);
    return c.json(await finish(c, ready, body.activate !== false), 201);
  })
  .delete("/:version", async (c) => {
    const { version } = parseParameters(PARAMETERS.snapshotVersion, c.req.param());
    const { cleanup } = await deleteVersion(snapshotStorage(c.env), version);
    inBackground(c, cleanup);
    return c.json({ deleted: version });
  })
  .post("/:version/activate", async (c) => {
    const { version } = parseParameters(PARAMETERS.snapshotVersion, c.req.param());
    const { active, cleanup } = await activateVersion(snapshotStorage(c.env), version);
    activeSnapshotPointer.invalidate();
    inBackground(c, cleanup);
    return c.json({ active });
  });

type ImportQuery = ReturnType<typeof parseParameters<typeof PARAMETERS.snapshotImportQuery>>;

function partOptions(c: Context<AppEnv>, query: ImportQuery, version: string | null, part: number, defaultFirstLine: number): Omit<PartRequest, "single"> {
  return {
    version,
    part,
    body: c.req.raw.body,
    firstLine: query.firstLine ?? (defaultFirstLine || 1),
    skipInvalid: query.onInvalid === "skip",
    shards: query.shards ?? IMPORT_LIMITS.defaultShards,
    expectedParts: query.parts ?? null,
    signature: c.req.header(SIGNATURE_HEADER) ?? null,
  };
}

/** A small optional JSON body (at most 4 KB): `{}` when empty. */
async function optionalJson(c: Context<AppEnv>): Promise<unknown> {
  const text = new TextDecoder().decode(await readBodyBytes(c, 4096));
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "body is not valid JSON", "$");
  }
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

import { CatalogError, catalogWarnings, compileCatalog, type CatalogProblem } from "@edgewise/decision-engine";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import type { Env } from "../../env.ts";
import { ApiError } from "../../errors.ts";
import { BODY_LIMITS, readJsonBody } from "../../middleware/body.ts";
import { JSON_DEPTH } from "../../domain/shared/checks.ts";
import {
  activateCatalogVersion,
  listCatalogVersions,
  publishCatalog,
  readActiveCatalog,
  readStoredCatalog,
} from "../../adapters/kv/catalog-store.ts";
import { PARAMETERS, parseParameters } from "../bodies/parameters.ts";
import { readActiveSnapshot, snapshotRegistry } from "../../adapters/snapshot-store.ts";
import { syncActiveCampaignActions } from "../../adapters/outbound.ts";
import { workerSecret } from "../../adapters/secrets.ts";
import { outboundCatalogProblems } from "../../domain/outbound/addresses.ts";
import { isDevelopment } from "../../settings.ts";

function isCatalogError(error: unknown): error is Error & { errors: CatalogProblem[] } {
  return error instanceof Error && error.name === "CatalogError" && Array.isArray((error as { errors?: unknown }).errors);
}

/** Runs `work`; an invalid catalog becomes a 400 (or `status`) `invalid_catalog` with every error's path. */
async function validated<T>(work: () => Promise<T> | T, status: 400 | 409 = 400): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isCatalogError(error)) throw error;
    const errors = error.errors.map(({ path, message }) => ({ path, message }));
    throw new ApiError(status, "invalid_catalog", error.message, errors[0]?.path ?? "$", { errors });
  }
}

/**
 * The engine's validation plus this environment's rule for outbound URLs (https, no private
 * address, outside local development): every problem of both at once. Throws the engine's
 * `CatalogError`.
 */
function checkOutbound(catalog: unknown, env: Env): void {
  const problems = outboundCatalogProblems(catalog, isDevelopment(env));
  if (problems.length === 0) return;
  try {
    compileCatalog(catalog);
  } catch (error) {
    if (isCatalogError(error)) throw new CatalogError([...error.errors, ...problems]);
    throw error;
  }
  throw new CatalogError(problems);
}

/** Warnings besides the engine's: a destination's signing secret that this Worker does not have. */
function secretWarnings(catalog: unknown, env: Env): CatalogProblem[] {
  const warnings: CatalogProblem[] = [];
  for (const list of ["webhooks", "forwarding"] as const) {
    const items = (catalog as Record<string, unknown>)[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: { secret?: unknown }, i) => {
      if (typeof item?.secret === "string" && workerSecret(env, item.secret) === undefined) {
        warnings.push({ path: `$.${list}[${i}].secret`, message: `the Worker secret ${item.secret} is not set: calls fail until it is (wrangler secret put ${item.secret})` });
      }
    });
  }
  return warnings;
}

/** Audiences the edge knows: the active snapshot header's (the catalog's real-time ones are added by the engine). */
async function knownAudiences(env: Env): Promise<string[]> {
  const active = await readActiveSnapshot(env.SNAPSHOTS);
  if (!active) return [];
  const version = await snapshotRegistry(env).version(active.version);
  return version?.audiences.map((audience) => audience.id) ?? [];
}

/**
 * The catalog and its versions (DESIGN.md, "Catalog strictness and versions"):
 * - `PUT /v1/admin/catalog` publishes (validated whole by the engine: 400 with every error's path,
 *   the active catalog stays) → `{version, publishedAt, previous, warnings}`; a warning names each
 *   audience that neither the active snapshot nor the catalog's real-time audiences define.
 * - `POST /v1/admin/catalog/validate` → the same checks without publishing: `{valid, warnings}`.
 * - `GET /v1/admin/catalog[?version=V]` → `{version, publishedAt, previous, catalog}`.
 * - `GET /v1/admin/catalog/versions` → `{active, versions: [{version, publishedAt, offers, placements}]}`.
 * - `POST /v1/admin/catalog/versions/:version/activate` → `{version, publishedAt, previous, activatedAt}`.
 */
export const catalogRoutes = new Hono<AppEnv>()
  .put("/", async (c) => {
    const catalog = await readJsonBody(c, BODY_LIMITS.catalog, JSON_DEPTH.catalog);
    const active = await validated(() => {
      checkOutbound(catalog, c.env);
      return publishCatalog(c.env.CATALOGS, catalog);
    });
    // Campaign actions open now start at once (the cron would within a minute).
    await syncActiveCampaignActions(c.env, Date.now()).catch((error: unknown) => console.error("starting campaign actions failed; the cron retries", error));
    return c.json({ ...active, warnings: [...catalogWarnings(catalog, await knownAudiences(c.env)), ...secretWarnings(catalog, c.env)] });
  })
  .post("/validate", async (c) => {
    const catalog = await readJsonBody(c, BODY_LIMITS.catalog, JSON_DEPTH.catalog);
    await validated(() => {
      checkOutbound(catalog, c.env);
      compileCatalog(catalog);
    });
    return c.json({ valid: true, warnings: [...catalogWarnings(catalog, await knownAudiences(c.env)), ...secretWarnings(catalog, c.env)] });
  })
  .get("/", async (c) => {
    const requested = parseParameters(PARAMETERS.catalogQuery, c.req.query()).version;
    const active = await readActiveCatalog(c.env.CATALOGS);
    const version = requested ?? active?.version;
    const stored = version ? await readStoredCatalog(c.env.CATALOGS, version) : null;
    if (requested !== undefined && !stored) throw new ApiError(404, "unknown_version", `there is no catalog version ${requested}`, "$.version");
    if (!stored) throw new ApiError(404, "no_active_catalog", "no catalog has been published yet");
    const { catalog, ...meta } = stored;
    return c.json({ ...meta, ...(active?.version === stored.version ? active : {}), active: active?.version === stored.version, catalog });
  })
  .get("/versions", async (c) => {
    const [active, versions] = await Promise.all([readActiveCatalog(c.env.CATALOGS), listCatalogVersions(c.env.CATALOGS)]);
    return c.json({ active, versions });
  })
  .post("/versions/:version/activate", async (c) => {
    const { version } = parseParameters(PARAMETERS.catalogVersion, c.req.param());
    const active = await validated(() => activateCatalogVersion(c.env.CATALOGS, version), 409);
    if (!active) throw new ApiError(404, "unknown_version", `there is no catalog version ${version}`, "$.version");
    return c.json(active);
  });

import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { BODY_LIMITS, readJsonBody } from "../../middleware/body.ts";
import { publishCatalog, readActiveCatalog, readStoredCatalog } from "../../storage/catalog-store.ts";

interface CatalogProblem {
  path: string;
  message: string;
}

function isCatalogError(error: unknown): error is Error & { errors: CatalogProblem[] } {
  return error instanceof Error && error.name === "CatalogError" && Array.isArray((error as { errors?: unknown }).errors);
}

/**
 * `PUT /v1/admin/catalog` publishes (validated whole by the engine: 400 with every error's path,
 * the active catalog stays) → `{version, publishedAt, previous}`;
 * `GET /v1/admin/catalog` → `{version, publishedAt, previous, catalog}`.
 */
export const catalogRoutes = new Hono<AppEnv>()
  .put("/", async (c) => {
    const catalog = await readJsonBody(c, BODY_LIMITS.catalog);
    try {
      return c.json(await publishCatalog(c.env.CATALOGS, catalog));
    } catch (error) {
      if (!isCatalogError(error)) throw error;
      const errors = error.errors.map(({ path, message }) => ({ path, message }));
      throw new ApiError(400, "invalid_catalog", error.message, errors[0]?.path ?? "$", { errors });
    }
  })
  .get("/", async (c) => {
    const active = await readActiveCatalog(c.env.CATALOGS);
    const stored = active ? await readStoredCatalog(c.env.CATALOGS, active.version) : null;
    if (!active || !stored) throw new ApiError(404, "no_active_catalog", "no catalog has been published yet");
    return c.json({ ...active, catalog: stored.catalog });
  });

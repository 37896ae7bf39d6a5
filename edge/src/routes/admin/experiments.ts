import { analyzeExperiment } from "@edgewise/decision-engine/stats";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { Statistics, type ExperimentCounts } from "../../adapters/d1/statistics.ts";
import { loadFacts, readActiveCatalog } from "../../adapters/kv/catalog-store.ts";
import type { ExperimentFacts } from "../../domain/catalogs/facts.ts";
import { PARAMETERS, parseParameters, StopBodyShape } from "../bodies/parameters.ts";
import { BODY_LIMITS, readJsonBody } from "../../middleware/body.ts";
import { publishCatalog, readStoredCatalog } from "../../adapters/kv/catalog-store.ts";
import { concludedCatalog } from "../../domain/experiments/conclude.ts";

type Status = "scheduled" | "running" | "ended";
const statusAt = (experiment: ExperimentFacts, now: number): Status =>
  now < experiment.start ? "scheduled" : experiment.end !== null && now >= experiment.end ? "ended" : "running";

/** What the list and the report say of an experiment's definition. */
const summary = (experiment: ExperimentFacts, now: number) => ({
  id: experiment.id,
  placement: experiment.placement,
  status: statusAt(experiment, now),
  start: new Date(experiment.start).toISOString(),
  end: experiment.end === null ? null : new Date(experiment.end).toISOString(),
  control: experiment.control,
  metric: experiment.metric,
  attributionWindowDays: experiment.windowMs / 86_400_000,
  variants: experiment.variants,
});

/** The analysis of counts: every variant against the control (anytime-valid interval) and the SRM check. */
function analysis(experiment: ExperimentFacts, counts: ReadonlyMap<string, { exposures: number; conversions: number }>) {
  return analyzeExperiment({
    control: experiment.control,
    variants: experiment.variants.map(({ id, weight }) => ({ id, weight, exposures: counts.get(id)?.exposures ?? 0, conversions: counts.get(id)?.conversions ?? 0 })),
  });
}

/**
 * Per UTC day, the analysis of everything counted up to that day's end: how each variant's interval
 * narrowed (an anytime-valid interval may be read after every day).
 */
function dailySeries(experiment: ExperimentFacts, counts: readonly ExperimentCounts[]) {
  const days = [...new Set(counts.flatMap((c) => c.days.map((d) => d.day)))].sort();
  const running = new Map<string, { exposures: number; conversions: number }>();
  return days.map((day) => {
    for (const variant of counts) {
      const today = variant.days.find((d) => d.day === day);
      const total = running.get(variant.variantId) ?? { exposures: 0, conversions: 0 };
      running.set(variant.variantId, { exposures: total.exposures + (today?.exposures ?? 0), conversions: total.conversions + (today?.conversions ?? 0) });
    }
    // A conversion may be counted on a later day than its exposure: the running totals stay consistent.
    const { variants, srm } = analysis(experiment, running);
    return { day, variants, srm };
  });
}

/**
 * Experiments of the active catalog (DESIGN.md, "Experiments and holdouts"):
 * - `GET /v1/admin/experiments` → `{experiments: [{id, placement, status, start, end, control, metric,
 *   attributionWindowDays, variants, exposures}]}`.
 * - `GET /v1/admin/experiments/:id` → the definition, `variants: [{id, offer, weight, exposures,
 *   conversions, rate, lift, interval, significant}]` (unique profiles; lift and its anytime-valid 95 % interval against
 *   the control), `srm: {pValue, mismatch}` and `daily: [{day, variants, srm}]` (cumulative).
 * - `POST /v1/admin/experiments/:id/stop` `{ship?: variantId}` → publishes the catalog that ends it
 *   now (and ranks the shipped variant's offer first on its placement) → `{version, publishedAt, previous}`.
 */
export const experimentRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const active = await readActiveCatalog(c.env.CATALOGS);
    const facts = active ? await loadFacts(c.env.CATALOGS, active.version) : null;
    const totals = await new Statistics(c.env.STATS_DB).experimentExposureTotals();
    const now = Date.now();
    return c.json({ experiments: [...(facts?.experiments.values() ?? [])].map((experiment) => ({ ...summary(experiment, now), exposures: totals.get(experiment.id) ?? 0 })) });
  })
  .get("/:id", async (c) => {
    const { id } = parseParameters(PARAMETERS.experiment, c.req.param());
    const active = await readActiveCatalog(c.env.CATALOGS);
    const experiment = active ? (await loadFacts(c.env.CATALOGS, active.version))?.experiments.get(id) : undefined;
    if (!experiment) throw new ApiError(404, "unknown_experiment", `the active catalog has no experiment "${id}"`, "$.id");
    const counts = await new Statistics(c.env.STATS_DB).experimentCounts(id, experiment.metric, experiment.windowMs);
    const { variants, srm } = analysis(experiment, new Map(counts.map((variant) => [variant.variantId, variant])));
    // Each variant's definition (offer, weight) with its analysis (exposures … significant).
    const defined = new Map(experiment.variants.map((variant) => [variant.id, variant]));
    const results = variants.map((result) => ({ ...defined.get(result.id), ...result }));
    return c.json({ ...summary(experiment, Date.now()), variants: results, srm, daily: dailySeries(experiment, counts) });
  })
  .post("/:id/stop", async (c) => {
    const { id } = parseParameters(PARAMETERS.experiment, c.req.param());
    const body = StopBodyShape.parse(await readJsonBody(c, BODY_LIMITS.decide), "$");
    const active = await readActiveCatalog(c.env.CATALOGS);
    const stored = active ? await readStoredCatalog(c.env.CATALOGS, active.version) : null;
    if (!stored) throw new ApiError(404, "unknown_experiment", `the active catalog has no experiment "${id}"`, "$.id");
    const next = concludedCatalog(stored.catalog as never, id, body.ship, Date.now());
    return c.json(await publishCatalog(c.env.CATALOGS, next));
  });

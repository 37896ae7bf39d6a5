import { Hono } from "hono";
import type { AppEnv } from "../../app-env.ts";
import { ApiError } from "../../errors.ts";
import { SERIES_STEP_METRICS, Statistics, type SeriesStepMetric } from "../../adapters/d1/statistics.ts";
import { loadFacts, readActiveCatalog } from "../../adapters/kv/catalog-store.ts";
import { activeDestinations } from "../../adapters/outbound.ts";
import { outboundDestination } from "../../adapters/stubs.ts";
import { destinationName } from "../../domain/outbound/destinations.ts";
import { BUCKET_MS, bucketStarts, DAY_MS, type Granularity } from "../../domain/stats/buckets.ts";
import { CAMPAIGN_METRICS, zero } from "../../domain/stats/metrics.ts";
import { PARAMETERS, parseParameters } from "../bodies/parameters.ts";

/** The longest range per granularity (336 hourly or 90 daily buckets, one more when unaligned), and the default one. */
export const SERIES_RANGE = {
  maxMs: { hour: 14 * DAY_MS, day: 90 * DAY_MS },
  defaultMs: { hour: DAY_MS, day: 7 * DAY_MS },
} as const satisfies Record<string, Record<Granularity, number>>;

type Point = { at: string } & Record<string, unknown>;

/**
 * `GET /v1/admin/stats/series?kind=offer|placement|journey|campaign|experiment|webhook&id=&from=&to=&granularity=hour|day`
 * → `{kind, id, granularity, from, to, metrics, series: [{at, <metric>: n, …}]}`: one point per UTC
 * hour or day from the bucket holding `from` to the one holding `to` (exclusive), every bucket present
 * (zeros filled); `from` and `to` in the answer are the first bucket's start and the last one's end.
 * - offer, placement: trigger, display, interact, dismiss, suppress, conversion (a placement sums its offers);
 * - journey: entered (entries), limited, and completed, exited, timed_out, delivered, displayed,
 *   interacted, dismissed, failed summed over its steps; `steps: {<step>: {the same counters}}` per
 *   step label ("trigger", "steps[1].then[0]", …; every version summed), the steps counted in the range;
 * - campaign: reached, delivered, displayed, interacted, dismissed;
 * - experiment (of the active catalog, else 404 `unknown_experiment`): exposures and conversions
 *   (unique profiles, as its report counts them), and `variants: {<variant>: {exposures, conversions}}`;
 * - webhook (of the active catalog, else 404 `unknown_destination`): delivered, failed, retried and
 *   p95LatencyMs (null when nothing was delivered), each delivery counted once, in the bucket of its
 *   last attempt, from the destination object's hourly counters (a day sums its UTC hours, their
 *   latency histograms merged; the p95 is its histogram bucket's upper bound, or the largest latency
 *   when smaller: never below the exact p95, at most 10 % above it). The counters outlive the
 *   delivery rows (delivered kept 3 days, failed 30): they are kept 400 days (OUTBOUND_LIMITS.keepSeriesMs).
 * Hourly rows of the other kinds are kept 30 days, daily journey and campaign rows 400 (SERIES_RETENTION).
 * A range longer than 14 days hourly or 90 days daily, or `to` not after `from`, is 400 `invalid_parameter`.
 */
export const seriesRoutes = new Hono<AppEnv>().get("/", async (c) => {
  const query = parseParameters(PARAMETERS.seriesQuery, c.req.query());
  const granularity: Granularity = query.granularity ?? "day";
  const to = query.to ?? Date.now();
  const from = query.from ?? to - SERIES_RANGE.defaultMs[granularity];
  if (to <= from) throw new ApiError(400, "invalid_parameter", "to must be after from", "$.to");
  if (to - from > SERIES_RANGE.maxMs[granularity]) {
    const most = granularity === "hour" ? "14 days hourly" : "90 days daily";
    throw new ApiError(400, "invalid_parameter", `a range spans at most ${most}`, query.from === undefined ? "$.to" : "$.from");
  }
  const starts = bucketStarts(from, to, granularity);
  const size = BUCKET_MS[granularity];
  const first = starts[0]!;
  const end = starts.at(-1)! + size;
  const iso = (at: number) => new Date(at).toISOString();
  const statistics = new Statistics(c.env.STATS_DB);
  const { kind, id } = query;
  let metrics: readonly string[];
  let series: Point[];

  if (kind === "offer" || kind === "placement") {
    const points = await statistics.offerSeries(kind, id, starts, granularity);
    metrics = ["trigger", "display", "interact", "dismiss", "suppress", "conversion"];
    series = points.map(({ at, ...counts }) => ({ at: iso(at), ...counts }));
  } else if (kind === "journey") {
    const rows = await statistics.orchestrationSeries("journey", id, starts, granularity);
    const labels = [...new Set(rows.map((r) => r.step))].sort(byStep);
    const points = new Map(starts.map((at) => [at, { totals: zero(SERIES_STEP_METRICS), steps: Object.fromEntries(labels.map((l) => [l, zero(SERIES_STEP_METRICS)])) }]));
    for (const row of rows) {
      const point = points.get(row.at);
      if (!point || !(SERIES_STEP_METRICS as readonly string[]).includes(row.metric)) continue;
      const metric = row.metric as SeriesStepMetric;
      point.steps[row.step]![metric] += row.n;
      // As GET /v1/admin/stats: every step counts `entered` when reached; the journey's own `entered` is its entries.
      if (metric !== "entered" || row.step === "trigger") point.totals[metric] += row.n;
    }
    metrics = SERIES_STEP_METRICS;
    series = [...points].map(([at, p]) => ({ at: iso(at), ...p.totals, steps: p.steps }));
  } else if (kind === "campaign") {
    const rows = await statistics.orchestrationSeries("campaign", id, starts, granularity);
    const points = new Map(starts.map((at) => [at, zero(CAMPAIGN_METRICS)]));
    for (const row of rows) {
      const point = points.get(row.at);
      if (point && (CAMPAIGN_METRICS as readonly string[]).includes(row.metric)) point[row.metric as (typeof CAMPAIGN_METRICS)[number]] += row.n;
    }
    metrics = CAMPAIGN_METRICS;
    series = [...points].map(([at, counts]) => ({ at: iso(at), ...counts }));
  } else if (kind === "experiment") {
    const active = await readActiveCatalog(c.env.CATALOGS);
    const experiment = active ? (await loadFacts(c.env.CATALOGS, active.version))?.experiments.get(id) : undefined;
    if (!experiment) throw new ApiError(404, "unknown_experiment", `the active catalog has no experiment "${id}"`, "$.id");
    const rows = await statistics.experimentSeries(id, experiment.metric, experiment.windowMs, starts, granularity);
    const variantIds = [...new Set([...experiment.variants.map((v) => v.id), ...rows.map((r) => r.variantId)])];
    const points = new Map(starts.map((at) => [at, { exposures: 0, conversions: 0, variants: Object.fromEntries(variantIds.map((v) => [v, { exposures: 0, conversions: 0 }])) }]));
    for (const row of rows) {
      const point = points.get(row.at);
      if (!point) continue;
      const key = row.what === "exposure" ? "exposures" : "conversions";
      point[key] += row.n;
      point.variants[row.variantId]![key] += row.n;
    }
    metrics = ["exposures", "conversions"];
    series = [...points].map(([at, p]) => ({ at: iso(at), ...p }));
  } else {
    const { webhooks } = await activeDestinations(c.env);
    const webhook = webhooks.get(id);
    if (!webhook) throw new ApiError(404, "unknown_destination", `the active catalog has no webhook "${id}"`, "$.id");
    const points = await outboundDestination(c.env, destinationName("webhook", webhook.id)).series(first, end, size);
    metrics = ["delivered", "failed", "retried", "p95LatencyMs"];
    series = points.map(({ at, ...counts }) => ({ at: iso(at), ...counts }));
  }
  return c.json({ kind, id, granularity, from: iso(first), to: iso(end), metrics, series });
});

/** "trigger" first, then the steps in the order of their JSON paths (numbers compared as numbers). */
function byStep(a: string, b: string): number {
  if (a === "trigger" || b === "trigger") return a === b ? 0 : a === "trigger" ? -1 : 1;
  return a.localeCompare(b, "en", { numeric: true });
}

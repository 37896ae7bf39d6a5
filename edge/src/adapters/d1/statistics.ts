import type { CampaignChange, CampaignState } from "../../domain/campaigns/status.ts";
import type { OutboxMessage } from "../../domain/events/messages.ts";
import { HOLDOUT_ID } from "../../domain/catalogs/facts.ts";
import { BUCKET_MS, bucketStart, DAY_MS, HOUR_MS, SERIES_RETENTION, type Granularity } from "../../domain/stats/buckets.ts";
import {
  CAMPAIGN_METRICS, OFFER_METRICS, STEP_METRICS, zero,
  type CampaignMetric, type CampaignStats, type JourneyStats, type OfferMetric, type OfferStats, type StepMetric,
} from "../../domain/stats/metrics.ts";

/** How long counted message keys are remembered, so a redelivered message is counted once. */
export const DEDUPE_RETENTION_MS = 7 * DAY_MS;

/** The journey counters a series shows: those of `journey_stats` but the `waiting` gauge, and `failed` (webhook action steps). */
export const SERIES_STEP_METRICS = [...STEP_METRICS.filter((m) => m !== "waiting"), "failed"] as const;
export type SeriesStepMetric = (typeof SERIES_STEP_METRICS)[number];

/**
 * The statistics in D1, and the one place that owns their tables (migrations/): `offer_stats` (per
 * offer, placement, event type and UTC day), `journey_stats` (per journey or campaign, version,
 * step and metric), `campaign_state` (what the cron recorded) and `aggregated_events` (the keys
 * counted, so each outbox message counts once however often it is delivered); for the time series,
 * `offer_stats_hourly`, `journey_stats_hourly` and `journey_stats_daily` (migrations/0004_series.sql,
 * kept SERIES_RETENTION, pruned by `prune`).
 */
export class Statistics {
  constructor(private readonly db: D1Database) {}

  /**
   * Counts a batch of outbox messages in one D1 batch (a transaction): each event key, and each
   * journey-statistics delta (`<key>#<i>`), is remembered, and its counter moves only if it was new.
   */
  async record(messages: readonly OutboxMessage[], receivedAt: number): Promise<void> {
    const remember = this.db.prepare("INSERT OR IGNORE INTO aggregated_events (event_key, received_at) VALUES (?, ?)");
    const countOffer = this.db.prepare(
      `INSERT INTO offer_stats (offer_id, placement, event_type, day, count)
         SELECT ?, ?, ?, ?, 1 WHERE changes() = 1
       ON CONFLICT (offer_id, placement, event_type, day) DO UPDATE SET count = count + 1`,
    );
    const countStep = this.db.prepare(
      `INSERT INTO journey_stats (kind, id, version, step, metric, count) SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1
       ON CONFLICT (kind, id, version, step, metric) DO UPDATE SET count = count + excluded.count`,
    );
    // The time series (0004): each follows the counter it extends, so `changes() = 1` still says
    // "this key was new" (the counter before it moved exactly one row, or none for a known key).
    const countOfferHour = this.db.prepare(
      `INSERT INTO offer_stats_hourly (offer_id, placement, event_type, hour, count)
         SELECT ?, ?, ?, ?, 1 WHERE changes() = 1
       ON CONFLICT (offer_id, placement, event_type, hour) DO UPDATE SET count = count + 1`,
    );
    const countStepHour = this.db.prepare(
      `INSERT INTO journey_stats_hourly (kind, id, version, step, metric, hour, count) SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1
       ON CONFLICT (kind, id, hour, version, step, metric) DO UPDATE SET count = count + excluded.count`,
    );
    const countStepDay = this.db.prepare(
      `INSERT INTO journey_stats_daily (kind, id, version, step, metric, day, count) SELECT ?, ?, ?, ?, ?, ?, ? WHERE changes() = 1
       ON CONFLICT (kind, id, day, version, step, metric) DO UPDATE SET count = count + excluded.count`,
    );
    // Experiments: keyed by what they count (a profile's exposure, an event's key), so a redelivery changes nothing.
    const expose = this.db.prepare(
      `INSERT INTO experiment_exposures (experiment_id, profile_key, variant_id, exposed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (experiment_id, profile_key) DO UPDATE SET exposed_at = excluded.exposed_at, variant_id = excluded.variant_id
       WHERE excluded.exposed_at < experiment_exposures.exposed_at`,
    );
    const convert = this.db.prepare("INSERT OR IGNORE INTO experiment_conversions (event_key, profile_key, name, at) VALUES (?, ?, ?, ?)");
    const statements: D1PreparedStatement[] = [];
    for (const message of messages) {
      if (message.kind === "event" && message.profileKey !== undefined) {
        if (message.experimentId !== undefined && message.variantId !== undefined) statements.push(expose.bind(message.experimentId, message.profileKey, message.variantId, message.timestamp));
        if (message.holdout !== undefined) statements.push(expose.bind(HOLDOUT_ID, message.profileKey, message.holdout, message.timestamp));
        if (message.metric) statements.push(convert.bind(message.key, message.profileKey, message.name, message.timestamp));
      }
      if (message.kind === "journey-stats") {
        // One message carries the deltas of one transition step; each is remembered under its own key.
        const hour = bucketStart(message.timestamp, HOUR_MS);
        const day = utcDay(message.timestamp);
        message.stats.forEach((d, i) => {
          statements.push(remember.bind(`${message.key}#${i}`, receivedAt), countStep.bind(d.kind, d.id, d.version, d.step, d.metric, d.delta));
          if (d.metric !== "waiting") statements.push(countStepHour.bind(d.kind, d.id, d.version, d.step, d.metric, hour, d.delta), countStepDay.bind(d.kind, d.id, d.version, d.step, d.metric, day, d.delta));
        });
      } else if (message.kind === "event" && message.offerId !== undefined && (OFFER_METRICS as readonly string[]).includes(message.type)) {
        const placement = message.placement ?? "";
        statements.push(
          remember.bind(message.key, receivedAt),
          countOffer.bind(message.offerId, placement, message.type, utcDay(message.timestamp)),
          countOfferHour.bind(message.offerId, placement, message.type, bucketStart(message.timestamp, HOUR_MS)),
        );
      }
    }
    if (statements.length > 0) await this.db.batch(statements);
  }

  /** Forgets counted keys after DEDUPE_RETENTION_MS and series rows after SERIES_RETENTION. */
  async prune(now: number): Promise<void> {
    const hourly = now - SERIES_RETENTION.hourlyMs;
    await this.db.batch([
      this.db.prepare("DELETE FROM aggregated_events WHERE received_at < ?").bind(now - DEDUPE_RETENTION_MS),
      this.db.prepare("DELETE FROM offer_stats_hourly WHERE hour < ?").bind(hourly),
      this.db.prepare("DELETE FROM journey_stats_hourly WHERE hour < ?").bind(hourly),
      this.db.prepare("DELETE FROM journey_stats_daily WHERE day < ?").bind(utcDay(now - SERIES_RETENTION.dailyMs)),
    ]);
  }

  /**
   * An offer's (or a placement's, every offer on it summed) counts per bucket: hourly from
   * `offer_stats_hourly`, daily from `offer_stats`. Every bucket of `starts` is present (zeros).
   */
  async offerSeries(by: "offer" | "placement", id: string, starts: readonly number[], granularity: Granularity): Promise<({ at: number } & Record<OfferMetric, number>)[]> {
    const column = by === "offer" ? "offer_id" : "placement";
    const end = (starts.at(-1) ?? 0) + BUCKET_MS[granularity];
    const { results } =
      granularity === "hour"
        ? await this.db
            .prepare(`SELECT hour AS at, event_type, SUM(count) AS n FROM offer_stats_hourly WHERE ${column} = ?1 AND hour >= ?2 AND hour < ?3 GROUP BY hour, event_type`)
            .bind(id, starts[0] ?? 0, end)
            .all<{ at: number; event_type: string; n: number }>()
        : await this.db
            .prepare(`SELECT day AS at, event_type, SUM(count) AS n FROM offer_stats WHERE ${column} = ?1 AND day >= ?2 AND day < ?3 GROUP BY day, event_type`)
            .bind(id, utcDay(starts[0] ?? 0), utcDay(end))
            .all<{ at: string; event_type: string; n: number }>();
    const points = new Map(starts.map((at) => [at, { at, ...zero(OFFER_METRICS) }]));
    for (const row of results) {
      const point = points.get(typeof row.at === "string" ? Date.parse(`${row.at}T00:00:00Z`) : row.at);
      if (point && (OFFER_METRICS as readonly string[]).includes(row.event_type)) point[row.event_type as OfferMetric] += row.n;
    }
    return [...points.values()];
  }

  /**
   * A journey's or a campaign's counters per bucket and step (every version summed), from the
   * hourly or daily rows: `[{at, step, metric, n}]`, only what was counted.
   */
  async orchestrationSeries(kind: "journey" | "campaign", id: string, starts: readonly number[], granularity: Granularity): Promise<{ at: number; step: string; metric: string; n: number }[]> {
    const end = (starts.at(-1) ?? 0) + BUCKET_MS[granularity];
    if (granularity === "hour") {
      const { results } = await this.db
        .prepare("SELECT hour AS at, step, metric, SUM(count) AS n FROM journey_stats_hourly WHERE kind = ?1 AND id = ?2 AND hour >= ?3 AND hour < ?4 GROUP BY hour, step, metric")
        .bind(kind, id, starts[0] ?? 0, end)
        .all<{ at: number; step: string; metric: string; n: number }>();
      return results;
    }
    const { results } = await this.db
      .prepare("SELECT day, step, metric, SUM(count) AS n FROM journey_stats_daily WHERE kind = ?1 AND id = ?2 AND day >= ?3 AND day < ?4 GROUP BY day, step, metric")
      .bind(kind, id, utcDay(starts[0] ?? 0), utcDay(end))
      .all<{ day: string; step: string; metric: string; n: number }>();
    return results.map(({ day, ...row }) => ({ at: Date.parse(`${day}T00:00:00Z`), ...row }));
  }

  /**
   * An experiment's unique profiles per variant and bucket: exposures by the time of the exposure,
   * conversions by the time of the profile's first `metric` event within `windowMs` after it (as
   * `experimentCounts` counts them): `[{variantId, what, at, n}]`, only what was counted.
   */
  async experimentSeries(experimentId: string, metric: string, windowMs: number, starts: readonly number[], granularity: Granularity): Promise<{ variantId: string; what: "exposure" | "conversion"; at: number; n: number }[]> {
    const size = BUCKET_MS[granularity];
    const from = starts[0] ?? 0;
    const end = (starts.at(-1) ?? 0) + size;
    const { results } = await this.db
      .prepare(
        `${exposedProfiles("e.exposed_at >= ?4 - ?3 AND e.exposed_at < ?5")}
         SELECT variant_id, 'exposure' AS what, CAST((exposed_at - ?4) / ?6 AS INTEGER) AS b, COUNT(*) AS n FROM profiles WHERE exposed_at >= ?4 GROUP BY variant_id, b
         UNION ALL
         SELECT variant_id, 'conversion' AS what, CAST((converted_at - ?4) / ?6 AS INTEGER) AS b, COUNT(*) AS n FROM profiles
           WHERE converted_at >= ?4 AND converted_at < ?5 GROUP BY variant_id, b`,
      )
      .bind(experimentId, metric, windowMs, from, end, size)
      .all<{ variant_id: string; what: "exposure" | "conversion"; b: number; n: number }>();
    return results.map((row) => ({ variantId: row.variant_id, what: row.what, at: from + row.b * size, n: row.n }));
  }

  /** Totals per offer and placement (every day summed). */
  async offerStats(filter: { offerId?: string } = {}): Promise<OfferStats[]> {
    const where = filter.offerId === undefined ? "" : "WHERE offer_id = ?1";
    const statement = this.db.prepare(
      `SELECT offer_id, placement, event_type, SUM(count) AS total FROM offer_stats ${where}
       GROUP BY offer_id, placement, event_type ORDER BY offer_id, placement`,
    );
    const { results } = await (filter.offerId === undefined ? statement : statement.bind(filter.offerId)).all<{
      offer_id: string;
      placement: string;
      event_type: string;
      total: number;
    }>();
    const rows = new Map<string, OfferStats>();
    for (const row of results) {
      const id = `${row.offer_id}\u0000${row.placement}`;
      let stats = rows.get(id);
      if (!stats) {
        stats = { offerId: row.offer_id, placement: row.placement === "" ? null : row.placement, ...zero(OFFER_METRICS) };
        rows.set(id, stats);
      }
      if ((OFFER_METRICS as readonly string[]).includes(row.event_type)) stats[row.event_type as OfferMetric] = row.total;
    }
    return [...rows.values()];
  }

  /**
   * Per journey: totals (`entered` counts entries, the others sum the steps) and per version and
   * step; per campaign: its recorded state and counters. `ids` lists journeys and campaigns to show
   * even without counts yet (the active catalog's).
   */
  async journeyStats(
      ids: { journeys: string[]; campaigns: string[] } = { journeys: [], campaigns: [] },
  ): Promise<{ journeys: JourneyStats[]; campaigns: CampaignStats[] }> {
    const [rows, states] = await Promise.all([
      this.db
        .prepare("SELECT kind, id, version, step, metric, count FROM journey_stats ORDER BY kind, id, version, step")
        .all<{ kind: string; id: string; version: string; step: string; metric: string; count: number }>(),
      this.db.prepare("SELECT * FROM campaign_state").all<{
        campaign_id: string; status: string; audience: string | null; offer_id: string | null; opened_at: string | null; closed_at: string | null;
      }>(),
    ]);
    const journeys = new Map<string, JourneyStats>();
    const campaigns = new Map<string, CampaignStats>();
    const journey = (id: string): JourneyStats => {
      let entry = journeys.get(id);
      if (!entry) journeys.set(id, (entry = { journeyId: id, ...zero(STEP_METRICS), steps: [] }));
      return entry;
    };
    const campaign = (id: string): CampaignStats => {
      let entry = campaigns.get(id);
      if (!entry) {
        entry = { campaignId: id, status: null, audience: null, offerId: null, openedAt: null, closedAt: null, ...zero(CAMPAIGN_METRICS) };
        campaigns.set(id, entry);
      }
      return entry;
    };
    for (const id of ids.journeys) journey(id);
    for (const id of ids.campaigns) campaign(id);
    for (const row of rows.results) {
      if (row.kind === "campaign") {
        if ((CAMPAIGN_METRICS as readonly string[]).includes(row.metric)) campaign(row.id)[row.metric as CampaignMetric] += row.count;
        continue;
      }
      if (!(STEP_METRICS as readonly string[]).includes(row.metric)) continue;
      const entry = journey(row.id);
      const metric = row.metric as StepMetric;
      let step = entry.steps.find((s) => s.version === row.version && s.step === row.step);
      if (!step) entry.steps.push((step = { version: row.version, step: row.step, ...zero(STEP_METRICS) }));
      step[metric] += row.count;
      // Every step counts `entered` when reached; the journey's own `entered` is its entries.
      if (metric !== "entered" || row.step === "trigger") entry[metric] += row.count;
    }
    for (const state of states.results) {
      Object.assign(campaign(state.campaign_id), {
        status: state.status, audience: state.audience, offerId: state.offer_id, openedAt: state.opened_at, closedAt: state.closed_at,
      });
    }
    return { journeys: [...journeys.values()], campaigns: [...campaigns.values()] };
  }


  /** Exposed profiles per experiment. */
  async experimentExposureTotals(): Promise<Map<string, number>> {
    const { results } = await this.db.prepare("SELECT experiment_id, COUNT(*) AS n FROM experiment_exposures GROUP BY experiment_id").all<{ experiment_id: string; n: number }>();
    return new Map(results.map((row) => [row.experiment_id, row.n]));
  }

  /**
   * An experiment's unique profiles per variant: exposures, and conversions (a `metric` event within
   * `windowMs` of the profile's exposure), in total and per UTC day (exposures by the day of the
   * exposure, conversions by the day of the profile's first counted conversion).
   */
  async experimentCounts(experimentId: string, metric: string, windowMs: number): Promise<ExperimentCounts[]> {
    const { results } = await this.db
      .prepare(
        `${exposedProfiles()}
         SELECT variant_id, 'exposure' AS what, exposed_at / 86400000 AS day, COUNT(*) AS n FROM profiles GROUP BY variant_id, day
         UNION ALL
         SELECT variant_id, 'conversion' AS what, converted_at / 86400000 AS day, COUNT(*) AS n FROM profiles WHERE converted_at IS NOT NULL GROUP BY variant_id, day`,
      )
      .bind(experimentId, metric, windowMs)
      .all<{ variant_id: string; what: "exposure" | "conversion"; day: number; n: number }>();
    const byVariant = new Map<string, ExperimentCounts>();
    for (const row of results) {
      let counts = byVariant.get(row.variant_id);
      if (!counts) byVariant.set(row.variant_id, (counts = { variantId: row.variant_id, exposures: 0, conversions: 0, days: [] }));
      const date = new Date(row.day * 86_400_000).toISOString().slice(0, 10);
      let day = counts.days.find((d) => d.day === date);
      if (!day) counts.days.push((day = { day: date, exposures: 0, conversions: 0 }));
      if (row.what === "exposure") (counts.exposures += row.n), (day.exposures += row.n);
      else (counts.conversions += row.n), (day.conversions += row.n);
    }
    for (const counts of byVariant.values()) counts.days.sort((a, b) => (a.day < b.day ? -1 : 1));
    return [...byVariant.values()];
  }

  /** The campaign states the cron recorded. */
  async campaignStates(): Promise<CampaignState[]> {
    const { results } = await this.db.prepare("SELECT campaign_id, status, opened_at FROM campaign_state").all<{ campaign_id: string; status: CampaignState["status"]; opened_at: string | null }>();
    return results.map((row) => ({ campaignId: row.campaign_id, status: row.status, openedAt: row.opened_at }));
  }

  /** Records the cron's campaign changes (one batch). */
  async recordCampaignChanges(changes: readonly CampaignChange[], now: number): Promise<void> {
    const iso = new Date(now).toISOString();
    const upsert = this.db.prepare(
      `INSERT INTO campaign_state (campaign_id, status, audience, offer_id, starts_at, ends_at, opened_at, closed_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
       ON CONFLICT (campaign_id) DO UPDATE SET status = ?2, audience = ?3, offer_id = ?4, starts_at = ?5, ends_at = ?6,
         opened_at = ?7, closed_at = ?8, updated_at = ?9`,
    );
    const withdraw = this.db.prepare("UPDATE campaign_state SET status = 'withdrawn', closed_at = ?2, updated_at = ?2 WHERE campaign_id = ?1");
    const statements = changes.map(({ campaignId, status, openedAt, closedAt, campaign }) =>
      campaign
        ? upsert.bind(campaignId, status, campaign.audience, campaign.offer ?? null, new Date(campaign.start).toISOString(), new Date(campaign.end).toISOString(), openedAt, closedAt, iso)
        : withdraw.bind(campaignId, iso),
    );
    if (statements.length > 0) await this.db.batch(statements);
  }
}

/** One variant's unique profiles: exposed, converted; and per UTC day. */
export interface ExperimentCounts {
  variantId: string;
  exposures: number;
  conversions: number;
  days: { day: string; exposures: number; conversions: number }[];
}

function utcDay(timestamp: number): string {
  return new Date(timestamp).toISOString().slice(0, 10);
}

/**
 * The experiments' conversion rule, written once for the totals and the series: the CTE `profiles`,
 * each profile exposed to experiment ?1 with its variant, its exposure time and `converted_at`, the
 * time of its first ?2 event within ?3 ms after the exposure (NULL if none). `range` narrows the
 * exposures (an SQL condition on `e.exposed_at`, with its own parameters).
 */
function exposedProfiles(range?: string): string {
  return `WITH profiles AS (
           SELECT e.variant_id, e.exposed_at,
             (SELECT MIN(c.at) FROM experiment_conversions c
               WHERE c.profile_key = e.profile_key AND c.name = ?2 AND c.at >= e.exposed_at AND c.at <= e.exposed_at + ?3) AS converted_at
           FROM experiment_exposures e WHERE e.experiment_id = ?1${range ? ` AND ${range}` : ""})`;
}

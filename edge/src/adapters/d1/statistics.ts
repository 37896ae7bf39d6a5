import type { CampaignChange, CampaignState } from "../../domain/campaigns/status.ts";
import type { OutboxMessage } from "../../domain/events/messages.ts";
import { HOLDOUT_ID } from "../../domain/catalogs/facts.ts";
import {
  CAMPAIGN_METRICS, OFFER_METRICS, STEP_METRICS, zero,
  type CampaignMetric, type CampaignStats, type JourneyStats, type OfferMetric, type OfferStats, type StepMetric,
} from "../../domain/stats/metrics.ts";

/** How long counted message keys are remembered, so a redelivered message is counted once. */
export const DEDUPE_RETENTION_MS = 7 * 86_400_000;

/**
 * The statistics in D1, and the one place that owns their tables (migrations/): `offer_stats` (per
 * offer, placement, event type and UTC day), `journey_stats` (per journey or campaign, version,
 * step and metric), `campaign_state` (what the cron recorded) and `aggregated_events` (the keys
 * counted, so each outbox message counts once however often it is delivered).
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
        message.stats.forEach((d, i) => statements.push(remember.bind(`${message.key}#${i}`, receivedAt), countStep.bind(d.kind, d.id, d.version, d.step, d.metric, d.delta)));
      } else if (message.kind === "event" && message.offerId !== undefined && (OFFER_METRICS as readonly string[]).includes(message.type)) {
        statements.push(remember.bind(message.key, receivedAt), countOffer.bind(message.offerId, message.placement ?? "", message.type, utcDay(message.timestamp)));
      }
    }
    if (statements.length > 0) await this.db.batch(statements);
  }

  async prune(now: number): Promise<void> {
    await this.db.prepare("DELETE FROM aggregated_events WHERE received_at < ?").bind(now - DEDUPE_RETENTION_MS).run();
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
        `WITH profiles AS (
           SELECT e.variant_id, e.exposed_at,
             (SELECT MIN(c.at) FROM experiment_conversions c
               WHERE c.profile_key = e.profile_key AND c.name = ?2 AND c.at >= e.exposed_at AND c.at <= e.exposed_at + ?3) AS converted_at
           FROM experiment_exposures e WHERE e.experiment_id = ?1)
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

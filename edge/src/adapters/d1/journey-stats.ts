import type { EventMessage } from "../../domain/events/messages.ts";

/** Journey and campaign statistics in D1 (schema: migrations/0002_journeys.sql). */

const STEP_METRICS = ["entered", "waiting", "completed", "exited", "timed_out", "limited", "delivered", "displayed", "interacted", "dismissed"] as const;
const CAMPAIGN_METRICS = ["reached", "delivered", "displayed", "interacted", "dismissed"] as const;

type StepMetric = (typeof STEP_METRICS)[number];
type CampaignMetric = (typeof CAMPAIGN_METRICS)[number];

export type StepStats = { version: string; step: string } & Record<StepMetric, number>;
export type JourneyStats = { journeyId: string } & Record<StepMetric, number> & { steps: StepStats[] };
export type CampaignStats = {
  campaignId: string;
  status: string | null;
  audience: string | null;
  offerId: string | null;
  openedAt: string | null;
  closedAt: string | null;
} & Record<CampaignMetric, number>;

/** Adds `journey-stat` messages to the counters, each delta once (redeliveries are harmless). */
export async function aggregateJourneyStats(db: D1Database, events: readonly EventMessage[], receivedAt: number): Promise<void> {
  const stats = events.filter((event) => Array.isArray(event.stats) && event.offerId === undefined);
  if (stats.length === 0) return;
  const remember = db.prepare("INSERT OR IGNORE INTO aggregated_events (event_key, received_at) VALUES (?, ?)");
  const count = db.prepare(
    `INSERT INTO journey_stats (kind, id, version, step, metric, count) SELECT ?, ?, ?, ?, ?, ? WHERE changes() = 1
     ON CONFLICT (kind, id, version, step, metric) DO UPDATE SET count = count + excluded.count`,
  );
  const statements: D1PreparedStatement[] = [];
  for (const { key, stats: deltas } of stats) {
    // One message carries the deltas of one transition step; each is remembered under its own key.
    deltas!.forEach((d, i) => {
      statements.push(remember.bind(`${key}#${i}`, receivedAt));
      statements.push(count.bind(d.kind, d.id, d.version, d.step, d.metric, d.delta));
    });
  }
  if (statements.length === 0) return;
  await db.batch(statements);
}

/**
 * Per journey: totals (`entered` counts entries, the others sum the steps) and per version and
 * step; per campaign: its recorded state and counters. `ids` lists journeys and campaigns to show
 * even without counts yet (the active catalog's).
 */
export async function readJourneyStats(
  db: D1Database,
  ids: { journeys: string[]; campaigns: string[] } = { journeys: [], campaigns: [] },
): Promise<{ journeys: JourneyStats[]; campaigns: CampaignStats[] }> {
  const [rows, states] = await Promise.all([
    db
      .prepare("SELECT kind, id, version, step, metric, count FROM journey_stats ORDER BY kind, id, version, step")
      .all<{ kind: string; id: string; version: string; step: string; metric: string; count: number }>(),
    db.prepare("SELECT * FROM campaign_state").all<{
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

function zero<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

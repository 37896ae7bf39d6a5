-- Time series (issue #21: GET /v1/admin/stats/series). Written by Statistics.record in the same D1
-- batch as the totals, behind the same `aggregated_events` check (each event key, each journey
-- statistics delta, counted once however often the queue delivers it). Storage is bounded:
-- Statistics.prune (run by the queue consumer about hourly) drops hourly rows after 30 days and
-- daily journey/campaign rows after 400 days. Offers' and placements' daily series read
-- `offer_stats` (0001), kept as before.

-- Per offer, placement ('' when the event named none), event type and UTC hour.
CREATE TABLE IF NOT EXISTS offer_stats_hourly (
  offer_id   TEXT    NOT NULL,
  placement  TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  hour       INTEGER NOT NULL, -- epoch ms of the UTC hour's start
  count      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (offer_id, placement, event_type, hour)
);
CREATE INDEX IF NOT EXISTS offer_stats_hourly_placement ON offer_stats_hourly (placement, hour);
CREATE INDEX IF NOT EXISTS offer_stats_hourly_hour ON offer_stats_hourly (hour);
-- A placement's daily series reads offer_stats by placement.
CREATE INDEX IF NOT EXISTS offer_stats_placement ON offer_stats (placement, day);

-- Journey and campaign counters (as journey_stats, 0002) per UTC hour and per UTC day. `waiting`,
-- a gauge, is not kept here (its +1/−1 per hour says nothing on its own).
CREATE TABLE IF NOT EXISTS journey_stats_hourly (
  kind    TEXT    NOT NULL, -- 'journey' | 'campaign'
  id      TEXT    NOT NULL,
  version TEXT    NOT NULL,
  step    TEXT    NOT NULL,
  metric  TEXT    NOT NULL,
  hour    INTEGER NOT NULL, -- epoch ms of the UTC hour's start
  count   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, id, hour, version, step, metric)
);
CREATE INDEX IF NOT EXISTS journey_stats_hourly_hour ON journey_stats_hourly (hour);

CREATE TABLE IF NOT EXISTS journey_stats_daily (
  kind    TEXT    NOT NULL,
  id      TEXT    NOT NULL,
  version TEXT    NOT NULL,
  step    TEXT    NOT NULL,
  metric  TEXT    NOT NULL,
  day     TEXT    NOT NULL, -- 'YYYY-MM-DD' (UTC)
  count   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, id, day, version, step, metric)
);
CREATE INDEX IF NOT EXISTS journey_stats_daily_day ON journey_stats_daily (day);

-- An experiment's exposures over time.
CREATE INDEX IF NOT EXISTS experiment_exposures_time ON experiment_exposures (experiment_id, exposed_at);

-- Journey and campaign statistics, aggregated by the events queue consumer from the profile
-- objects' outboxes (`journey-stat` messages; each message key counted once via aggregated_events).
-- One row per journey (or campaign), version, step label, and metric; `waiting` is a gauge (+1/-1).
CREATE TABLE IF NOT EXISTS journey_stats (
  kind    TEXT    NOT NULL, -- 'journey' | 'campaign'
  id      TEXT    NOT NULL,
  version TEXT    NOT NULL, -- journey version ('' for campaigns)
  step    TEXT    NOT NULL, -- 'trigger', 'steps[1].then[0]', … ('' for campaigns)
  metric  TEXT    NOT NULL, -- entered, waiting, completed, exited, timed_out, limited, delivered, displayed,
                            -- interacted, dismissed; campaigns: reached, delivered, displayed, interacted, dismissed
  count   INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, id, version, step, metric)
);

-- Campaign states recorded by the Cron Trigger (campaigns/cron.ts).
CREATE TABLE IF NOT EXISTS campaign_state (
  campaign_id TEXT PRIMARY KEY,
  status      TEXT NOT NULL, -- scheduled | open | closed | paused | withdrawn
  audience    TEXT,
  offer_id    TEXT,
  starts_at   TEXT,
  ends_at     TEXT,
  opened_at   TEXT,
  closed_at   TEXT,
  updated_at  TEXT NOT NULL
);

-- Per-offer statistics aggregated by the events queue consumer.
-- One row per offer, placement ('' when the event named none), event type and UTC day.
CREATE TABLE IF NOT EXISTS offer_stats (
  offer_id   TEXT    NOT NULL,
  placement  TEXT    NOT NULL,
  event_type TEXT    NOT NULL,
  day        TEXT    NOT NULL,
  count      INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (offer_id, placement, event_type, day)
);

-- Ids of events already aggregated, so a redelivered queue message is counted once.
-- Pruned by the consumer after a retention window.
CREATE TABLE IF NOT EXISTS aggregated_events (
  event_key   TEXT    PRIMARY KEY,
  received_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS aggregated_events_received_at ON aggregated_events (received_at);

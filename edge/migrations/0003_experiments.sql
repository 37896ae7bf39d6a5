-- Experiments (issue #18): unique profiles, counted exactly whatever the order or repetition of
-- queue deliveries. A profile's exposure is its first display of an experiment's decision (the
-- earliest one, kept on conflict); conversion events are kept by their key, and a conversion counts
-- for an exposed profile when one falls in [exposed_at, exposed_at + attribution window].
CREATE TABLE IF NOT EXISTS experiment_exposures (
  experiment_id TEXT    NOT NULL,
  profile_key   TEXT    NOT NULL,
  variant_id    TEXT    NOT NULL,
  exposed_at    INTEGER NOT NULL,
  PRIMARY KEY (experiment_id, profile_key)
);

CREATE TABLE IF NOT EXISTS experiment_conversions (
  event_key   TEXT    PRIMARY KEY,
  profile_key TEXT    NOT NULL,
  name        TEXT    NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS experiment_conversions_profile ON experiment_conversions (profile_key, name, at);

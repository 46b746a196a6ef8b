-- keyhound ledger, version 4: keyhound serve. Occurrences reported rather than scanned (GitHub secret scanning
-- alerts) keep where they leaked (url) and GitHub's source label; every alert batch token and every issuer
-- event received is recorded (hashes and ids only, never a token), so a rerun or a replay changes nothing.
-- Portable SQL: SQLite and PostgreSQL both take one ADD COLUMN per ALTER TABLE.
ALTER TABLE occurrences ADD COLUMN url TEXT;
ALTER TABLE occurrences ADD COLUMN source VARCHAR(64);

CREATE TABLE github_alerts (
  alert_id VARCHAR(40) PRIMARY KEY,
  received_at BIGINT NOT NULL,
  token_hash VARCHAR(64) NOT NULL,
  token_type VARCHAR(200),
  url TEXT,
  source VARCHAR(64),
  finding_id VARCHAR(64),
  outcome VARCHAR(16) NOT NULL
);
CREATE INDEX github_alerts_received ON github_alerts (received_at);

CREATE TABLE issuer_events (
  event_id VARCHAR(200) PRIMARY KEY,
  received_at BIGINT NOT NULL,
  event_type VARCHAR(64) NOT NULL,
  key_id VARCHAR(200),
  outcome VARCHAR(32) NOT NULL
);

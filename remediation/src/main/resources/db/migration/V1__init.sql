-- keyhound ledger, version 1. Portable SQL: runs on SQLite and PostgreSQL (no AUTOINCREMENT/SERIAL, times as
-- epoch milliseconds in BIGINT, upserts as INSERT ... ON CONFLICT DO NOTHING in the code).
CREATE TABLE secrets (
  finding_id VARCHAR(64) PRIMARY KEY,
  secret_hash VARCHAR(64) NOT NULL,
  rule_id VARCHAR(200) NOT NULL,
  redacted VARCHAR(200) NOT NULL,
  encrypted_secret TEXT,
  state VARCHAR(32) NOT NULL,
  verification VARCHAR(16),
  verification_reason TEXT,
  key_id VARCHAR(200),
  key_json TEXT,
  owner_type VARCHAR(32),
  owner_id VARCHAR(200),
  organization_id VARCHAR(200),
  committed_at BIGINT,
  detected_at BIGINT NOT NULL,
  verified_at BIGINT,
  revoked_at BIGINT,
  confirmed_dead_at BIGINT,
  notified_at BIGINT,
  residual_validation_ms BIGINT
);
CREATE INDEX secrets_state ON secrets (state);
CREATE INDEX secrets_hash ON secrets (secret_hash);

CREATE TABLE occurrences (
  occurrence_id VARCHAR(64) PRIMARY KEY,
  finding_id VARCHAR(64) NOT NULL REFERENCES secrets (finding_id),
  repository TEXT,
  commit_id VARCHAR(64),
  path TEXT NOT NULL,
  line INTEGER NOT NULL,
  author_name TEXT,
  author_email TEXT,
  committed_at BIGINT,
  first_seen_at BIGINT NOT NULL
);
CREATE INDEX occurrences_finding ON occurrences (finding_id);

CREATE TABLE verifications (
  verification_id VARCHAR(40) PRIMARY KEY,
  finding_id VARCHAR(64) NOT NULL REFERENCES secrets (finding_id),
  at BIGINT NOT NULL,
  purpose VARCHAR(16) NOT NULL,
  outcome VARCHAR(16) NOT NULL,
  reason TEXT
);
CREATE INDEX verifications_finding ON verifications (finding_id);

CREATE TABLE actions (
  idempotency_key VARCHAR(400) PRIMARY KEY,
  finding_id VARCHAR(64) NOT NULL REFERENCES secrets (finding_id),
  kind VARCHAR(16) NOT NULL,
  event_type VARCHAR(64),
  hook_id VARCHAR(200),
  message_id VARCHAR(64),
  payload TEXT,
  state VARCHAR(16) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  done_at BIGINT,
  lease_owner VARCHAR(100),
  lease_until BIGINT
);
CREATE INDEX actions_due ON actions (state, next_attempt_at);

CREATE TABLE action_attempts (
  idempotency_key VARCHAR(400) NOT NULL REFERENCES actions (idempotency_key),
  attempt INTEGER NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT,
  outcome VARCHAR(32),
  detail TEXT,
  PRIMARY KEY (idempotency_key, attempt)
);

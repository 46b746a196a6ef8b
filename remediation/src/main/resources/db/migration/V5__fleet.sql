-- keyhound ledger, version 5: fleet scans. The inventory of repositories with each one's work claim (a lease
-- taken by a conditional UPDATE and renewed by heartbeat, so a killed worker's repository is taken over once
-- its lease lapses), one row per scan run, and the incremental state (ref tips scanned, blobs where secrets
-- were found) that `scan --incremental` keeps in a local SQLite file, here shared by every pod.
-- Portable SQL: SQLite and PostgreSQL, times as epoch milliseconds.
CREATE TABLE fleet_repos (
  repo_url VARCHAR(2000) PRIMARY KEY,
  source VARCHAR(200) NOT NULL,
  added_at BIGINT NOT NULL,
  lease_owner VARCHAR(200),
  lease_until BIGINT,
  last_started_at BIGINT,
  last_finished_at BIGINT,
  last_outcome VARCHAR(32),
  last_error TEXT,
  scans INTEGER NOT NULL
);
CREATE INDEX fleet_repos_finished ON fleet_repos (last_finished_at);

CREATE TABLE fleet_scans (
  scan_id VARCHAR(40) PRIMARY KEY,
  repo_url VARCHAR(2000) NOT NULL,
  worker VARCHAR(200) NOT NULL,
  started_at BIGINT NOT NULL,
  finished_at BIGINT NOT NULL,
  outcome VARCHAR(32) NOT NULL,
  commits BIGINT NOT NULL,
  bytes BIGINT NOT NULL,
  findings INTEGER NOT NULL,
  error TEXT
);
CREATE INDEX fleet_scans_repo ON fleet_scans (repo_url);

CREATE TABLE incremental_tips (
  repository VARCHAR(2000) NOT NULL,
  ref VARCHAR(1000) NOT NULL,
  commit_id VARCHAR(64) NOT NULL,
  scanned_at VARCHAR(40) NOT NULL,
  PRIMARY KEY (repository, ref)
);

CREATE TABLE incremental_found (
  repository VARCHAR(2000) NOT NULL,
  blob_id VARCHAR(64) NOT NULL,
  path VARCHAR(2000) NOT NULL,
  commit_id VARCHAR(64) NOT NULL,
  author_name TEXT,
  author_email TEXT,
  commit_date VARCHAR(40),
  refs TEXT NOT NULL,
  committer_name TEXT,
  committer_email TEXT,
  PRIMARY KEY (repository, blob_id, path, commit_id)
);

-- keyhound ledger, version 3: facts about the ledger itself. 'id_key' is the finding-id key (hex) the ledger was
-- created with: every process writing to the ledger makes its ids with it, so one secret has one id on every
-- machine that shares the ledger. Portable SQL: SQLite and PostgreSQL.
CREATE TABLE ledger_meta (
  name VARCHAR(64) PRIMARY KEY,
  value TEXT NOT NULL
);

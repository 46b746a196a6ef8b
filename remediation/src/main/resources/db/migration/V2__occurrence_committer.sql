-- keyhound ledger, version 2: who committed each occurrence, beside its author (they differ after a rebase,
-- cherry-pick or applied patch, and both are told of a leak). Nullable: rows from version 1 keep an unknown
-- committer until the occurrence is recorded again. Portable SQL: SQLite and PostgreSQL both take one
-- ADD COLUMN per ALTER TABLE.
ALTER TABLE occurrences ADD COLUMN committer_name TEXT;
ALTER TABLE occurrences ADD COLUMN committer_email TEXT;

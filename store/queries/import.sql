-- Imports: the batch row, the rows an import writes, and the lookups of one
-- chunk of rows by index. A chunk's keys are passed as one JSON array (?1),
-- which SQLite reads with json_each and PostgreSQL with
-- json_array_elements_text (overrides.sql). import-contact, import-source,
-- and import-pending are templates: ?1, ?2, ... are the values
-- every row of an import shares, each bare ? a value of the row's own;
-- import.go numbers them and repeats the tuple to write many rows per
-- statement.

-- name: insert-import-batch
INSERT INTO import_batches (file_name, sha256, format, rep_id, started_at, source_kind)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: finish-import-batch
UPDATE import_batches
SET rows_imported = ?, rows_merged = ?, rows_skipped = ?, rows_bad = ?, rows_no_email = ?
WHERE id = ?;

-- name: import-batch-by-sha256
-- The first import of a file with these bytes, and how many contacts it
-- gave a source.
SELECT b.id, b.started_at, (SELECT COUNT(DISTINCT s.contact_id) FROM sources s WHERE s.batch_id = b.id)
FROM import_batches b WHERE b.sha256 = ? ORDER BY b.id LIMIT 1;

-- name: import-max-contact-id
SELECT COALESCE(MAX(id), 0) FROM contacts;

-- name: import-unkeyed-names
-- Contacts whose name key is still to be computed.
SELECT id, name, company FROM contacts WHERE name_key IS NULL LIMIT 1024;

-- name: import-set-name-key
UPDATE contacts SET name_key = ? WHERE id = ?;

-- name: import-suppressions-held
-- Whether the suppression list holds anything (SQLite: an import into a
-- database with an empty list asks it nothing more).
SELECT EXISTS (SELECT 1 FROM suppressions);

-- name: import-suppressed-among
SELECT hash FROM suppressions WHERE hash IN (SELECT value FROM json_each(?1));

-- name: import-contacts-by-address
SELECT id, ref, COALESCE(email, ''), COALESCE(profile_key, 0), status, COALESCE(name_key, 0)
FROM contacts WHERE email_key IN (SELECT value FROM json_each(?1));

-- name: import-contacts-by-profile
SELECT id, ref, COALESCE(email, ''), COALESCE(profile_key, 0), status, COALESCE(name_key, 0)
FROM contacts WHERE profile_key IN (SELECT value FROM json_each(?1));

-- name: import-contacts-by-name
SELECT id, ref, COALESCE(email, ''), COALESCE(profile_key, 0), status, COALESCE(name_key, 0)
FROM contacts WHERE name_key IN (SELECT value FROM json_each(?1)) ORDER BY id;

-- name: import-names-held
-- Which of the name keys contacts held before the import (ids below ?2) have.
SELECT DISTINCT name_key FROM contacts WHERE name_key IN (SELECT value FROM json_each(?1)) AND id < ?2;

-- name: import-batch-sources
-- The sources this import (?2) already gave the contacts ?1.
SELECT contact_id, id, detail FROM sources
WHERE contact_id IN (SELECT value FROM json_each(?1)) AND batch_id = ?2;

-- name: import-batch-source-of
SELECT id, detail FROM sources WHERE contact_id = ? AND batch_id = ? ORDER BY id LIMIT 1;

-- name: import-set-source-detail
UPDATE sources SET detail = ? WHERE id = ?;

-- name: import-contact
-- ?1 is the import's time.
INSERT INTO contacts (id, ref, name, email, email_key, email_hash, company, position, country,
    name_key, profile_key, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?1, ?1);

-- name: import-source
-- ?1 to ?4 are the source kind, obtained date, rep and batch.
INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
VALUES (?, ?1, ?, ?2, ?3, ?4, ?);

-- name: import-big-cache
PRAGMA cache_size = -32768;

-- name: import-default-cache
PRAGMA cache_size = -2000;

-- name: import-set-address
UPDATE contacts SET email = ?, email_key = ?, email_hash = ?, updated_at = ? WHERE id = ? AND email IS NULL;

-- name: import-set-profile
UPDATE contacts SET profile_key = ? WHERE id = ? AND profile_key IS NULL;

-- name: import-make-pending
-- Rows an import decides after it has seen the whole file.
CREATE TEMP TABLE IF NOT EXISTS import_pending (
    seq INTEGER PRIMARY KEY, line INTEGER, name TEXT, email TEXT, email_key TEXT, email_hash TEXT,
    company TEXT, position TEXT, country TEXT, note TEXT, opted_out INTEGER,
    profile_key INTEGER, name_key INTEGER, profile TEXT);

-- name: import-clear-pending
DELETE FROM import_pending;

-- name: import-pending
INSERT INTO import_pending (line, name, email, email_key, email_hash, company, position, country, note,
    opted_out, profile_key, name_key, profile)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: import-read-pending
SELECT seq, line, name, COALESCE(email, ''), COALESCE(email_key, ''), COALESCE(email_hash, ''), company,
    position, country, note, opted_out, profile_key, name_key, profile
FROM import_pending WHERE seq > ? ORDER BY seq LIMIT 1024;

-- name: import-make-stage
-- PostgreSQL copies new contacts and sources into these (COPY), then moves
-- them with one INSERT ... SELECT each (import-from-stage-*).
CREATE TEMP TABLE IF NOT EXISTS import_stage_contacts (id bigint, ref text, name text, email text,
    email_key text, email_hash text, company text, position text, country text, name_key bigint,
    profile_key bigint);
CREATE TEMP TABLE IF NOT EXISTS import_stage_sources (contact_id bigint, detail text, line integer);

-- name: import-from-stage-contacts
-- ?1 is the import's time. The owner is the column's default, asked once
-- (an InitPlan) rather than once per row.
INSERT INTO contacts (id, ref, name, email, email_key, email_hash, company, position, country,
    name_key, profile_key, created_at, updated_at, owner_id)
SELECT id, ref, name, email, email_key, email_hash, company, position, country, name_key, profile_key, ?1, ?1,
    (SELECT legit_my_rep())
FROM import_stage_contacts ORDER BY id;

-- name: import-from-stage-sources
-- ?1 to ?4 are the source kind, obtained date, rep and batch.
INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
SELECT contact_id, ?1, detail, ?2, ?3, ?4, line FROM import_stage_sources;

-- name: import-clear-stage
-- TRUNCATE, not DELETE: deleted rows would stay in the tables until the
-- transaction ends (no vacuum reaches a temporary table), and every later
-- chunk's INSERT ... SELECT would read them all again.
TRUNCATE import_stage_contacts, import_stage_sources;

-- name: import-deferrable
-- The indexes and triggers named in ?1 (a JSON array) with their
-- definitions, when there are no contacts yet: an import into an empty
-- table makes them after its rows instead of keeping them up to date row
-- by row.
SELECT type, name, sql FROM sqlite_schema
WHERE name IN (SELECT value FROM json_each(?1)) AND sql IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contacts);

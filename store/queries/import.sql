-- Imports: the batch row, the rows an import writes, and what it preloads to
-- merge without a query per row. import-contact and import-source are also
-- run with their VALUES tuple repeated, to write many rows per statement.

-- name: insert-import-batch
INSERT INTO import_batches (file_name, sha256, format, rep_id, started_at, source_kind)
VALUES (?, ?, ?, ?, ?, ?);

-- name: finish-import-batch
UPDATE import_batches
SET rows_imported = ?, rows_merged = ?, rows_skipped = ?, rows_bad = ?, rows_no_email = ?
WHERE id = ?;

-- name: import-contact-keys
SELECT id, ref, COALESCE(email_key, ''), name, company FROM contacts;

-- name: import-suppression-hashes
SELECT hash FROM suppressions;

-- name: import-max-contact-id
SELECT COALESCE(MAX(id), 0) FROM contacts;

-- name: import-contact
INSERT INTO contacts (id, ref, name, email, email_key, email_hash, company, position, country,
    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: import-source
INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: import-big-cache
PRAGMA cache_size = -32768;

-- name: import-default-cache
PRAGMA cache_size = -2000;

-- name: import-set-address
UPDATE contacts SET email = ?, email_key = ?, email_hash = ?, updated_at = ? WHERE id = ? AND email IS NULL;

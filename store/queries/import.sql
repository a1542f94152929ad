-- Imports: the batch row, the rows an import writes, and what it preloads to
-- merge without a query per row. import-contact and import-source are
-- templates: ?1, ?2, ... are the values every row of an import shares, each
-- bare ? a value of the row's own; import.go numbers them and repeats the
-- tuple to write many rows per statement.

-- name: insert-import-batch
INSERT INTO import_batches (file_name, sha256, format, rep_id, started_at, source_kind)
VALUES (?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: finish-import-batch
UPDATE import_batches
SET rows_imported = ?, rows_merged = ?, rows_skipped = ?, rows_bad = ?, rows_no_email = ?
WHERE id = ?;

-- name: import-contact-keys
SELECT id, ref, COALESCE(email_key, ''), name, company, status FROM contacts;

-- name: import-suppression-hashes
SELECT hash FROM suppressions;

-- name: import-max-contact-id
SELECT COALESCE(MAX(id), 0) FROM contacts;

-- name: import-contact
-- ?1 is the import's time.
INSERT INTO contacts (id, ref, name, email, email_key, email_hash, company, position, country,
    created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?1, ?1);

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

-- Imports: the batch row and what an import preloads to merge without a query per row.

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

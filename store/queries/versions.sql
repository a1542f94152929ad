-- The row version of a contact (optimistic concurrency) and the export
-- files written for a person.

-- name: contact-version
SELECT version FROM contacts WHERE id = ?;

-- name: insert-export-file
INSERT INTO export_files (contact_id, path, written_at) VALUES (?, ?, ?) RETURNING id;

-- name: delete-export-file
DELETE FROM export_files WHERE id = ?;

-- name: export-files-of
-- One row per path, with the last time it was written.
SELECT path, MAX(written_at) FROM export_files WHERE contact_id = ?
GROUP BY path ORDER BY MAX(written_at), path;

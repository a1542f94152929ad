-- The hash-chained outreach log and the suppression list.

-- name: last-event
-- What SQLite's appends chain to (on PostgreSQL the server chains them).
SELECT id, hash FROM events ORDER BY id DESC LIMIT 1;

-- name: insert-event
INSERT INTO events (at, rep, kind, contact_ref, details, prev_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: insert-suppression
INSERT INTO suppressions (hash, reason, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING;

-- name: suppression-by-hash
SELECT reason, created_at FROM suppressions WHERE hash = ?;

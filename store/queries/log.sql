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

-- name: suppress-addresses-at
-- Every address a contact has or had at a domain (?1, "@example.com"; its
-- LIKE wildcards escaped with \) goes on the list with the domain, so that
-- the contact list, its filters and counts show those people as suppressed.
INSERT INTO suppressions (hash, reason, created_at)
SELECT DISTINCT hash, ?2, ?3 FROM contact_addresses WHERE lower(email) LIKE '%' || ?1 ESCAPE '\'
ON CONFLICT DO NOTHING;

-- name: suppression-by-hash
SELECT reason, created_at FROM suppressions WHERE hash = ?;

-- Reading the outreach log: chain verification, the reps in it, the weekly
-- chart. The filtered, paginated list is built in log.go (its filters vary).

-- name: chain-links
-- every event in chain order, as stored, for verification and export
SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events ORDER BY id;

-- name: chain-links-upto
-- the events up to a given id, in chain order
SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events WHERE id <= ? ORDER BY id;

-- name: log-reps
-- the distinct reps in the log, in name order, by skipping through the index
WITH RECURSIVE r(rep) AS (
    SELECT MIN(rep) FROM events
    UNION ALL
    SELECT (SELECT MIN(rep) FROM events WHERE rep > r.rep) FROM r WHERE r.rep IS NOT NULL
)
SELECT rep FROM r WHERE rep IS NOT NULL;

-- name: log-weekly
-- per rep and week (from Monday) from a day on, kept by the events_log_weeks trigger
SELECT rep, week, first_contacts, notices, opt_outs FROM log_weeks WHERE week >= ? ORDER BY rep, week;

-- name: log-head
-- the last event's id and hash, and how many events there are
SELECT id, hash, (SELECT COUNT(*) FROM events) FROM events ORDER BY id DESC LIMIT 1;

-- name: mark-review
INSERT INTO meta (key, value) VALUES ('review', 'bundles');


-- The lead's report as PostgreSQL counts it: the details as jsonb
-- (details_json), a reply's week from its time in UTC, the overlaps
-- without SQLite's index hint (the planner finds contacts_company).

-- name: report-weeks
SELECT rep, to_char(day - (extract(isodow FROM day)::int - 1), 'YYYY-MM-DD') AS week,
    count(*) FILTER (WHERE kind = 'send' AND (details_json->>'first' = 'true' OR details_json->>'notice' = 'long')),
    count(*) FILTER (WHERE kind = 'send'),
    count(*) FILTER (WHERE kind = 'notice'),
    count(*) FILTER (WHERE kind = 'suppression' AND details_json->>'reason' = 'opt_out'),
    count(*) FILTER (WHERE kind = 'suppression' AND details_json->>'reason' = 'objection'),
    count(*) FILTER (WHERE kind = 'suppression' AND details_json->>'reason' = 'bounce'),
    count(*) FILTER (WHERE kind = 'queued' AND details_json->>'outcome' = 'not_sent')
FROM (SELECT rep, kind, details_json, substr(at, 1, 10)::date AS day FROM events
      WHERE at >= ? AND kind IN ('send', 'notice', 'suppression', 'queued')) e
GROUP BY 1, 2;

-- name: report-replies
SELECT rep, to_char(day - (extract(isodow FROM day)::int - 1), 'YYYY-MM-DD') AS week, count(*) FROM (
    SELECT (SELECT rp.name FROM messages m JOIN reps rp ON rp.id = m.rep_id
            WHERE m.contact_id = i.contact_id AND m.state = 'sent' AND m.sent_at <= i.received_at
            ORDER BY m.sent_at DESC LIMIT 1) AS rep,
        (i.received_at AT TIME ZONE 'UTC')::date AS day
    FROM inbox i
    WHERE i.received_at >= ? AND i.contact_id IS NOT NULL AND i.class NOT IN ('bounce', 'out_of_office')
) r
WHERE rep <> ''
GROUP BY 1, 2;

-- name: report-overlaps
WITH m AS MATERIALIZED (
    SELECT contact_id, rep_id, sent_at FROM messages WHERE state = 'sent' AND sent_at >= ? ORDER BY contact_id
), s AS MATERIALIZED (
    SELECT lower(c.company) AS company, rp.name AS rep, m.contact_id AS contact, m.sent_at AS at
    FROM m JOIN contacts c ON c.id = m.contact_id JOIN reps rp ON rp.id = m.rep_id
    WHERE c.company <> ''
), shared AS (
    SELECT company, MAX(at) AS last FROM s GROUP BY company HAVING MIN(rep) <> MAX(rep)
)
SELECT DISTINCT sh.company, sh.last, s.rep, s.contact
FROM shared sh JOIN s ON s.company = sh.company
ORDER BY sh.last DESC, sh.company;

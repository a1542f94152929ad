-- The lead's report (teamreport.go), counted by the engine: per rep and
-- week, the log's sends, notices, suppressions and outbox refusals, and the
-- replies credited to the rep who last wrote; the companies several reps
-- wrote to. A week starts on Monday: the date of an event is the first ten
-- characters of its time, as written.

-- name: report-weeks
-- per rep and week since a time: first contacts (a send with "first" or the
-- long notice), follow-ups (every other send), notices, opt-outs, objections,
-- bounces (suppressions by reason) and messages taken back out of the outbox
SELECT rep, date(substr(at, 1, 10), '-6 days', 'weekday 1') AS week,
    SUM(kind = 'send' AND (details ->> '$.first' IS 'true' OR details ->> '$.notice' IS 'long')),
    SUM(kind = 'send'),
    SUM(kind = 'notice'),
    SUM(kind = 'suppression' AND details ->> '$.reason' IS 'opt_out'),
    SUM(kind = 'suppression' AND details ->> '$.reason' IS 'objection'),
    SUM(kind = 'suppression' AND details ->> '$.reason' IS 'bounce'),
    SUM(kind = 'queued' AND details ->> '$.outcome' IS 'not_sent')
FROM events
WHERE at >= ? AND kind IN ('send', 'notice', 'suppression', 'queued')
GROUP BY 1, 2;

-- name: report-replies
-- per rep and week since a time, the replies (not bounces or out-of-office
-- answers) to the rep who last emailed the person before the reply came
SELECT rep, week, COUNT(*) FROM (
    SELECT (SELECT rp.name FROM messages m JOIN reps rp ON rp.id = m.rep_id
            WHERE m.contact_id = i.contact_id AND m.state = 'sent' AND m.sent_at <= i.received_at
            ORDER BY m.sent_at DESC LIMIT 1) AS rep,
        date(substr(i.received_at, 1, 10), '-6 days', 'weekday 1') AS week
    FROM inbox i
    WHERE i.received_at >= ? AND i.contact_id IS NOT NULL AND i.class NOT IN ('bounce', 'out_of_office')
) r
WHERE rep <> ''
GROUP BY rep, week;

-- name: report-overlaps
-- the companies (lower-cased) more than one rep emailed since a time, the
-- last time, and each rep and person emailed there; the messages are read
-- in contact order, and the companies from contacts_company, so that each
-- page of it is read once
WITH m AS MATERIALIZED (
    SELECT contact_id, rep_id, sent_at FROM messages WHERE state = 'sent' AND sent_at >= ? ORDER BY contact_id
), s AS MATERIALIZED (
    SELECT lower(c.company) AS company, rp.name AS rep, m.contact_id AS contact, m.sent_at AS at
    FROM m JOIN contacts c INDEXED BY contacts_company ON c.id = m.contact_id JOIN reps rp ON rp.id = m.rep_id
    WHERE c.company <> ''
), shared AS (
    SELECT company, MAX(at) AS last FROM s GROUP BY company HAVING MIN(rep) <> MAX(rep)
)
SELECT DISTINCT sh.company, sh.last, s.rep, s.contact
FROM shared sh JOIN s ON s.company = sh.company
ORDER BY sh.last DESC, sh.company;

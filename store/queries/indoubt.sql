-- The sends in doubt (indoubt.go): a send may or may not have gone out
-- when its client was cut off after the mail server had it. updated_at is
-- when it was reserved; lease_until when its reservation ended (or ends),
-- NULL on sends reserved before there were reservations.

-- name: sends-in-doubt
-- The sends in doubt the caller may resolve, oldest first: on one rep's
-- database, the rep's own (?1); unknown, or sending under a reservation
-- that ran out before ?2 (its client is gone). The contact is joined
-- loosely: a send is listed even when its contact is out of sight.
SELECT m.id, m.rep_id, r.name, COALESCE(c.ref, ''), COALESCE(c.name, ''), COALESCE(c.email, ''),
    m.subject, COALESCE(m.message_id, ''), m.state, m.updated_at, COALESCE(m.lease_until, m.updated_at)
FROM messages m JOIN reps r ON r.id = m.rep_id LEFT JOIN contacts c ON c.id = m.contact_id
WHERE m.rep_id = ?1
  AND (m.state = 'unknown' OR (m.state = 'sending' AND (m.lease_until IS NULL OR m.lease_until < ?2)))
ORDER BY m.id;

-- name: send-in-doubt-to
-- The earliest send to a contact that may have gone out and is not
-- settled, whoever's it is (under a reservation still held, or not): what
-- the no-send-in-doubt rule names.
SELECT m.id, m.rep_id, r.name, '', '', '', m.subject, COALESCE(m.message_id, ''), m.state, m.updated_at,
    COALESCE(m.lease_until, m.updated_at)
FROM messages m JOIN reps r ON r.id = m.rep_id
WHERE m.contact_id = ? AND m.state IN ('sending', 'unknown')
ORDER BY m.id LIMIT 1;

-- name: count-sends-in-doubt
-- How many sends in doubt the lead's report counts (teamreport.go): on one
-- rep's database, every one; unknown, or sending under a reservation that
-- ran out before ?.
SELECT COUNT(*) FROM messages
WHERE state = 'unknown' OR (state = 'sending' AND (lease_until IS NULL OR lease_until < ?));

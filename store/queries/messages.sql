-- Drafts and sent messages (messages.go).

-- name: draft-for
SELECT id, contact_id, rep_id, COALESCE(message_id, ''), subject, body, state, error, updated_at
FROM messages WHERE contact_id = ? AND rep_id = ? AND state IN ('draft', 'failed') AND kind = 'email'
ORDER BY id DESC LIMIT 1;

-- name: insert-draft
INSERT INTO messages (contact_id, rep_id, subject, body, kind, state, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)
RETURNING id;

-- name: update-draft
UPDATE messages SET subject = ?, body = ?, updated_at = ?
WHERE id = ? AND state IN ('draft', 'failed');

-- name: delete-draft
DELETE FROM messages WHERE id = ? AND state = 'draft';

-- name: mark-sending
-- A draft, a failed send or a queued message is reserved for sending by one
-- client instance, under a lease it renews while the transport works.
UPDATE messages SET state = 'sending', message_id = ?, raw = ?, notice_form = ?, tracking = ?,
    subject = ?, body = ?, transport = ?, kind = ?, confirmed = ?, client = ?, lease_until = ?,
    fingerprint = ?, error = '', queue_reason = '', updated_at = ?
WHERE id = ? AND state IN ('draft', 'failed', 'queued');

-- name: mark-queued
UPDATE messages SET state = 'queued', message_id = ?, raw = ?, notice_form = ?, tracking = ?,
    subject = ?, body = ?, transport = 'outbox', kind = ?, confirmed = ?, queued_at = ?,
    fingerprint = ?, queue_reason = '', error = '', updated_at = ?
WHERE id = ? AND state IN ('draft', 'failed');

-- name: hold-queued
UPDATE messages SET queue_reason = ?, updated_at = ? WHERE id = ? AND state = 'queued';

-- name: unqueue
UPDATE messages SET state = 'failed', error = ?, queue_reason = '', updated_at = ?
WHERE id = ? AND state = 'queued';

-- name: renew-lease
UPDATE messages SET lease_until = ? WHERE id = ? AND state = 'sending' AND client = ?;

-- name: queued-of-rep
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref,
    m.kind, m.queued_at, m.queue_reason, m.confirmed, m.client, m.lease_until
FROM messages m JOIN contacts c ON c.id = m.contact_id
WHERE m.rep_id = ? AND m.state = 'queued' ORDER BY m.queued_at, m.id;

-- name: recoverable
-- The sends of this rep this client may look at after a crash: its own
-- reservations, those whose lease ran out (the client that made them is
-- gone), and the rep's sends already in doubt. A colleague's send is never
-- one, in progress or not: only the rep who made it can find out whether
-- it went (their Sent folder), and only they may record it.
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref,
    m.kind, m.queued_at, m.queue_reason, m.confirmed, m.client, m.lease_until
FROM messages m JOIN contacts c ON c.id = m.contact_id
WHERE m.rep_id = ?
  AND ((m.state = 'sending' AND (m.client = ? OR m.lease_until IS NULL OR m.lease_until < ?))
       OR m.state = 'unknown')
ORDER BY m.id;

-- name: mark-sent
UPDATE messages SET state = 'sent', sent_at = ?, sent_copy = ?, error = '', lease_until = NULL, updated_at = ?
WHERE id = ? AND state IN ('sending', 'unknown');

-- name: mark-failed
UPDATE messages SET state = 'failed', error = ?, lease_until = NULL, updated_at = ?
WHERE id = ? AND state IN ('sending', 'unknown');

-- name: mark-unknown
-- A send left "sending" may or may not have gone. updated_at stays when it
-- was reserved; lease_until becomes when it fell in doubt: the end of a
-- reservation that ran out, or now when it is cut short.
UPDATE messages SET state = 'unknown', lease_until = CASE WHEN lease_until < ?1 THEN lease_until ELSE ?1 END
WHERE id = ?2 AND state = 'sending';

-- name: message-by-id
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref,
    m.kind, m.queued_at, m.queue_reason, m.confirmed, m.client, m.lease_until
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = ?;

-- name: messages-in-state
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref,
    m.kind, m.queued_at, m.queue_reason, m.confirmed, m.client, m.lease_until
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.state = ? ORDER BY m.id;

-- name: sent-copy-pending
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref,
    m.kind, m.queued_at, m.queue_reason, m.confirmed, m.client, m.lease_until
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.sent_copy = 'pending' ORDER BY m.id;

-- name: set-sent-copy
UPDATE messages SET sent_copy = ? WHERE id = ?;

-- name: recent-bodies
-- What this rep sent or queued since a time (the not-bulk rule compares
-- against both); access copies are not outreach. Whether each has its
-- fingerprint: those stored before there were any get theirs lazily.
SELECT m.contact_id, c.ref, c.name, c.company, m.subject, m.body, COALESCE(m.sent_at, m.queued_at),
    m.id, m.fingerprint IS NOT NULL
FROM messages m JOIN contacts c ON c.id = m.contact_id
WHERE m.rep_id = ? AND m.kind != 'access' AND m.state IN ('sent', 'queued')
    AND COALESCE(m.sent_at, m.queued_at) >= ?
ORDER BY COALESCE(m.sent_at, m.queued_at) DESC;

-- name: set-fingerprint
-- The lazy backfill of a message stored before fingerprints: its body's,
-- never replacing one.
UPDATE messages SET fingerprint = ? WHERE id = ? AND fingerprint IS NULL;

-- name: first-contacts-since
SELECT COUNT(*) FROM (
    SELECT contact_id, MIN(sent_at) AS first FROM messages
    WHERE rep_id = ? AND state = 'sent' AND kind != 'access' GROUP BY contact_id
) AS firsts WHERE first >= ?;

-- name: contact-send-counts
-- Emails sent (or that may have been) to a contact, access copies aside,
-- and every send in doubt.
SELECT
    COALESCE(SUM(CASE WHEN state IN ('sent', 'sending', 'unknown') AND kind != 'access' THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN state IN ('sending', 'unknown') THEN 1 ELSE 0 END), 0)
FROM messages WHERE contact_id = ?;

-- name: message-rep-name
-- Whose send a message is (reps are the whole team's to read).
SELECT r.name FROM messages m JOIN reps r ON r.id = m.rep_id WHERE m.id = ?;

-- name: requeue
UPDATE messages SET state = 'queued', queue_reason = ?, lease_until = NULL, updated_at = ?
WHERE id = ? AND state = 'sending';

-- Drafts and sent messages (messages.go).

-- name: draft-for
SELECT id, contact_id, rep_id, COALESCE(message_id, ''), subject, body, state, error, updated_at
FROM messages WHERE contact_id = ? AND rep_id = ? AND state IN ('draft', 'failed')
ORDER BY id DESC LIMIT 1;

-- name: insert-draft
INSERT INTO messages (contact_id, rep_id, subject, body, state, created_at, updated_at)
VALUES (?, ?, ?, ?, 'draft', ?, ?)
RETURNING id;

-- name: update-draft
UPDATE messages SET subject = ?, body = ?, updated_at = ?
WHERE id = ? AND state IN ('draft', 'failed');

-- name: delete-draft
DELETE FROM messages WHERE id = ? AND state = 'draft';

-- name: mark-sending
UPDATE messages SET state = 'sending', message_id = ?, raw = ?, notice_form = ?, tracking = ?,
    subject = ?, body = ?, transport = ?, error = '', updated_at = ?
WHERE id = ? AND state IN ('draft', 'failed');

-- name: mark-sent
UPDATE messages SET state = 'sent', sent_at = ?, sent_copy = ?, error = '', updated_at = ?
WHERE id = ? AND state IN ('sending', 'unknown');

-- name: mark-failed
UPDATE messages SET state = 'failed', error = ?, updated_at = ?
WHERE id = ? AND state IN ('sending', 'unknown');

-- name: mark-unknown
UPDATE messages SET state = 'unknown', updated_at = ? WHERE id = ? AND state = 'sending';

-- name: message-by-id
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.id = ?;

-- name: messages-in-state
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.state = ? ORDER BY m.id;

-- name: sent-copy-pending
SELECT m.id, m.contact_id, m.rep_id, COALESCE(m.message_id, ''), m.subject, m.body, m.raw,
    m.notice_form, m.tracking, m.state, m.error, m.sent_copy, m.transport, m.updated_at, c.ref
FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.sent_copy = 'pending' ORDER BY m.id;

-- name: set-sent-copy
UPDATE messages SET sent_copy = ? WHERE id = ?;

-- name: recent-bodies
SELECT m.contact_id, c.ref, c.name, c.company, m.subject, m.body, m.sent_at
FROM messages m JOIN contacts c ON c.id = m.contact_id
WHERE m.rep_id = ? AND m.state = 'sent' AND m.sent_at >= ?
ORDER BY m.sent_at DESC;

-- name: first-contacts-since
SELECT COUNT(*) FROM (
    SELECT contact_id, MIN(sent_at) AS first FROM messages
    WHERE rep_id = ? AND state = 'sent' GROUP BY contact_id
) AS firsts WHERE first >= ?;

-- name: contact-send-counts
SELECT
    COALESCE(SUM(CASE WHEN state IN ('sent', 'sending', 'unknown') THEN 1 ELSE 0 END), 0),
    COALESCE(SUM(CASE WHEN state IN ('sending', 'unknown') THEN 1 ELSE 0 END), 0)
FROM messages WHERE contact_id = ?;

-- Inbox sync: sync state, replies, rights requests, consent proposals.

-- name: sync-state
SELECT uid_validity, last_uid FROM sync_state WHERE mailbox = ?;

-- name: save-sync-state
INSERT INTO sync_state (mailbox, uid_validity, last_uid, synced_at) VALUES (?, ?, ?, ?)
ON CONFLICT(mailbox) DO UPDATE SET uid_validity = excluded.uid_validity,
    last_uid = excluded.last_uid, synced_at = excluded.synced_at;

-- name: insert-inbox
INSERT INTO inbox (message_id, mailbox, uid, contact_id, matched_by, sender, subject, snippet, class, stop,
    phrase, received_at, synced_at, unsure, review)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT(message_id) DO NOTHING
RETURNING id;

-- name: reply-contact-by-key
SELECT id, ref, COALESCE(email, ''), status FROM contacts WHERE email_key = ?;

-- name: reply-contact-by-message-id
SELECT c.id, c.ref, COALESCE(c.email, ''), c.status
FROM messages m JOIN contacts c ON c.id = m.contact_id
WHERE m.message_id = ? OR m.message_id = '<' || ? || '>'
LIMIT 1;

-- name: set-contact-status
UPDATE contacts SET status = ?, updated_at = ? WHERE id = ?;

-- name: insert-rights-request
-- A request read in a reply, assigned to the rep whose sync received it.
INSERT INTO rights_requests (inbox_id, contact_id, contact_ref, kind, received_at, due_at, assignee_id)
VALUES (?, ?, ?, ?, ?, ?, (SELECT id FROM reps WHERE name = ? ORDER BY id LIMIT 1));

-- name: insert-consent-proposal
INSERT INTO consent_proposals (inbox_id, contact_id, purpose, evidence, proposed_at, reply_text, told)
VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: list-inbox
SELECT i.id, i.message_id, i.class, i.stop, i.phrase, i.sender, i.subject, i.snippet, i.received_at,
    COALESCE(i.contact_id, 0), COALESCE(c.name, ''), i.matched_by, i.unsure, i.review
FROM inbox i LEFT JOIN contacts c ON c.id = i.contact_id
ORDER BY i.received_at DESC, i.id DESC LIMIT ?;

-- name: inbox-of-contact
SELECT i.id, i.message_id, i.class, i.stop, i.phrase, i.sender, i.subject, i.snippet, i.received_at,
    COALESCE(i.contact_id, 0), COALESCE(c.name, ''), i.matched_by, i.unsure, i.review
FROM inbox i LEFT JOIN contacts c ON c.id = i.contact_id
WHERE i.contact_id = ?
ORDER BY i.received_at DESC, i.id DESC;

-- name: list-open-requests
-- The open requests, soonest due first, with the assignee and the rep who
-- holds the contact (on one rep's file: who imported it, else who obtained
-- its first source).
SELECT r.id, r.kind, COALESCE(r.contact_id, 0), r.contact_ref, COALESCE(c.name, ''), r.received_at, r.due_at,
    COALESCE(r.assignee_id, 0), COALESCE(a.name, ''), COALESCE(a.email, ''),
    COALESCE((SELECT rp.name FROM sources s JOIN import_batches b ON b.id = s.batch_id JOIN reps rp ON rp.id = b.rep_id
              WHERE s.contact_id = r.contact_id ORDER BY s.id LIMIT 1),
             (SELECT s.obtained_by FROM sources s WHERE s.contact_id = r.contact_id ORDER BY s.id LIMIT 1), '')
FROM rights_requests r LEFT JOIN contacts c ON c.id = r.contact_id LEFT JOIN reps a ON a.id = r.assignee_id
WHERE r.answered_at IS NULL
ORDER BY r.due_at, r.id;

-- name: request-assignee
-- Who an open request is with now (0: nobody yet).
SELECT COALESCE(assignee_id, 0) FROM rights_requests WHERE id = ? AND answered_at IS NULL;

-- name: assign-request
-- Gives an open request to a rep; its ref and kind are returned for the log.
UPDATE rights_requests SET assignee_id = ?2 WHERE id = ?1 AND answered_at IS NULL
RETURNING contact_ref, kind, COALESCE(contact_id, 0);

-- name: list-pending-consents
SELECT p.id, p.contact_id, c.name, p.purpose, p.evidence, p.proposed_at, COALESCE(i.snippet, '')
FROM consent_proposals p JOIN contacts c ON c.id = p.contact_id LEFT JOIN inbox i ON i.id = p.inbox_id
WHERE p.state = 'pending'
ORDER BY p.proposed_at, p.id;

-- name: pending-consent-by-id
SELECT p.contact_id, c.ref, p.purpose, p.evidence, p.reply_text, p.told, COALESCE(i.received_at, p.proposed_at)
FROM consent_proposals p JOIN contacts c ON c.id = p.contact_id LEFT JOIN inbox i ON i.id = p.inbox_id
WHERE p.id = ? AND p.state = 'pending';

-- name: decide-consent
UPDATE consent_proposals SET state = ?, decided_at = ?, decided_by = ? WHERE id = ? AND state = 'pending';

-- name: delete-stranger-reply
-- Deletes a reply that matched no contact (a stranger's), and nothing else.
DELETE FROM inbox WHERE id = ? AND contact_id IS NULL;

-- name: review-pending-of
-- When the oldest reply of a contact that may be an opt-out came in, while
-- the rep has not yet decided it.
SELECT MIN(received_at) FROM inbox WHERE contact_id = ? AND review = 'pending';

-- name: reply-for-review
SELECT i.contact_id, c.ref, COALESCE(c.email, ''), c.status, i.stop, i.sender, i.matched_by
FROM inbox i JOIN contacts c ON c.id = i.contact_id
WHERE i.id = ? AND i.review = 'pending';

-- name: settle-review
UPDATE inbox SET review = ?, reviewed_by = ? WHERE id = ? AND review = 'pending';

-- name: withdraw-consents
-- Withdraws every unwithdrawn consent of one purpose of a contact.
UPDATE consents SET withdrawn_at = ?, withdrawal = ?
WHERE contact_id = ? AND purpose = ? AND withdrawn_at IS NULL;

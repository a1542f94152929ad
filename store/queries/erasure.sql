-- Erasure that keeps its word: every address a contact has had, replies
-- kept before the sender was a contact, and the work an erasure leaves
-- outside the database.

-- name: insert-contact-address
INSERT INTO contact_addresses (contact_id, hash, email) VALUES (?, ?, ?) ON CONFLICT DO NOTHING;

-- name: addresses-of
-- Every address a contact has had.
SELECT hash, email FROM contact_addresses WHERE contact_id = ? ORDER BY email;

-- name: contact-by-address-hash
-- The contact that once had the address with this hash (the newest one when
-- two had it).
SELECT c.id, c.ref, COALESCE(c.email, ''), c.status
FROM contact_addresses a JOIN contacts c ON c.id = a.contact_id
WHERE a.hash = ?
ORDER BY c.id DESC LIMIT 1;

-- name: import-contact-addresses
-- The addresses of the contacts an import created (ids above ?1).
INSERT INTO contact_addresses (contact_id, hash, email)
SELECT id, email_hash, email FROM contacts
WHERE id > ?1 AND email IS NOT NULL AND email_hash IS NOT NULL
ON CONFLICT DO NOTHING;

-- name: merge-drop-shared-addresses
-- Before a merge moves the dropped contact's addresses (?2) to the kept one
-- (?1): those the kept one has too.
DELETE FROM contact_addresses
WHERE contact_id = ?2 AND hash IN (SELECT hash FROM contact_addresses WHERE contact_id = ?1);

-- name: stranger-replies-from
-- Replies kept from an address that was no contact's (ASCII case folded
-- here; the caller compares the match keys exactly).
SELECT id, sender FROM inbox WHERE contact_id IS NULL AND sender = ? COLLATE NOCASE;

-- name: link-reply
-- Gives a stranger's reply to the contact it turned out to be from; one
-- that said stop waits for the rep's decision.
UPDATE inbox SET contact_id = ?2, matched_by = 'sender',
    review = CASE WHEN stop != '' AND review = '' THEN 'pending' ELSE review END
WHERE id = ?1 AND contact_id IS NULL;

-- name: stranger-senders
-- Every address that replies were kept from without a contact.
SELECT DISTINCT sender FROM inbox WHERE contact_id IS NULL AND sender != '';

-- name: erasure-messages
-- The Message-IDs of a contact's messages, whether a copy may have been
-- filed in the Sent folder, and the rep who wrote each.
SELECT message_id, sent_copy != '', rep_id FROM messages
WHERE contact_id = ? AND message_id IS NOT NULL AND message_id != '';

-- name: erasure-replies
-- The mailbox and Message-ID of each reply of a contact legit read, and the
-- rep whose mailbox it is (0: one rep's file keeps no rep per reply).
SELECT mailbox, message_id, 0 FROM inbox WHERE contact_id = ?;

-- name: insert-pending-erasure
INSERT INTO pending_erasures (contact_ref, created_at, outbox, mailbox) VALUES (?, ?, ?, ?)
RETURNING id;

-- name: list-pending-erasures
SELECT id, contact_ref, created_at, outbox, mailbox, attempts, last_error, tried_at
FROM pending_erasures ORDER BY id;

-- name: pending-erasure-by-id
SELECT contact_ref, outbox, mailbox FROM pending_erasures WHERE id = ?;

-- name: outbox-erased
UPDATE pending_erasures SET outbox = '' WHERE id = ?;

-- name: mailbox-erased
UPDATE pending_erasures SET mailbox = '' WHERE id = ?;

-- name: mailbox-failed
UPDATE pending_erasures SET attempts = attempts + 1, last_error = ?2, tried_at = ?3 WHERE id = ?1;

-- name: delete-finished-erasure
DELETE FROM pending_erasures WHERE id = ? AND outbox = '' AND mailbox = '';

-- name: count-pending-mailbox
SELECT COUNT(*) FROM pending_erasures WHERE mailbox != '';

-- name: contacts-with-address-hash
-- The contacts that hold the address with this hash, now or before.
SELECT id FROM contacts WHERE email_hash = ?1
UNION
SELECT contact_id FROM contact_addresses WHERE hash = ?1;

-- name: unsent-by-rep
-- Per rep, a contact's drafts (failed sends included) and queued messages.
SELECT rep_id, SUM(CASE WHEN state = 'queued' THEN 0 ELSE 1 END), SUM(CASE WHEN state = 'queued' THEN 1 ELSE 0 END)
FROM messages WHERE contact_id = ? AND state IN ('draft', 'failed', 'queued')
GROUP BY rep_id ORDER BY rep_id;

-- name: insert-erasure-notice
INSERT INTO erasure_notices (rep_id, contact_ref, reason, erased_at, drafts, queued) VALUES (?, ?, ?, ?, ?, ?);

-- name: unshown-erasure-notices
-- What a rep has not yet been told of erasures that removed their drafts.
SELECT id, contact_ref, reason, erased_at, drafts, queued FROM erasure_notices
WHERE rep_id = ? AND shown_at IS NULL ORDER BY id;

-- name: erasure-notice-shown
UPDATE erasure_notices SET shown_at = ?2 WHERE id = ?1 AND shown_at IS NULL;

-- Data-subject rights: access (export), erasure, rectification, merging and retention.

-- name: assessments-history-of
-- Every legitimate-interest assessment of one contact, oldest first.
SELECT purpose, necessity, balancing, author, created_at
FROM assessments WHERE contact_id = ? ORDER BY id;

-- name: messages-of
-- Every message to one contact, drafts included, oldest first.
SELECT id, COALESCE(message_id, ''), subject, body, state, created_at, sent_at
FROM messages WHERE contact_id = ? ORDER BY created_at, id;

-- name: events-about
-- Every log event about a contact ref, and about refs merged into it.
SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events
WHERE contact_ref = ?1
   OR contact_ref IN (SELECT json_extract(details, '$.merged_ref') FROM events
                      WHERE kind = 'merge' AND contact_ref = ?1)
ORDER BY id;

-- name: contact-last-reply
-- When one contact last replied, if ever.
SELECT last_reply_at FROM contacts WHERE id = ?;

-- name: note-reply
-- Records a reply from the contact, keeping the latest time.
UPDATE contacts SET last_reply_at = ?2
WHERE id = ?1 AND (last_reply_at IS NULL OR last_reply_at < ?2);

-- name: activity
-- Per contact: the last reply and an open erasure request.
SELECT c.id, c.last_reply_at,
    (SELECT MIN(r.received_at) FROM rights_requests r
     WHERE r.contact_id = c.id AND r.kind = 'erasure' AND r.answered_at IS NULL)
FROM contacts c;

-- name: erasure-asked
-- When the contact asked for erasure, if that request is still open.
SELECT MIN(received_at) FROM rights_requests
WHERE contact_id = ? AND kind = 'erasure' AND answered_at IS NULL;

-- name: contact-referencing-tables
-- Every table with a foreign key to contacts, its column and its ON DELETE action.
SELECT m.name, f."from", f.on_delete
FROM sqlite_master m, pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND f."table" = 'contacts'
ORDER BY m.name;

-- name: delete-contact
DELETE FROM contacts WHERE id = ?;

-- name: rectify-contact
-- Writes every editable field of a contact.
UPDATE contacts SET name = ?2, email = ?3, email_key = ?4, email_hash = ?5, company = ?6, position = ?7,
    country = ?8, language = ?9, relationship = ?10, updated_at = ?11, legal_form = ?12
WHERE id = ?1;

-- name: merge-into
-- Fills the kept contact from the dropped one: empty fields, the earliest
-- notice, the latest reply and the status that ends outreach.
UPDATE contacts SET
    company = CASE WHEN company = '' THEN ?2 ELSE company END,
    position = CASE WHEN position = '' THEN ?3 ELSE position END,
    country = CASE WHEN country = '' THEN ?4 ELSE country END,
    language = CASE WHEN language = '' THEN ?5 ELSE language END,
    status = ?6, informed_at = ?7, last_reply_at = ?8, updated_at = ?9
WHERE id = ?1;

-- name: copy-basis
-- Gives the kept contact the dropped one's basis when it has none.
UPDATE contacts SET (basis_kind, basis_author, basis_at, purchase, purchase_at) =
    (SELECT basis_kind, basis_author, basis_at, purchase, purchase_at FROM contacts WHERE id = ?2)
WHERE id = ?1 AND basis_kind = '';

-- name: answer-request
-- Marks one open request answered; its ref and kind are returned for the log.
-- An erasure request of a contact still held is answered only by erasing.
UPDATE rights_requests SET answered_at = ?2
WHERE id = ?1 AND answered_at IS NULL AND NOT (kind = 'erasure' AND contact_id IS NOT NULL)
RETURNING contact_ref, kind;

-- name: answer-requests
-- Marks a contact's open requests of one kind answered (an export answers
-- access, an erasure answers erasure).
UPDATE rights_requests SET answered_at = ?4
WHERE (contact_id = ?1 OR contact_ref = ?2) AND kind = ?3 AND answered_at IS NULL;

-- name: mentions-of
-- The other contacts whose source detail names this person (an introduction,
-- say): an erasure leaves those words where they are.
SELECT DISTINCT c.name FROM sources s JOIN contacts c ON c.id = s.contact_id
WHERE s.contact_id != ?1 AND ?2 != '' AND instr(lower(s.detail), lower(?2)) > 0
ORDER BY c.name;

-- name: access-due
-- When the contact's oldest open access request must be answered, if any.
SELECT MIN(due_at) FROM rights_requests
WHERE contact_id = ? AND kind = 'access' AND answered_at IS NULL;

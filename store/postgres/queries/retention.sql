-- The retention queries that differ on PostgreSQL: the order is lower(name),
-- id (the contacts_name index), as list-contacts; the ids come as a JSON
-- array of text.

-- name: retention-page
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.relationship, c.status, c.basis_kind,
    c.purchase_at, c.last_reply_at,
    (SELECT MIN(r.received_at) FROM rights_requests r
        WHERE r.answered_at IS NULL AND r.contact_id = c.id AND r.kind = 'erasure'),
    (SELECT MAX(s.obtained_at) FROM sources s WHERE s.contact_id = c.id),
    (SELECT MAX(k.granted_at) FROM consents k WHERE k.contact_id = c.id)
FROM contacts c
WHERE (lower(c.name), c.id) > (lower(?1), ?2)
    AND (?4 = 0 OR c.id IN (SELECT r.contact_id FROM rights_requests r
        WHERE r.kind = 'erasure' AND r.answered_at IS NULL AND r.contact_id IS NOT NULL))
ORDER BY lower(c.name), c.id
LIMIT ?3;

-- name: retention-page-consents
SELECT contact_id, purpose, granted_at, withdrawn_at
FROM consents WHERE contact_id IN (SELECT value::bigint FROM json_array_elements_text(?::json))
ORDER BY contact_id, granted_at, id;

-- The retention rule's inputs a page at a time (EachForRetention, retention.go).

-- Each contact's columns the rule and the listing read, when it asked for
-- erasure, and the latest dates of its sources and consents: ?1, ?2 the name
-- and id of the row before the page ('' and 0 for the first), ?3 the rows
-- wanted; ?4 1 for only the contacts with an open erasure request, 0 for
-- every contact. A contact's open erasure request is found through
-- rights_requests_open (the open requests only): rights_requests has no
-- index on contact_id.
-- name: retention-page
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.relationship, c.status, c.basis_kind,
    c.purchase_at, c.last_reply_at,
    (SELECT MIN(r.received_at) FROM rights_requests r
        WHERE r.answered_at IS NULL AND r.contact_id = c.id AND r.kind = 'erasure'),
    (SELECT MAX(s.obtained_at) FROM sources s WHERE s.contact_id = c.id),
    (SELECT MAX(k.granted_at) FROM consents k WHERE k.contact_id = c.id)
FROM contacts c
WHERE c.name COLLATE NOCASE >= ?1 AND (c.name COLLATE NOCASE, c.id) > (?1, ?2)
    AND (?4 = 0 OR c.id IN (SELECT r.contact_id FROM rights_requests r
        WHERE r.kind = 'erasure' AND r.answered_at IS NULL AND r.contact_id IS NOT NULL))
ORDER BY c.name COLLATE NOCASE, c.id
LIMIT ?3;

-- The consents of a page's contacts whose basis is consent (the rule asks
-- whether one to marketing is still given): ? is a JSON array of their ids.
-- name: retention-page-consents
SELECT contact_id, purpose, granted_at, withdrawn_at
FROM consents WHERE contact_id IN (SELECT value FROM json_each(?))
ORDER BY contact_id, granted_at, id;

-- The list queries that differ on PostgreSQL: the order is lower(name), id
-- (the contacts_name index), as list-contacts.

-- name: list-page
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis, c.list_source, c.list_notice_from, c.list_notice_handed, c.list_needs_basis, c.list_basis_lapses
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE (?5 = 0
        OR (?5 = 1 AND (c.list_needs_basis = 1 OR c.list_basis_lapses < ?1) AND c.status = 'active' AND s.hash IS NULL)
        OR (?5 = 2 AND c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))
        OR (?5 = 3 AND c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3))
        OR (?5 = 4 AND (c.status <> 'active' OR s.hash IS NOT NULL)))
    AND (?6 = '%' OR c.list_search LIKE ?6 ESCAPE '\')
    AND (lower(c.name), c.id) > (lower(?7), ?8)
ORDER BY lower(c.name), c.id
LIMIT ?9 OFFSET ?10;

-- name: list-position
SELECT COUNT(*)
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE (?5 = 0
        OR (?5 = 1 AND (c.list_needs_basis = 1 OR c.list_basis_lapses < ?1) AND c.status = 'active' AND s.hash IS NULL)
        OR (?5 = 2 AND c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))
        OR (?5 = 3 AND c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3))
        OR (?5 = 4 AND (c.status <> 'active' OR s.hash IS NOT NULL)))
    AND (?6 = '%' OR c.list_search LIKE ?6 ESCAPE '\')
    AND (lower(c.name), c.id) < (lower(?7), ?8);

-- name: list-due
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis, c.list_source, c.list_notice_from, c.list_notice_handed, c.list_needs_basis, c.list_basis_lapses
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE (?5 = 2 AND c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))
    OR (?5 = 3 AND c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3))
    OR (?5 = 5 AND (c.list_notice_from IS NULL OR (c.informed_at IS NULL
            AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND NOT (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))))
ORDER BY c.list_notice_from IS NULL,
    CASE WHEN ?6 > 0 THEN least(c.list_notice_due, to_char(c.list_notice_from::date + ?6::integer, 'YYYY-MM-DD') COLLATE "C")
        ELSE c.list_notice_due END,
    lower(c.name), c.id;

-- name: list-set-rule
-- A member may not write meta nor mark a colleague's contacts: the server
-- marks every contact stale and records the version when it changed
-- (migration 0013), and says whether it did.
SELECT legit_list_rule(?);

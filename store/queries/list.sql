-- The contact list as a query (list.go). Every list query takes the same
-- first six parameters:
--   ?1 today, ?2 today + 7 days (notice.WarnDays), as YYYY-MM-DD
--   ?3 today - the reminder days, ?4 today + 7 - the reminder days, or ''
--      when no shorter reminder is set (a date is never less than '')
--   ?5 the tab: 0 all, 1 needs basis, 2 due soon, 3 overdue, 4 stopped
--   ?6 the LIKE pattern of the folded filter text, '%' for none
-- (list-due: the first five, then the reminder days), and the tabs decide as ui.Filter.Match does in Go (TestListAgreesWithGo):
--   stopped    status is not active, or the address is suppressed
--   needs      list_needs_basis, or list_basis_lapses before today; and
--              not stopped
--   overdue    not informed, and the legal due date or the reminder date
--              (list_notice_from + reminder days) before today
--   due soon   not informed, not overdue, and one of them at most 7 days on

-- name: list-counts
SELECT COUNT(*),
    COUNT(*) FILTER (WHERE (c.list_needs_basis = 1 OR c.list_basis_lapses < ?1) AND c.status = 'active' AND s.hash IS NULL),
    COUNT(*) FILTER (WHERE c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
        AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4)),
    COUNT(*) FILTER (WHERE c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3)),
    COUNT(*) FILTER (WHERE c.status <> 'active' OR s.hash IS NOT NULL),
    COUNT(*) FILTER (WHERE c.informed_at IS NOT NULL AND c.list_notice_from IS NOT NULL),
    COUNT(*) FILTER (WHERE (?5 = 0
        OR (?5 = 1 AND (c.list_needs_basis = 1 OR c.list_basis_lapses < ?1) AND c.status = 'active' AND s.hash IS NULL)
        OR (?5 = 2 AND c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))
        OR (?5 = 3 AND c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3))
        OR (?5 = 4 AND (c.status <> 'active' OR s.hash IS NOT NULL)))
        AND (?6 = '%' OR c.list_search LIKE ?6 ESCAPE '\'))
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash;

-- name: list-page
-- ?7, ?8: the name and id of the row before the page ('' and 0 for the
-- first); ?9 the rows wanted; ?10 rows to skip first. The name alone is
-- said again as a bound of its own: SQLite starts the index walk there
-- (it does not for the row value).
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
    AND c.name COLLATE NOCASE >= ?7 AND (c.name COLLATE NOCASE, c.id) > (?7, ?8)
ORDER BY c.name COLLATE NOCASE, c.id
LIMIT ?9 OFFSET ?10;

-- name: list-position
-- ?7, ?8: the name and id of a row; how many rows come before it.
SELECT COUNT(*)
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE (?5 = 0
        OR (?5 = 1 AND (c.list_needs_basis = 1 OR c.list_basis_lapses < ?1) AND c.status = 'active' AND s.hash IS NULL)
        OR (?5 = 2 AND c.informed_at IS NULL AND NOT (c.list_notice_due < ?1 OR c.list_notice_from < ?3)
            AND (c.list_notice_due <= ?2 OR c.list_notice_from <= ?4))
        OR (?5 = 3 AND c.informed_at IS NULL AND (c.list_notice_due < ?1 OR c.list_notice_from < ?3))
        OR (?5 = 4 AND (c.status <> 'active' OR s.hash IS NOT NULL)))
    AND (?6 = '%' OR c.list_search LIKE ?6 ESCAPE '\')
    AND c.name COLLATE NOCASE <= ?7 AND (c.name COLLATE NOCASE, c.id) < (?7, ?8);

-- name: list-due
-- The rows of one deadline group, most urgent first (as ui.GroupDeadlines
-- sorts them): ?5 is 3 overdue, 2 due this week, 5 later (more time, or no
-- source to run the clock: those last); ?6 the reminder days. Ties keep the
-- list's order.
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
    CASE WHEN ?6 > 0 THEN min(c.list_notice_due, date(c.list_notice_from, '+' || ?6 || ' days')) ELSE c.list_notice_due END,
    c.name COLLATE NOCASE, c.id;

-- name: list-any-stale
SELECT 1 FROM contacts WHERE list_search IS NULL LIMIT 1;

-- name: list-stale
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE c.list_search IS NULL
ORDER BY c.id LIMIT ?;

-- name: list-stale-sources
SELECT contact_id, kind, obtained_at FROM sources
WHERE contact_id IN (SELECT id FROM contacts WHERE list_search IS NULL ORDER BY id LIMIT ?)
ORDER BY contact_id, obtained_at, id;

-- name: list-set
UPDATE contacts SET list_search = ?, list_needs_basis = ?, list_basis_lapses = ?, list_source = ?,
    list_notice_from = ?, list_notice_handed = ?, list_notice_due = ?
WHERE id = ?;

-- name: list-all-stale
UPDATE contacts SET list_search = NULL WHERE list_search IS NOT NULL;

-- name: list-rule
SELECT value FROM meta WHERE key = 'list_rule';

-- name: list-set-rule
INSERT INTO meta (key, value) VALUES ('list_rule', ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value;

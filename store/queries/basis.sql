-- The lawful basis of a contact, assessment templates and the notice state.

-- name: update-basis
-- Replaces a contact's basis columns; the relationship is passed through.
UPDATE contacts SET basis_kind = ?, basis_author = ?, basis_at = ?, purchase = ?, purchase_at = ?,
    relationship = ?, updated_at = ?, address_from_sale = ?, objection_offered_at = ?
WHERE id = ?;

-- name: contact-ref-by-id
SELECT ref, relationship FROM contacts WHERE id = ?;

-- name: mark-informed
-- Records the first notice; a contact already informed keeps its date. The
-- basis the notice described is kept to know when it must be given again.
UPDATE contacts SET informed_at = COALESCE(informed_at, ?), updated_at = ?, informed_basis = ? WHERE id = ?;

-- name: upsert-template
INSERT INTO assessment_templates (segment, purpose, necessity, balancing, author, updated_at)
VALUES (?, ?, ?, ?, ?, ?)
ON CONFLICT(segment) DO UPDATE SET purpose = excluded.purpose, necessity = excluded.necessity,
    balancing = excluded.balancing, author = excluded.author, updated_at = excluded.updated_at;

-- name: list-templates
SELECT segment, purpose, necessity, balancing, author, updated_at
FROM assessment_templates ORDER BY segment COLLATE NOCASE;

-- name: template-by-segment
SELECT segment, purpose, necessity, balancing, author, updated_at
FROM assessment_templates WHERE segment = ?;

-- name: contacts-named-in
-- Other contacts whose name, company or first name occurs in ?2 (a
-- legitimate-interest assessment about contact ?1); the caller checks the
-- words. A scan in SQL, not in Go: it reads only the few that match.
SELECT id, name, company FROM contacts
WHERE id != ?1 AND (
    instr(lower(?2), lower(name)) > 0
    OR (company != '' AND instr(lower(?2), lower(company)) > 0)
    OR (instr(name, ' ') > 4 AND instr(?2, substr(name, 1, instr(name, ' ') - 1)) > 0))
LIMIT 50;

-- Contacts, their sources, assessments and consents.

-- name: insert-contact
INSERT INTO contacts (ref, name, email, email_key, email_hash, company, position, country, language,
    relationship, status, basis_kind, basis_author, basis_at, purchase, purchase_at, informed_at, created_at, updated_at,
    legal_form, address_from_sale, objection_offered_at, informed_basis)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: insert-source
INSERT INTO sources (contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
VALUES (?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: insert-assessment
INSERT INTO assessments (contact_id, purpose, necessity, balancing, author, created_at)
VALUES (?, ?, ?, ?, ?, ?);

-- name: insert-consent
INSERT INTO consents (contact_id, purpose, evidence, granted_at, withdrawn_at, channel, told, reference, reply_text)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: contact-id-by-key
SELECT id FROM contacts WHERE email_key = ?;

-- name: count-contacts
SELECT COUNT(*) FROM contacts;

-- name: list-contacts
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
ORDER BY c.name COLLATE NOCASE, c.id;

-- name: contact-by-id
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
WHERE c.id = ?;

-- name: list-sources
SELECT s.contact_id, s.id, s.kind, s.detail, s.obtained_at, s.obtained_by, COALESCE(s.batch_id, 0),
    COALESCE(b.file_name, ''), s.line
FROM sources s LEFT JOIN import_batches b ON b.id = s.batch_id
ORDER BY s.contact_id, s.obtained_at, s.id;

-- name: sources-of
SELECT s.contact_id, s.id, s.kind, s.detail, s.obtained_at, s.obtained_by, COALESCE(s.batch_id, 0),
    COALESCE(b.file_name, ''), s.line
FROM sources s LEFT JOIN import_batches b ON b.id = s.batch_id
WHERE s.contact_id = ?
ORDER BY s.obtained_at, s.id;

-- name: list-latest-assessments
SELECT a.contact_id, a.purpose, a.necessity, a.balancing
FROM assessments a
WHERE a.id = (SELECT MAX(id) FROM assessments WHERE contact_id = a.contact_id);

-- name: latest-assessment-of
SELECT contact_id, purpose, necessity, balancing
FROM assessments WHERE contact_id = ? ORDER BY id DESC LIMIT 1;

-- name: list-consents
SELECT contact_id, id, purpose, evidence, granted_at, withdrawn_at, channel, told, reference, reply_text, withdrawal
FROM consents ORDER BY contact_id, granted_at, id;

-- name: consents-of
SELECT contact_id, id, purpose, evidence, granted_at, withdrawn_at, channel, told, reference, reply_text, withdrawal
FROM consents WHERE contact_id = ? ORDER BY granted_at, id;

-- The queries PostgreSQL runs differently from SQLite; every other query of
-- store/queries runs on both engines as written (placeholders are rebound).

-- name: list-contacts
SELECT c.id, c.ref, c.name, COALESCE(c.email, ''), c.company, c.position, c.country, c.language,
    c.relationship, c.status, c.basis_kind, c.basis_author, c.basis_at, c.purchase, c.purchase_at,
    c.informed_at, c.created_at, s.hash IS NOT NULL, c.legal_form, c.address_from_sale, c.objection_offered_at,
    c.informed_basis
FROM contacts c LEFT JOIN suppressions s ON s.hash = c.email_hash
ORDER BY lower(c.name), c.id;

-- name: list-templates
SELECT segment, purpose, necessity, balancing, author, updated_at
FROM assessment_templates ORDER BY lower(segment);

-- name: stranger-replies-from
SELECT id, sender FROM inbox WHERE contact_id IS NULL AND lower(sender) = lower(?);

-- name: events-about
SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events
WHERE contact_ref = ?1
   OR contact_ref IN (SELECT details_json->>'merged_ref' FROM events
                      WHERE kind = 'merge' AND contact_ref = ?1)
ORDER BY id;

-- name: contact-referencing-tables
-- Every table with a foreign key to contacts, its column and its ON DELETE action.
SELECT tc.table_name, kcu.column_name, rc.delete_rule
FROM information_schema.referential_constraints rc
JOIN information_schema.table_constraints tc
    ON tc.constraint_name = rc.constraint_name AND tc.constraint_schema = rc.constraint_schema
JOIN information_schema.key_column_usage kcu
    ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
JOIN information_schema.constraint_column_usage ccu
    ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
WHERE ccu.table_name = 'contacts' AND tc.table_schema = current_schema()
ORDER BY tc.table_name;

-- name: import-big-cache
SELECT 1;

-- name: import-default-cache
SELECT 1;

-- name: last-event
-- The team's last link, for every role (a rep sees only some events).
SELECT id, hash FROM legit_last_event();

-- name: suppression-by-hash
-- The entry under one hash, for every role (no rep reads the list).
SELECT reason, created_at FROM legit_suppression(?);

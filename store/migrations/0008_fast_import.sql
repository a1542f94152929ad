-- 0008: contacts and sources rebuilt so that a 30,000-row import stays fast.
-- The rows and their meaning are unchanged; what changes:
--   * CHECK constraints are written as OR chains. SQLite evaluates an
--     IN (...) list in a CHECK by building a small table for every row,
--     which made the checks half the cost of inserting a contact.
--   * email_key is unique only where it is set: contacts without an address
--     (most LinkedIn rows) no longer fill its index with NULLs.
--   * email_hash loses its index: every query reaches the suppression list
--     from the contact (by the list's own key), none looks a contact up by
--     its hash, and the index cost a random insert per address.
-- Run with foreign keys off (see migrate.go), as SQLite's guide to
-- changing a table asks, and checked with foreign_key_check before commit.

CREATE TABLE contacts_new (
    id            INTEGER PRIMARY KEY,
    ref           TEXT NOT NULL UNIQUE,           -- pseudonymous reference for the log
    name          TEXT NOT NULL,
    email         TEXT,                           -- normalised; NULL when unknown
    email_key     TEXT,                           -- lower-cased email, the duplicate key
    email_hash    TEXT,                           -- keyed hash, joins the suppression list
    company       TEXT NOT NULL DEFAULT '',
    position      TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    language      TEXT NOT NULL DEFAULT '',
    relationship  TEXT NOT NULL DEFAULT 'prospect'
        CHECK (relationship = 'prospect' OR relationship = 'customer' OR relationship = 'dormant'),
    status        TEXT NOT NULL DEFAULT 'active'
        CHECK (status = 'active' OR status = 'opted_out' OR status = 'objected' OR status = 'undeliverable'),
    basis_kind    TEXT NOT NULL DEFAULT ''
        CHECK (basis_kind = '' OR basis_kind = 'legitimate_interest' OR basis_kind = 'existing_customer' OR basis_kind = 'consent'),
    basis_author  TEXT NOT NULL DEFAULT '',
    basis_at      TEXT,
    purchase      TEXT NOT NULL DEFAULT '',
    purchase_at   TEXT,
    informed_at   TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    last_reply_at TEXT
);
INSERT INTO contacts_new (id, ref, name, email, email_key, email_hash, company, position, country, language,
    relationship, status, basis_kind, basis_author, basis_at, purchase, purchase_at, informed_at,
    created_at, updated_at, last_reply_at)
SELECT id, ref, name, email, email_key, email_hash, company, position, country, language,
    relationship, status, basis_kind, basis_author, basis_at, purchase, purchase_at, informed_at,
    created_at, updated_at, last_reply_at
FROM contacts;
DROP TABLE contacts;
ALTER TABLE contacts_new RENAME TO contacts;
CREATE UNIQUE INDEX contacts_email_key ON contacts(email_key) WHERE email_key IS NOT NULL;

CREATE TABLE sources_new (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind = 'linkedin' OR kind = 'business_card' OR kind = 'event'
        OR kind = 'referral' OR kind = 'website' OR kind = 'directory' OR kind = 'manual'),
    detail      TEXT NOT NULL,
    obtained_at TEXT NOT NULL,
    obtained_by TEXT NOT NULL,
    batch_id    INTEGER REFERENCES import_batches(id),
    line        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO sources_new (id, contact_id, kind, detail, obtained_at, obtained_by, batch_id, line)
SELECT id, contact_id, kind, detail, obtained_at, obtained_by, batch_id, line FROM sources;
DROP TABLE sources;
ALTER TABLE sources_new RENAME TO sources;
CREATE INDEX sources_contact ON sources(contact_id);

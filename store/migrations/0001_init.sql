-- 0001: the first schema. Times are RFC 3339 text in UTC.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

CREATE TABLE reps (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE import_batches (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    format        TEXT NOT NULL,
    rep_id        INTEGER NOT NULL REFERENCES reps(id),
    started_at    TEXT NOT NULL,
    rows_imported INTEGER NOT NULL DEFAULT 0,
    rows_merged   INTEGER NOT NULL DEFAULT 0,
    rows_skipped  INTEGER NOT NULL DEFAULT 0,
    rows_bad      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    ref          TEXT NOT NULL UNIQUE,           -- pseudonymous reference for the log
    name         TEXT NOT NULL,
    email        TEXT,                           -- normalised; NULL when unknown
    email_key    TEXT UNIQUE,                    -- lower-cased email, the duplicate key
    email_hash   TEXT,                           -- keyed hash, joins the suppression list
    company      TEXT NOT NULL DEFAULT '',
    position     TEXT NOT NULL DEFAULT '',
    country      TEXT NOT NULL DEFAULT '',
    language     TEXT NOT NULL DEFAULT '',
    relationship TEXT NOT NULL DEFAULT 'prospect' CHECK (relationship IN ('prospect', 'customer', 'dormant')),
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'opted_out', 'objected', 'undeliverable')),
    basis_kind   TEXT NOT NULL DEFAULT '' CHECK (basis_kind IN ('', 'legitimate_interest', 'existing_customer', 'consent')),
    basis_author TEXT NOT NULL DEFAULT '',
    basis_at     TEXT,
    purchase     TEXT NOT NULL DEFAULT '',
    purchase_at  TEXT,
    informed_at  TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX contacts_email_hash ON contacts(email_hash);

CREATE TABLE sources (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('linkedin', 'business_card', 'event', 'referral', 'website', 'directory', 'manual')),
    detail      TEXT NOT NULL,
    obtained_at TEXT NOT NULL,
    obtained_by TEXT NOT NULL,
    batch_id    INTEGER REFERENCES import_batches(id),
    line        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sources_contact ON sources(contact_id);

CREATE TABLE assessments (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    necessity  TEXT NOT NULL,
    balancing  TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX assessments_contact ON assessments(contact_id, id);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL CHECK (purpose IN ('marketing', 'tracking')),
    evidence     TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    withdrawn_at TEXT
);
CREATE INDEX consents_contact ON consents(contact_id);

CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    rep_id      INTEGER NOT NULL REFERENCES reps(id),
    message_id  TEXT UNIQUE,
    subject     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    raw         BLOB,
    notice_form TEXT NOT NULL DEFAULT '' CHECK (notice_form IN ('', 'long', 'short')),
    tracking    INTEGER NOT NULL DEFAULT 0,
    state       TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'sending', 'sent', 'unknown', 'failed')),
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX messages_contact ON messages(contact_id);
CREATE INDEX messages_rep_sent ON messages(rep_id, sent_at);

-- The outreach log: append-only, each event chained to the one before by hash.
-- contact_ref is the contact's pseudonymous ref, never a name or an address.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    rep         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    contact_ref TEXT NOT NULL DEFAULT '',
    details     TEXT NOT NULL DEFAULT '{}',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX events_rep_at ON events(rep, at);
CREATE INDEX events_contact ON events(contact_ref);
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the outreach log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the outreach log is append-only'); END;

-- Keyed hashes of addresses that must never be written to again.
CREATE TABLE suppressions (
    hash       TEXT PRIMARY KEY,
    reason     TEXT NOT NULL CHECK (reason IN ('opt_out', 'objection', 'erasure', 'bounce', 'manual')),
    created_at TEXT NOT NULL
);

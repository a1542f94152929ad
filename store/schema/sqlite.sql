-- The SQLite schema the migrations in store/migrations make, for a new
-- database. Written by: go test ./store -run TestNewSchemaScript -update
-- (do not edit: add a migration, then write this again).
-- schema version: 24

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
, source_kind TEXT NOT NULL DEFAULT '', rows_no_email INTEGER NOT NULL DEFAULT 0);

CREATE TABLE assessments (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    necessity  TEXT NOT NULL,
    balancing  TEXT NOT NULL,
    author     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE consents (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    purpose      TEXT NOT NULL CHECK (purpose IN ('marketing', 'tracking')),
    evidence     TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    withdrawn_at TEXT
, channel TEXT NOT NULL DEFAULT '', told TEXT NOT NULL DEFAULT '', reference TEXT NOT NULL DEFAULT '', reply_text TEXT NOT NULL DEFAULT '', withdrawal TEXT NOT NULL DEFAULT '');

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

CREATE TABLE assessment_templates (
    id         INTEGER PRIMARY KEY,
    segment    TEXT NOT NULL UNIQUE,
    purpose    TEXT NOT NULL,
    necessity  TEXT NOT NULL,
    balancing  TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE log_weeks (
    rep            TEXT NOT NULL,
    week           TEXT NOT NULL,
    first_contacts INTEGER NOT NULL DEFAULT 0,
    notices        INTEGER NOT NULL DEFAULT 0,
    opt_outs       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (rep, week)
) WITHOUT ROWID;

CREATE TABLE sync_state (
    mailbox      TEXT PRIMARY KEY,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    synced_at    TEXT NOT NULL
);

CREATE TABLE rights_requests (
    id          INTEGER PRIMARY KEY,
    inbox_id    INTEGER UNIQUE REFERENCES inbox(id) ON DELETE SET NULL,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    contact_ref TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('erasure', 'access')),
    received_at TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    answered_at TEXT
, assignee_id INTEGER REFERENCES reps(id));

CREATE TABLE consent_proposals (
    id          INTEGER PRIMARY KEY,
    inbox_id    INTEGER NOT NULL UNIQUE REFERENCES inbox(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('marketing', 'tracking')),
    evidence    TEXT NOT NULL,
    state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'confirmed', 'rejected')),
    proposed_at TEXT NOT NULL,
    decided_at  TEXT,
    decided_by  TEXT NOT NULL DEFAULT ''
, reply_text TEXT NOT NULL DEFAULT '', told TEXT NOT NULL DEFAULT '');

CREATE TABLE "contacts" (
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
, legal_form TEXT NOT NULL DEFAULT ''
    CHECK (legal_form = '' OR legal_form = 'legal_person' OR legal_form = 'sole_trader'), address_from_sale INTEGER NOT NULL DEFAULT 0, objection_offered_at TEXT, informed_basis TEXT NOT NULL DEFAULT '', version INTEGER NOT NULL DEFAULT 1, name_key INTEGER, profile_key INTEGER, list_search TEXT, list_needs_basis INTEGER NOT NULL DEFAULT 1, list_basis_lapses TEXT, list_source TEXT NOT NULL DEFAULT '', list_notice_from TEXT, list_notice_handed INTEGER NOT NULL DEFAULT 0, list_notice_due TEXT);

CREATE TABLE "sources" (
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

CREATE TABLE "inbox" (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    mailbox     TEXT NOT NULL,
    uid         INTEGER NOT NULL,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    matched_by  TEXT NOT NULL DEFAULT '' CHECK (matched_by IN ('', 'sender', 'thread', 'recipient')),
    sender      TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    snippet     TEXT NOT NULL DEFAULT '',
    class       TEXT NOT NULL CHECK (class IN ('opt_out', 'objection', 'erasure', 'access', 'consent', 'withdrawal',
        'out_of_office', 'bounce', 'other')),
    stop        TEXT NOT NULL DEFAULT '' CHECK (stop IN ('', 'opt_out', 'objection')),
    phrase      TEXT NOT NULL DEFAULT '',
    unsure      INTEGER NOT NULL DEFAULT 0,
    review      TEXT NOT NULL DEFAULT '' CHECK (review IN ('', 'pending', 'confirmed', 'overruled')),
    reviewed_by TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    synced_at   TEXT NOT NULL
);

CREATE TABLE "suppressions" (
    hash       TEXT PRIMARY KEY,
    reason     TEXT NOT NULL CHECK (reason IN ('opt_out', 'objection', 'erasure', 'bounce', 'manual', 'withdrawal')),
    created_at TEXT NOT NULL
);

CREATE TABLE contact_addresses (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (contact_id, hash)
) WITHOUT ROWID;

CREATE TABLE pending_erasures (
    id          INTEGER PRIMARY KEY,
    contact_ref TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    outbox      TEXT NOT NULL DEFAULT '', -- JSON list of Message-IDs; '' when done
    mailbox     TEXT NOT NULL DEFAULT '', -- JSON of the mailbox work; '' when done or none
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    tried_at    TEXT
);

CREATE TABLE refusal_registers (
    country     TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    imported_by TEXT NOT NULL
);

CREATE TABLE export_files (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    written_at TEXT NOT NULL
);

CREATE TABLE "messages" (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    rep_id       INTEGER NOT NULL REFERENCES reps(id),
    message_id   TEXT UNIQUE,
    subject      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    raw          BLOB,
    notice_form  TEXT NOT NULL DEFAULT '' CHECK (notice_form IN ('', 'long', 'short')),
    tracking     INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'queued', 'sending', 'sent', 'unknown', 'failed')),
    created_at   TEXT NOT NULL,
    sent_at      TEXT,
    updated_at   TEXT NOT NULL DEFAULT '',
    error        TEXT NOT NULL DEFAULT '',
    sent_copy    TEXT NOT NULL DEFAULT '' CHECK (sent_copy IN ('', 'pending', 'done')),
    transport    TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL DEFAULT 'email' CHECK (kind IN ('email', 'notice', 'access')),
    queued_at    TEXT,
    queue_reason TEXT NOT NULL DEFAULT '',
    confirmed    TEXT NOT NULL DEFAULT '',
    client       TEXT NOT NULL DEFAULT '',
    lease_until  TEXT
, fingerprint BLOB CHECK (fingerprint IS NULL OR length(fingerprint) = 128));

CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    events     INTEGER NOT NULL,
    head       TEXT NOT NULL,
    at         TEXT NOT NULL,
    signer     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

CREATE TABLE erasure_notices (
    id          INTEGER PRIMARY KEY,
    rep_id      INTEGER NOT NULL REFERENCES reps(id),
    contact_ref TEXT NOT NULL,
    reason      TEXT NOT NULL,
    erased_at   TEXT NOT NULL,
    drafts      INTEGER NOT NULL DEFAULT 0,
    queued      INTEGER NOT NULL DEFAULT 0,
    shown_at    TEXT
);

CREATE INDEX assessments_contact ON assessments(contact_id, id);

CREATE INDEX consents_contact ON consents(contact_id);

CREATE INDEX events_rep_at ON events(rep, at);

CREATE INDEX events_at ON events(at);

CREATE INDEX events_kind_at ON events(kind, at);

CREATE INDEX events_contact_at ON events(contact_ref, at);

CREATE INDEX log_weeks_week ON log_weeks(week);

CREATE INDEX rights_requests_open ON rights_requests(answered_at, due_at);

CREATE UNIQUE INDEX contacts_email_key ON contacts(email_key) WHERE email_key IS NOT NULL;

CREATE INDEX inbox_contact ON inbox(contact_id, received_at);

CREATE INDEX inbox_received ON inbox(received_at);

CREATE INDEX contact_addresses_hash ON contact_addresses(hash);

CREATE INDEX inbox_stranger_sender ON inbox(sender COLLATE NOCASE) WHERE contact_id IS NULL;

CREATE INDEX export_files_contact ON export_files(contact_id);

CREATE INDEX messages_rep_sent ON messages(rep_id, sent_at);

CREATE INDEX contacts_name_key ON contacts(name_key);

CREATE INDEX contacts_profile_key ON contacts(profile_key) WHERE profile_key IS NOT NULL;

CREATE INDEX import_batches_sha256 ON import_batches(sha256);

CREATE INDEX contacts_list ON contacts(name COLLATE NOCASE, id, list_search, status, informed_at,
    list_needs_basis, list_basis_lapses, list_notice_due, list_notice_from, email_hash);

CREATE INDEX contacts_list_stale ON contacts(id) WHERE list_search IS NULL;

CREATE INDEX rights_requests_assignee ON rights_requests(assignee_id) WHERE answered_at IS NULL;

CREATE INDEX erasure_notices_unshown ON erasure_notices(rep_id) WHERE shown_at IS NULL;

CREATE INDEX messages_fingerprint_at ON messages(COALESCE(sent_at, queued_at), rep_id, contact_id, kind, state, fingerprint)
    WHERE fingerprint IS NOT NULL;

CREATE INDEX messages_state ON messages(state, sent_at, contact_id, rep_id);

CREATE INDEX messages_contact ON messages(contact_id, state, sent_at, rep_id);

CREATE INDEX contacts_company ON contacts(id, company);

CREATE INDEX sources_contact ON sources(contact_id, obtained_at);

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the outreach log is append-only'); END;

CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the outreach log is append-only'); END;

CREATE TRIGGER events_log_weeks AFTER INSERT ON events
WHEN NEW.kind IN ('send', 'notice', 'suppression') AND json_valid(NEW.details) AND date(NEW.at) IS NOT NULL
BEGIN
    INSERT INTO log_weeks (rep, week, first_contacts, notices, opt_outs)
    VALUES (NEW.rep, date(NEW.at, '-6 days', 'weekday 1'),
        NEW.kind = 'send' AND (json_extract(NEW.details, '$.first') IS 'true' OR json_extract(NEW.details, '$.notice') IS 'long'),
        NEW.kind = 'notice',
        NEW.kind = 'suppression' AND IFNULL(json_extract(NEW.details, '$.reason'), '') IN ('opt_out', 'objection'))
    ON CONFLICT (rep, week) DO UPDATE SET
        first_contacts = first_contacts + excluded.first_contacts,
        notices = notices + excluded.notices,
        opt_outs = opt_outs + excluded.opt_outs;
END;

CREATE TRIGGER contacts_version
AFTER UPDATE OF ref, name, email, email_key, email_hash, company, position, country, language,
    relationship, status, basis_kind, basis_author, basis_at, purchase, purchase_at, informed_at,
    created_at, updated_at, legal_form, address_from_sale, objection_offered_at, informed_basis
ON contacts
FOR EACH ROW WHEN NEW.version = OLD.version
BEGIN
    UPDATE contacts SET version = OLD.version + 1 WHERE id = NEW.id;
END;

CREATE TRIGGER consents_insert_version AFTER INSERT ON consents
BEGIN
    UPDATE contacts SET version = version + 1 WHERE id = NEW.contact_id;
END;

CREATE TRIGGER consents_update_version AFTER UPDATE ON consents
BEGIN
    UPDATE contacts SET version = version + 1 WHERE id IN (OLD.contact_id, NEW.contact_id);
END;

CREATE TRIGGER contacts_name_key AFTER UPDATE OF name, company ON contacts
FOR EACH ROW WHEN NEW.name IS NOT OLD.name OR NEW.company IS NOT OLD.company
BEGIN
    UPDATE contacts SET name_key = NULL WHERE id = NEW.id;
END;

CREATE TRIGGER contacts_list_stale
AFTER UPDATE OF name, email, company, position, country, legal_form, relationship, basis_kind, purchase_at
ON contacts
FOR EACH ROW WHEN NEW.list_search IS NOT NULL
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = NEW.id;
END;

CREATE TRIGGER sources_list_insert AFTER INSERT ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = NEW.contact_id AND list_search IS NOT NULL;
END;

CREATE TRIGGER sources_list_update AFTER UPDATE ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id IN (OLD.contact_id, NEW.contact_id) AND list_search IS NOT NULL;
END;

CREATE TRIGGER sources_list_delete AFTER DELETE ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = OLD.contact_id AND list_search IS NOT NULL;
END;

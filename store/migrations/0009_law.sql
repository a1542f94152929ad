-- 0009: what the country rules, the existing-customer exception, consent
-- evidence and consent withdrawal need, and the classifier's new verdicts.
--   * contacts.legal_form: legal person, sole trader/partnership, or '' (unknown).
--   * contacts.address_from_sale / objection_offered_at: two conditions of the
--     existing-customer exception, checked at every send.
--   * contacts.informed_basis: the basis (kind and purpose) the last full
--     notice described; a change means the long notice goes again.
--   * consents: channel, what the person was told, a reference, the reply's
--     full text, and how a withdrawal reached us.
--   * inbox: class 'withdrawal'; unsure verdicts (suppressed, waiting for the
--     rep) and what the rep decided; the reply's text kept for a consent.
--   * suppressions: reason 'withdrawal'.
-- Run with foreign keys off (see migrate.go); the rebuilt tables keep their ids.

ALTER TABLE contacts ADD COLUMN legal_form TEXT NOT NULL DEFAULT ''
    CHECK (legal_form = '' OR legal_form = 'legal_person' OR legal_form = 'sole_trader');
ALTER TABLE contacts ADD COLUMN address_from_sale INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN objection_offered_at TEXT;
ALTER TABLE contacts ADD COLUMN informed_basis TEXT NOT NULL DEFAULT '';

ALTER TABLE consents ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN told TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN reference TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN reply_text TEXT NOT NULL DEFAULT '';
ALTER TABLE consents ADD COLUMN withdrawal TEXT NOT NULL DEFAULT '';

CREATE TABLE inbox_new (
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
INSERT INTO inbox_new (id, message_id, mailbox, uid, contact_id, matched_by, sender, subject, snippet, class,
    stop, phrase, received_at, synced_at)
SELECT id, message_id, mailbox, uid, contact_id, matched_by, sender, subject, snippet, class,
    stop, phrase, received_at, synced_at
FROM inbox;
DROP TABLE inbox;
ALTER TABLE inbox_new RENAME TO inbox;
CREATE INDEX inbox_contact ON inbox(contact_id, received_at);
CREATE INDEX inbox_received ON inbox(received_at);

ALTER TABLE consent_proposals ADD COLUMN reply_text TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_proposals ADD COLUMN told TEXT NOT NULL DEFAULT '';

CREATE TABLE suppressions_new (
    hash       TEXT PRIMARY KEY,
    reason     TEXT NOT NULL CHECK (reason IN ('opt_out', 'objection', 'erasure', 'bounce', 'manual', 'withdrawal')),
    created_at TEXT NOT NULL
);
INSERT INTO suppressions_new (hash, reason, created_at) SELECT hash, reason, created_at FROM suppressions;
DROP TABLE suppressions;
ALTER TABLE suppressions_new RENAME TO suppressions;

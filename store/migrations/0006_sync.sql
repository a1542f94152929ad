-- 0006: inbox sync. Where each mailbox's sync stopped, the replies read (a
-- snippet, never the full body), the rights requests they raised with their
-- Art. 12(3) deadline, and the consents they offered, waiting for the rep.

CREATE TABLE sync_state (
    mailbox      TEXT PRIMARY KEY,
    uid_validity INTEGER NOT NULL,
    last_uid     INTEGER NOT NULL,
    synced_at    TEXT NOT NULL
);

CREATE TABLE inbox (
    id          INTEGER PRIMARY KEY,
    message_id  TEXT NOT NULL UNIQUE,
    mailbox     TEXT NOT NULL,
    uid         INTEGER NOT NULL,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    matched_by  TEXT NOT NULL DEFAULT '' CHECK (matched_by IN ('', 'sender', 'thread', 'recipient')),
    sender      TEXT NOT NULL DEFAULT '',
    subject     TEXT NOT NULL DEFAULT '',
    snippet     TEXT NOT NULL DEFAULT '',
    class       TEXT NOT NULL CHECK (class IN ('opt_out', 'objection', 'erasure', 'access', 'consent', 'out_of_office', 'bounce', 'other')),
    stop        TEXT NOT NULL DEFAULT '' CHECK (stop IN ('', 'opt_out', 'objection')),
    phrase      TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    synced_at   TEXT NOT NULL
);
CREATE INDEX inbox_contact ON inbox(contact_id, received_at);
CREATE INDEX inbox_received ON inbox(received_at);

-- Erasure and access requests to answer within one month (Art. 12(3)).
-- The contact may be erased before the answer; the ref stays.
CREATE TABLE rights_requests (
    id          INTEGER PRIMARY KEY,
    inbox_id    INTEGER UNIQUE REFERENCES inbox(id) ON DELETE SET NULL,
    contact_id  INTEGER REFERENCES contacts(id) ON DELETE SET NULL,
    contact_ref TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('erasure', 'access')),
    received_at TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    answered_at TEXT
);
CREATE INDEX rights_requests_open ON rights_requests(answered_at, due_at);

-- Consents read in replies, recorded as consents only when the rep confirms.
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
);

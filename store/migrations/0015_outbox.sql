-- 0015: the outbox is a queue, and a send belongs to its sender.
--   * state 'queued': a message that passed the checklist and waits in the
--     local outbox for an SMTP server (legit outbox send); it is not sent
--     and informs nobody until it really goes out.
--   * kind: 'email' (outreach), 'notice' (the notice-only email) or
--     'access' (a copy of the person's data, Art. 15 GDPR): an access copy
--     is not outreach and counts as no first contact, no earlier email
--     and no draft.
--   * queued_at, queue_reason: when it was queued and why it still waits.
--   * confirmed: what the rep confirmed for the rule the email rests on,
--     so that a queued message is checked again as it was written.
--   * client, lease_until: the client instance that reserved a send and
--     until when; a crash recovery looks only at its own reservations and
--     those whose lease expired.
-- SQLite cannot change a CHECK constraint: the table is rebuilt (nothing
-- refers to messages, and it has no triggers).
CREATE TABLE messages_new (
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
);
INSERT INTO messages_new (id, contact_id, rep_id, message_id, subject, body, raw, notice_form, tracking,
    state, created_at, sent_at, updated_at, error, sent_copy, transport)
SELECT id, contact_id, rep_id, message_id, subject, body, raw, notice_form, tracking,
    state, created_at, sent_at, updated_at, error, sent_copy, transport FROM messages;
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_contact ON messages(contact_id);
CREATE INDEX messages_rep_sent ON messages(rep_id, sent_at);
CREATE INDEX messages_state ON messages(state);

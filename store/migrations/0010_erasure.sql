-- 0010: erasure that keeps its word.
--   * contact_addresses: every address a contact has had (on add, import,
--     correction and merge), so that an erasure, opt-out or objection
--     suppresses them all and an old address cannot bring the person back.
--     A row holds the keyed hash and, while the contact exists, the address
--     (the mailbox cleanup and the access export need it); the rows go with
--     the contact.
--   * pending_erasures: the work an erasure leaves outside the database
--     (outbox files, the copies in the rep's IMAP mailbox), written in the
--     erasure's own transaction and deleted when done, so that a crash after
--     the commit cannot lose it. It holds Message-IDs, and for the mailbox
--     search each address's domain and keyed hash: never an address or name.
--   * inbox_stranger_sender: finds the replies kept from someone who was not
--     yet a contact, to link them when the contact appears.
-- Replies already kept from an address that is now a contact's are linked
-- here; one that said stop waits for the rep's decision (sends are held).

CREATE TABLE contact_addresses (
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    email      TEXT NOT NULL,
    PRIMARY KEY (contact_id, hash)
) WITHOUT ROWID;
CREATE INDEX contact_addresses_hash ON contact_addresses(hash);

INSERT OR IGNORE INTO contact_addresses (contact_id, hash, email)
SELECT id, email_hash, email FROM contacts WHERE email IS NOT NULL AND email_hash IS NOT NULL;

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

CREATE INDEX inbox_stranger_sender ON inbox(sender COLLATE NOCASE) WHERE contact_id IS NULL;

UPDATE inbox SET
    contact_id = (SELECT c.id FROM contacts c WHERE c.email_key = lower(inbox.sender)),
    matched_by = 'sender',
    review = CASE WHEN stop != '' AND review = '' THEN 'pending' ELSE review END
WHERE contact_id IS NULL AND sender != ''
  AND EXISTS (SELECT 1 FROM contacts c WHERE c.email_key = lower(inbox.sender));

-- 0004: compose and send. A messages row is a draft until it is sent; a
-- failed send keeps its row (and so the draft). sent_copy tracks the copy in
-- the rep's IMAP Sent folder: '' not wanted, 'pending' to do, 'done'.

ALTER TABLE messages ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN error TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN sent_copy TEXT NOT NULL DEFAULT '' CHECK (sent_copy IN ('', 'pending', 'done'));
ALTER TABLE messages ADD COLUMN transport TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_state ON messages(state);

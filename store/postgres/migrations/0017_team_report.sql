-- 0017: indexes for the lead's report (teamreport.go) over a long log, and
-- each rep's own inbox sync state.
-- messages_state and messages_contact replace the indexes of that name on
-- their first column alone, and serve all those did. messages_state: the
-- messages sent since a day, with the contact and rep the overlaps need,
-- read from the index alone. messages_contact: the last message sent to a
-- contact before a moment (whom a reply is credited to, who wrote to a
-- person asking for their rights), one seek. contacts_company: a contact's
-- company by id without reading the contact's row.

DROP INDEX messages_state;
CREATE INDEX messages_state ON messages(state, sent_at, contact_id, rep_id);
DROP INDEX messages_contact;
CREATE INDEX messages_contact ON messages(contact_id, state, sent_at, rep_id);
CREATE INDEX contacts_company ON contacts(id) INCLUDE (company);

-- Where each rep's inbox sync stopped. sync_state was one row per mailbox
-- name for the whole team: every rep's INBOX shared it, so one rep's sync
-- started where a colleague's had stopped (and skipped replies when both
-- mailboxes had the same UIDVALIDITY, or read the whole mailbox again when
-- not). Now a row is the rep's (the role that syncs: legit_my_rep(); NULL
-- for a role that is no rep). The shared row stays the owner's: each rep's
-- next sync reads their mailbox again, and the replies already held are
-- skipped.
ALTER TABLE sync_state ADD COLUMN rep_id bigint REFERENCES reps(id) DEFAULT legit_my_rep();
ALTER TABLE sync_state DROP CONSTRAINT sync_state_pkey;
CREATE UNIQUE INDEX sync_state_rep_mailbox ON sync_state ((COALESCE(rep_id, 0)), mailbox);

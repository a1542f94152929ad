-- 0023: indexes for the lead's report (teamreport.go) over a long log.
-- messages_state and messages_contact replace the indexes of that name on
-- their first column alone, and serve all those did. messages_state: the
-- messages sent since a day, with the contact and rep the overlaps need,
-- read from the index alone. messages_contact: the last message sent to a
-- contact before a moment (whom a reply is credited to, who wrote to a
-- person asking for their rights), one seek. contacts_company: a contact's
-- company by id without reading the contact's row (SQLite takes it when
-- told: INDEXED BY in report-overlaps).

DROP INDEX messages_state;
CREATE INDEX messages_state ON messages(state, sent_at, contact_id, rep_id);
DROP INDEX messages_contact;
CREATE INDEX messages_contact ON messages(contact_id, state, sent_at, rep_id);
CREATE INDEX contacts_company ON contacts(id, company);

-- 0013: a row version on contacts, so that a form saved in one window cannot
-- silently undo what another window saved after the form was opened
-- (optimistic concurrency: Tx.CheckVersion), and the export files written
-- for a person, so that the erasure confirmation can list them.
--
-- The version goes up with every write to the contact, whichever statement
-- makes it: the trigger fires on an UPDATE that sets any column but
-- last_reply_at (the time of their last reply, which no form shows or
-- edits) and version itself. A consent given or withdrawn changes the
-- contact too. A later migration that adds a column to contacts must add it
-- to the trigger's list, and one that rebuilds the table must create the
-- triggers again (TestVersionTriggerCoversEveryColumn checks both).
ALTER TABLE contacts ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

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

-- Every file an access export of the person was written to, with when: the
-- path often names the person, so it is kept here (deleted with the
-- contact by an erasure), never in the log.
CREATE TABLE export_files (
    id         INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    path       TEXT NOT NULL,
    written_at TEXT NOT NULL
);
CREATE INDEX export_files_contact ON export_files(contact_id);

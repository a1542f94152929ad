-- 0018: imports look up only what is in the file.
--   * name_key and profile_key: keyed 64-bit hashes (computed in Go with the
--     database's secret key, like the suppression hashes) of a contact's
--     folded name and company, and of their LinkedIn profile address, so
--     that an import finds the contacts its rows may be by index. name_key
--     is NULL until computed (rows written before this migration, or by a
--     path that does not compute it: the next import fills them in) and 0
--     when there is no key (no company); the trigger below sets it back to
--     NULL whenever a name or company changes. profile_key is NULL when
--     unknown.
--   * an index on import_batches.sha256: importing the same file twice is
--     recognised by it.
-- Neither key moves the row version: no form shows them.
ALTER TABLE contacts ADD COLUMN name_key INTEGER;
ALTER TABLE contacts ADD COLUMN profile_key INTEGER;
CREATE INDEX contacts_name_key ON contacts(name_key);
CREATE INDEX contacts_profile_key ON contacts(profile_key) WHERE profile_key IS NOT NULL;
CREATE INDEX import_batches_sha256 ON import_batches(sha256);

CREATE TRIGGER contacts_name_key AFTER UPDATE OF name, company ON contacts
FOR EACH ROW WHEN NEW.name IS NOT OLD.name OR NEW.company IS NOT OLD.company
BEGIN
    UPDATE contacts SET name_key = NULL WHERE id = NEW.id;
END;

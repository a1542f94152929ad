-- 0009: imports look up only what is in the file (SQLite's 0018): keyed
-- 64-bit hashes of a contact's folded name and company (name_key; NULL until
-- computed, 0 for no key, set back to NULL by the trigger whenever the name
-- or company changes) and of their LinkedIn profile address (profile_key),
-- indexed, and an index on the file hashes of import batches.
ALTER TABLE contacts ADD COLUMN name_key bigint;
ALTER TABLE contacts ADD COLUMN profile_key bigint;
CREATE INDEX contacts_name_key ON contacts(name_key);
CREATE INDEX contacts_profile_key ON contacts(profile_key) WHERE profile_key IS NOT NULL;
CREATE INDEX import_batches_sha256 ON import_batches(sha256);

CREATE FUNCTION legit_contact_name_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.name_key := NULL;
    RETURN NEW;
END $$;
CREATE TRIGGER contacts_name_key BEFORE UPDATE OF name, company ON contacts
FOR EACH ROW WHEN (NEW.name IS DISTINCT FROM OLD.name OR NEW.company IS DISTINCT FROM OLD.company)
EXECUTE FUNCTION legit_contact_name_key();

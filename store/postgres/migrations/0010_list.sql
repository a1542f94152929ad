-- 0010: the contact list as a query (issue 18), as SQLite's 0019: the
-- list_ columns keep what the list's tabs, columns and text filter need;
-- list_search NULL means they are to be worked out again (in Go, by
-- Store.refreshList). Dates are 'YYYY-MM-DD' text in the C collation, so
-- that both engines compare them the same way.
ALTER TABLE contacts ADD COLUMN list_search text COLLATE "C";
ALTER TABLE contacts ADD COLUMN list_needs_basis integer NOT NULL DEFAULT 1;
ALTER TABLE contacts ADD COLUMN list_basis_lapses text COLLATE "C";
ALTER TABLE contacts ADD COLUMN list_source text NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN list_notice_from text COLLATE "C";
ALTER TABLE contacts ADD COLUMN list_notice_handed integer NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN list_notice_due text COLLATE "C";

CREATE INDEX contacts_list_stale ON contacts(id) WHERE list_search IS NULL;

CREATE FUNCTION legit_contact_list_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.list_search := NULL;
    RETURN NEW;
END $$;
CREATE TRIGGER contacts_list_stale
BEFORE UPDATE OF name, email, company, position, country, legal_form, relationship, basis_kind, purchase_at
ON contacts FOR EACH ROW EXECUTE FUNCTION legit_contact_list_stale();

CREATE FUNCTION legit_source_list_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE contacts SET list_search = NULL WHERE id = OLD.contact_id AND list_search IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        UPDATE contacts SET list_search = NULL WHERE id = NEW.contact_id AND list_search IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER sources_list_stale AFTER INSERT OR UPDATE OR DELETE ON sources
FOR EACH ROW EXECUTE FUNCTION legit_source_list_stale();

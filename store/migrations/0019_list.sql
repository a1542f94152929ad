-- 0019: the contact list as a query (issue 18). What the list's tabs,
-- columns and text filter need is kept on the contact, so that the tab
-- counts are one query and the rows on screen a page of an ordered query:
--   list_search        contacts.SearchText of name, company, position and
--                      address (folded for case and accents); NULL means
--                      the list_ columns are to be worked out again, which
--                      the store does in Go before it answers a list
--                      (Store.refreshList), so the rules stay in Go
--   list_needs_basis   1 when the contact needs a basis whatever the date
--   list_basis_lapses  the date (YYYY-MM-DD) after which it needs one (a
--                      customer gone dormant), NULL when never
--   list_source        the kind of the first source, '' when none
--   list_notice_from   the date the notice clock runs from, NULL when no
--                      source has a date
--   list_notice_handed 1 when the person handed the data over (Art. 13)
--   list_notice_due    the legal notice deadline (YYYY-MM-DD)
-- The triggers below mark a contact's list columns stale whenever what they
-- are worked out from changes; the status, the suppression list and the
-- informed date are read directly.
ALTER TABLE contacts ADD COLUMN list_search TEXT;
ALTER TABLE contacts ADD COLUMN list_needs_basis INTEGER NOT NULL DEFAULT 1;
ALTER TABLE contacts ADD COLUMN list_basis_lapses TEXT;
ALTER TABLE contacts ADD COLUMN list_source TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN list_notice_from TEXT;
ALTER TABLE contacts ADD COLUMN list_notice_handed INTEGER NOT NULL DEFAULT 0;
ALTER TABLE contacts ADD COLUMN list_notice_due TEXT;

-- The list's order, covering every column the tabs and the text filter
-- read: a page walks it in order and reads a contact's row only for the rows
-- it returns, and the counts scan it rather than the table.
CREATE INDEX contacts_list ON contacts(name COLLATE NOCASE, id, list_search, status, informed_at,
    list_needs_basis, list_basis_lapses, list_notice_due, list_notice_from, email_hash);
CREATE INDEX contacts_list_stale ON contacts(id) WHERE list_search IS NULL;

CREATE TRIGGER contacts_list_stale
AFTER UPDATE OF name, email, company, position, country, legal_form, relationship, basis_kind, purchase_at
ON contacts
FOR EACH ROW WHEN NEW.list_search IS NOT NULL
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = NEW.id;
END;

CREATE TRIGGER sources_list_insert AFTER INSERT ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = NEW.contact_id AND list_search IS NOT NULL;
END;

CREATE TRIGGER sources_list_update AFTER UPDATE ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id IN (OLD.contact_id, NEW.contact_id) AND list_search IS NOT NULL;
END;

CREATE TRIGGER sources_list_delete AFTER DELETE ON sources
FOR EACH ROW
BEGIN
    UPDATE contacts SET list_search = NULL WHERE id = OLD.contact_id AND list_search IS NOT NULL;
END;

-- 0024: sources_contact also holds when each source was obtained, so the
-- retention listing (retention_list.go: each contact's latest source, for
-- every contact) reads it from the index alone instead of every source row.
-- It serves every lookup the index on contact_id alone did, and an import
-- still appends to it (new contacts have the largest ids).

DROP INDEX sources_contact;
CREATE INDEX sources_contact ON sources(contact_id, obtained_at);

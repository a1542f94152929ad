-- 0022: sources_contact also holds when each source was obtained, so the
-- retention listing (each contact's latest source, for every contact) can
-- read it from the index. It serves every lookup the index on contact_id
-- alone did. Nothing a role may see or do changes.

DROP INDEX sources_contact;
CREATE INDEX sources_contact ON sources(contact_id, obtained_at);

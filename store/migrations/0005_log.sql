-- 0005: indexes for reading the outreach log newest first, filtered by kind,
-- contact or nothing at all (events_rep_at from 0001 serves --rep).

CREATE INDEX events_at ON events(at);
CREATE INDEX events_kind_at ON events(kind, at);
CREATE INDEX events_contact_at ON events(contact_ref, at);
DROP INDEX events_contact;

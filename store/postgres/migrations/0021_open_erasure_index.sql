-- 0021: the retention listing (legit retention, the to-erase screen) reads
-- every contact's open erasure request, not only those of the contacts
-- that asked: a request opened or answered while it reads is then listed
-- once. rights_requests had no index that finds a contact's requests, so
-- each contact would read every request; this one holds only the open
-- erasure requests (few), by contact. Nothing a role may see or do changes.

CREATE INDEX rights_requests_open_erasure ON rights_requests(contact_id)
    WHERE answered_at IS NULL AND kind = 'erasure';

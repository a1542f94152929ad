-- 0020: rights across the organisation (issue 15), as PostgreSQL's 0015.
--   * rights_requests.assignee_id: the rep who answers the request; by
--     default the rep whose inbox sync received it. Requests kept from
--     before go to the rep who last wrote to the contact, else the file's
--     first rep.
--   * erasure_notices: what a rep is told when another rep's erasure
--     removed a draft or queued message of theirs: the erased contact's
--     pseudonymous ref, the date, the reason and the counts, never a name
--     or an address. shown_at is set when their client showed it.
ALTER TABLE rights_requests ADD COLUMN assignee_id INTEGER REFERENCES reps(id);
UPDATE rights_requests SET assignee_id = COALESCE(
    (SELECT m.rep_id FROM messages m WHERE m.contact_id = rights_requests.contact_id
     ORDER BY m.created_at DESC, m.id DESC LIMIT 1),
    (SELECT MIN(id) FROM reps));
CREATE INDEX rights_requests_assignee ON rights_requests(assignee_id) WHERE answered_at IS NULL;

CREATE TABLE erasure_notices (
    id          INTEGER PRIMARY KEY,
    rep_id      INTEGER NOT NULL REFERENCES reps(id),
    contact_ref TEXT NOT NULL,
    reason      TEXT NOT NULL,
    erased_at   TEXT NOT NULL,
    drafts      INTEGER NOT NULL DEFAULT 0,
    queued      INTEGER NOT NULL DEFAULT 0,
    shown_at    TEXT
);
CREATE INDEX erasure_notices_unshown ON erasure_notices(rep_id) WHERE shown_at IS NULL;

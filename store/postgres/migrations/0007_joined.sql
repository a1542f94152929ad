-- 0007: what a rep's SQLite database brings when it joins the team
-- (legit db copy).
--   * copied_rows maps each copied row's id in the rep's file to its id
--     here, so that a second copy adds only what is new.
--   * joined_keys keeps the secret key the rep's file hashed its suppression
--     list with: an address erased there is known here only by that hash,
--     so every check also hashes the address under each joined key.
--   * joined_suppressions holds those hashes; joined_events the rep's log
--     as it was, its chain intact. The team's own log records a joined
--     event carrying its last hash.
CREATE TABLE copied_rows (
    origin text NOT NULL,
    tbl    text NOT NULL,
    old_id bigint NOT NULL,
    new_id bigint NOT NULL,
    PRIMARY KEY (origin, tbl, old_id)
);

CREATE TABLE joined_keys (
    origin    text PRIMARY KEY,
    key       bytea NOT NULL,
    file      text NOT NULL,
    joined_at timestamptz NOT NULL
);

CREATE TABLE joined_suppressions (
    hash       text PRIMARY KEY,
    origin     text NOT NULL REFERENCES joined_keys(origin),
    reason     text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE joined_events (
    origin      text NOT NULL REFERENCES joined_keys(origin),
    id          bigint NOT NULL,
    at          text NOT NULL,
    rep         text NOT NULL,
    kind        text NOT NULL,
    contact_ref text NOT NULL DEFAULT '',
    details     text NOT NULL DEFAULT '{}',
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    PRIMARY KEY (origin, id)
);
CREATE TRIGGER joined_events_no_update BEFORE UPDATE ON joined_events FOR EACH ROW EXECUTE FUNCTION legit_log_append_only();
CREATE TRIGGER joined_events_no_delete BEFORE DELETE ON joined_events FOR EACH ROW EXECUTE FUNCTION legit_log_append_only();

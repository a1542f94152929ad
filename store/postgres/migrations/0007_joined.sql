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

-- A joined list binds every member as the team's own does: the server
-- hashes the address under each joined key, for the owner and every member,
-- in the check a rep may call and in the guard of the send transaction.
-- No member reads the keys or the hashes.
CREATE FUNCTION legit_joined_suppressed(match_key text) RETURNS boolean
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT EXISTS (SELECT 1 FROM joined_keys k JOIN joined_suppressions s
        ON s.hash = encode(legit_hmac(k.key, convert_to(match_key, 'UTF8')), 'hex'))
$$;

CREATE OR REPLACE FUNCTION legit_check_address(match_key text)
RETURNS TABLE (suppressed boolean, domain boolean, owner_name text, owner_email text, last_contact timestamptz)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT
        EXISTS (SELECT 1 FROM suppressions s WHERE s.hash = legit_address_hash(match_key)) OR legit_joined_suppressed(match_key),
        EXISTS (SELECT 1 FROM suppressions s WHERE s.hash = legit_domain_hash(match_key)),
        r.name, r.email,
        (SELECT max(m.sent_at) FROM messages m WHERE m.contact_id = c.id AND m.state = 'sent')
    FROM (SELECT 1) one
    LEFT JOIN contacts c ON c.email_key = match_key
    LEFT JOIN reps r ON r.id = c.owner_id
$$;

CREATE OR REPLACE FUNCTION legit_send_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    k text;
BEGIN
    SELECT c.email_key INTO k FROM contacts c WHERE c.id = NEW.contact_id;
    IF k IS NOT NULL AND (EXISTS (SELECT 1 FROM suppressions s
            WHERE s.hash IN (legit_address_hash(k), legit_domain_hash(k))) OR legit_joined_suppressed(k)) THEN
        RAISE EXCEPTION 'the address is on the organisation''s suppression list: nobody in the organisation may email it'
            USING ERRCODE = 'P0001', HINT = 'legit_suppressed';
    END IF;
    RETURN NEW;
END $$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION legit_joined_suppressed(text) SET search_path = %I, pg_catalog, pg_temp', current_schema());
    REVOKE ALL ON FUNCTION legit_joined_suppressed(text) FROM PUBLIC;
    EXECUTE format('ALTER FUNCTION legit_check_address(text) SET search_path = %I, pg_catalog, pg_temp', current_schema());
    EXECUTE format('ALTER FUNCTION legit_send_guard() SET search_path = %I, pg_catalog, pg_temp', current_schema());
END $$;

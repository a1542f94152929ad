-- 0014: the server chains the log (issue 15: "events are appended only
-- through a database function that takes the chain lock and computes the
-- hash on the server"). A trigger before each insert into events takes the
-- write lock every legit transaction takes first (store/engine.go's
-- pgWriteLock), reads the last event and sets the new one's prev_hash and
-- hash itself, whatever the client sent: a member's client cannot fork the
-- chain or append an event that does not verify. The hash is the one
-- store.EventHash computes in Go (SHA-256 over the JSON array of the
-- previous hash and the event's stored fields), byte for byte: Go's JSON
-- encoder escapes < > & and U+2028/U+2029, which to_json leaves as they
-- are, so legit_json_text escapes them after to_json. An id allocated
-- before the lock (by a client that did not take it first) is replaced by
-- a later one, so the chain's order stays the order of the ids. Members
-- insert only the event's own columns, never an id (team.sql).

CREATE FUNCTION legit_json_text(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT replace(replace(replace(replace(replace(to_json(s)::text,
        '<', '\u003c'), '>', '\u003e'), '&', '\u0026'), U&'\2028', '\u2028'), U&'\2029', '\u2029')
$$;

CREATE FUNCTION legit_event_hash(prev text, at text, rep text, kind text, contact_ref text, details text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT encode(sha256(convert_to('[' || legit_json_text(prev) || ',' || legit_json_text(at) || ','
        || legit_json_text(rep) || ',' || legit_json_text(kind) || ',' || legit_json_text(contact_ref) || ','
        || legit_json_text(details) || ']', 'UTF8')), 'hex')
$$;

CREATE FUNCTION legit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    last_id   bigint;
    last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(465557743989);
    SELECT e.id, e.hash INTO last_id, last_hash FROM events e ORDER BY e.id DESC LIMIT 1;
    IF last_id IS NOT NULL AND NEW.id <= last_id THEN
        NEW.id := nextval(pg_get_serial_sequence('events', 'id'));
    END IF;
    NEW.prev_hash := COALESCE(last_hash, '0000000000000000000000000000000000000000000000000000000000000000');
    NEW.hash := legit_event_hash(NEW.prev_hash, NEW.at, NEW.rep, NEW.kind, NEW.contact_ref, NEW.details);
    RETURN NEW;
END $$;

CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION legit_event_chain();

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_json_text(text)',
            'legit_event_hash(text, text, text, text, text, text)', 'legit_event_chain()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'legit_rep') THEN
        REVOKE INSERT ON events FROM legit_rep;
        GRANT INSERT (at, rep, kind, contact_ref, details, prev_hash, hash) ON events TO legit_rep;
    END IF;
END $$;

-- 0018: the server's chain (0014) gives each event the id after the last
-- one, and hashes faster.
--
-- 0014 kept the id the insert drew from the sequence (replacing it only when
-- it was not above the last): a transaction rolled back leaves a hole in the
-- sequence, which legit log verify reports as a deleted event. Under the
-- lock no other transaction holds an uncommitted event, so the last event
-- read is the last of the chain and the next id is last + 1.
--
-- A transaction that is not READ COMMITTED reads the log as it was when it
-- began and would chain to an old event: it may not append.
--
-- The hash functions are STABLE, as to_json is, and carry no SET clause, so
-- that the planner inlines them (0014's IMMUTABLE functions with their own
-- search_path were called instead: about 200 µs a hash under load, now
-- about 20). legit_go_json replaces 0014's legit_json_text: Go's JSON
-- escapes of < > & and U+2028/U+2029 after to_json of the whole array (to_json
-- writes a text array as Go does, with no spaces).
--
-- Members insert only what happened (at, rep, kind, contact_ref, details);
-- the server sets the rest.

CREATE FUNCTION legit_go_json(j json) RETURNS text LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $$
    SELECT replace(replace(replace(replace(replace(j::text,
        '<', E'\\u003c'), '>', E'\\u003e'), '&', E'\\u0026'), chr(8232), E'\\u2028'), chr(8233), E'\\u2029')
$$;

ALTER FUNCTION legit_event_hash(text, text, text, text, text, text) RESET ALL;
CREATE OR REPLACE FUNCTION legit_event_hash(prev text, at text, rep text, kind text, contact_ref text, details text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(legit_go_json(to_json(ARRAY[prev, at, rep, kind, contact_ref, details])), 'UTF8')), 'hex')
$$;
DROP FUNCTION legit_json_text(text);
-- Appends no longer read the last event from the client (0006's reader).
DROP FUNCTION legit_last_event();

-- This must stay the last BEFORE INSERT trigger on events that changes a
-- column (triggers fire in name order), so that it hashes what is stored.
CREATE OR REPLACE FUNCTION legit_event_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    last_id   bigint;
    last_hash text;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'events are appended only in READ COMMITTED transactions (this one is %)',
            current_setting('transaction_isolation') USING ERRCODE = '25000';
    END IF;
    PERFORM pg_advisory_xact_lock(465557743989);
    SELECT e.id, e.hash INTO last_id, last_hash FROM events e ORDER BY e.id DESC LIMIT 1;
    IF NOT FOUND THEN
        last_id := 0;
        last_hash := '0000000000000000000000000000000000000000000000000000000000000000';
    END IF;
    NEW.id := last_id + 1;
    NEW.prev_hash := last_hash;
    NEW.hash := legit_event_hash(last_hash, NEW.at, NEW.rep, NEW.kind, NEW.contact_ref, NEW.details);
    RETURN NEW;
END $$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION legit_event_chain() SET search_path = %I, pg_catalog, pg_temp', current_schema());
    REVOKE ALL ON FUNCTION legit_event_chain(), legit_go_json(json) FROM PUBLIC;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'legit_rep') THEN
        REVOKE INSERT ON events FROM legit_rep;
        GRANT INSERT (at, rep, kind, contact_ref, details) ON events TO legit_rep;
    END IF;
END $$;

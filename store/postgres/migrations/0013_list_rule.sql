-- 0013: the list rule version, recorded for every role. The contact list's
-- kept facts (migration 0010) were worked out under a version of the rules;
-- when a client runs another, every contact is marked to be worked out
-- again. A member may neither write meta nor mark a colleague's contacts, so
-- the server does both, as the owner: legit_list_rule(version) marks every
-- contact stale and records version when it differs from the one recorded,
-- and says whether it did. Each member then works out the rows they see
-- (Store.refreshList, under the row-level security of 0006); a colleague's
-- rows wait until someone who sees them lists.
CREATE FUNCTION legit_list_rule(version bytea) RETURNS boolean
LANGUAGE plpgsql STRICT SECURITY DEFINER AS $$
BEGIN
    -- One client at a time changes the version: the others wait, then find
    -- it recorded.
    PERFORM pg_advisory_xact_lock(hashtext('legit_list_rule'));
    IF EXISTS (SELECT 1 FROM meta WHERE key = 'list_rule' AND value = version) THEN
        RETURN false;
    END IF;
    UPDATE contacts SET list_search = NULL WHERE list_search IS NOT NULL;
    INSERT INTO meta (key, value) VALUES ('list_rule', version)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
    RETURN true;
END $$;

-- As every SECURITY DEFINER function (0006): the schema's own search path,
-- no right for PUBLIC; the members run it (team.sql grants it again at every
-- legit team init; a database whose roles exist gets it now).
DO $$
DECLARE
    r text;
BEGIN
    EXECUTE format('ALTER FUNCTION legit_list_rule(bytea) SET search_path = %I, pg_catalog, pg_temp', current_schema());
    REVOKE ALL ON FUNCTION legit_list_rule(bytea) FROM PUBLIC;
    FOREACH r IN ARRAY ARRAY['legit_rep', 'legit_lead', 'legit_dpo'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION legit_list_rule(bytea) TO %I', r);
        END IF;
    END LOOP;
END $$;

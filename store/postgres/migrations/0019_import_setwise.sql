-- 0019: an import's rows cost the server set-wise work, not a function
-- call or a statement per row (issue 14: 30,000 rows within twice psql's
-- \copy). Nothing a role may see or do changes.
--   * The contacts policies (0006) ask who the role is once per statement:
--     legit_my_rep() and legit_sees_team() are STABLE, so the same answer
--     for every row, but called in the policy they ran per row (a query of
--     reps, two of pg_roles), and a member's import checks every row it
--     writes and every contact its lookups find. Wrapped in a scalar
--     subquery each is an InitPlan, run once.
--   * sources_list_stale (0010) marks the contacts whose list facts are
--     stale once per statement, from the rows it changed (transition
--     tables), instead of an UPDATE per source row: an import writes
--     thousands of sources in one INSERT ... SELECT.
--   * legit_import_keys (0012) works the 64-bit keys out in the query
--     instead of calling legit_key64, a function the planner cannot inline,
--     once per key: the same bytes.

ALTER POLICY contacts_read ON contacts USING (
    owner_id = (SELECT legit_my_rep()) OR (SELECT legit_sees_team())
    OR EXISTS (SELECT 1 FROM contact_shares s WHERE s.contact_id = contacts.id AND s.rep_id = (SELECT legit_my_rep())));
ALTER POLICY contacts_add ON contacts WITH CHECK (owner_id = (SELECT legit_my_rep()) OR (SELECT legit_sees_team()));
ALTER POLICY contacts_change ON contacts USING (
    owner_id = (SELECT legit_my_rep()) OR (SELECT legit_sees_team())
    OR EXISTS (SELECT 1 FROM contact_shares s WHERE s.contact_id = contacts.id AND s.rep_id = (SELECT legit_my_rep())));

DROP TRIGGER sources_list_stale ON sources;
DROP FUNCTION legit_source_list_stale();

CREATE FUNCTION legit_sources_list_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE contacts SET list_search = NULL
        WHERE id IN (SELECT contact_id FROM sources_new) AND list_search IS NOT NULL;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE contacts SET list_search = NULL
        WHERE id IN (SELECT contact_id FROM sources_old UNION SELECT contact_id FROM sources_new)
          AND list_search IS NOT NULL;
    ELSE
        UPDATE contacts SET list_search = NULL
        WHERE id IN (SELECT contact_id FROM sources_old) AND list_search IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER sources_list_stale_insert AFTER INSERT ON sources
REFERENCING NEW TABLE AS sources_new FOR EACH STATEMENT EXECUTE FUNCTION legit_sources_list_stale();
CREATE TRIGGER sources_list_stale_update AFTER UPDATE ON sources
REFERENCING OLD TABLE AS sources_old NEW TABLE AS sources_new FOR EACH STATEMENT EXECUTE FUNCTION legit_sources_list_stale();
CREATE TRIGGER sources_list_stale_delete AFTER DELETE ON sources
REFERENCING OLD TABLE AS sources_old FOR EACH STATEMENT EXECUTE FUNCTION legit_sources_list_stale();

CREATE OR REPLACE FUNCTION legit_import_keys(p_addresses text[], p_names bytea[], p_profiles bytea[])
RETURNS TABLE (kind text, ord bigint, hash text, key bigint)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    WITH p AS (SELECT h.ipad, h.opad FROM meta m CROSS JOIN LATERAL legit_hmac_pads(m.value) h
               WHERE m.key = 'suppression_key')
    SELECT 'address', u.i, encode(sha256(p.opad || sha256(p.ipad || convert_to(u.v, 'UTF8'))), 'hex'), NULL::bigint
    FROM p, unnest(p_addresses) WITH ORDINALITY AS u(v, i)
    UNION ALL
    SELECT 'name', u.i, NULL, CASE WHEN k.v = 0 THEN 1 ELSE k.v END
    FROM p, unnest(p_names) WITH ORDINALITY AS u(v, i), LATERAL (SELECT ('x' || encode(substr(
        sha256(p.opad || sha256(p.ipad || convert_to('name', 'UTF8') || '\x00'::bytea || u.v)), 1, 8), 'hex'))::bit(64)::bigint
        OFFSET 0) AS k(v)
    UNION ALL
    SELECT 'profile', u.i, NULL, CASE WHEN k.v = 0 THEN 1 ELSE k.v END
    FROM p, unnest(p_profiles) WITH ORDINALITY AS u(v, i), LATERAL (SELECT ('x' || encode(substr(
        sha256(p.opad || sha256(p.ipad || convert_to('profile', 'UTF8') || '\x00'::bytea || u.v)), 1, 8), 'hex'))::bit(64)::bigint
        OFFSET 0) AS k(v)
$$;

-- legit_import_owners (0012) looks each key up by its index: joined with
-- the keys, a table that has grown inside the import's transaction and has
-- no statistics yet was read whole for every chunk. The same rows.
CREATE OR REPLACE FUNCTION legit_import_owners(p_addresses text[], p_profiles bigint[], p_names bigint[])
RETURNS TABLE (kind text, key text, contact_id bigint, owner_name text, has_address boolean, has_profile boolean,
    inactive boolean)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT 'address', c.email_key, c.id, COALESCE(r.name, ''), true, c.profile_key IS NOT NULL, c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_addresses) AS u(v)) k
    CROSS JOIN LATERAL (SELECT * FROM contacts c WHERE c.email_key = k.v OFFSET 0) c
    LEFT JOIN reps r ON r.id = c.owner_id
    UNION ALL
    SELECT 'profile', c.profile_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, true, c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_profiles) AS u(v)) k
    CROSS JOIN LATERAL (SELECT * FROM contacts c WHERE c.profile_key = k.v OFFSET 0) c
    LEFT JOIN reps r ON r.id = c.owner_id
    UNION ALL
    SELECT 'name', c.name_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, c.profile_key IS NOT NULL,
        c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_names) AS u(v)) k
    CROSS JOIN LATERAL (SELECT * FROM contacts c WHERE c.name_key = k.v OFFSET 0) c
    LEFT JOIN reps r ON r.id = c.owner_id
$$;

-- CREATE OR REPLACE drops a function's settings: the search path 0012 gave
-- these.
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_import_keys(text[], bytea[], bytea[])', 'legit_import_owners(text[], bigint[], bigint[])'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
    END LOOP;
END $$;

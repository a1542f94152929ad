-- 0020: an import's statements look contacts up by key, whatever the
-- planner believes of a contacts table grown inside the import's
-- transaction (issue 14). Nothing a role may see or do changes.
--
-- sources_list_stale (0019) ran, once per INSERT of sources, an UPDATE of
-- the contacts among the new rows' with list_search set. Inside an import
-- the contacts table has grown since it was last analyzed (a new database:
-- never), the planner takes it for a table of one row and reads all of it
-- for every chunk of an import: the work grew with the square of the rows
-- (about 17 ms for the thirtieth chunk of 1,024 rows). Now each contact the
-- statement touched is looked up by its key (a subquery the planner cannot
-- flatten into a join), and the UPDATE runs only for those with list facts:
-- none, for the contacts an import has just made. The same contacts are
-- marked, under the same row-level security.

CREATE OR REPLACE FUNCTION legit_sources_list_stale() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT n.id FROM (SELECT DISTINCT contact_id AS id FROM sources_new) n
            WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.id AND c.list_search IS NOT NULL OFFSET 0));
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY(SELECT n.id FROM (SELECT contact_id AS id FROM sources_old UNION SELECT contact_id FROM sources_new) n
            WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.id AND c.list_search IS NOT NULL OFFSET 0));
    ELSE
        ids := ARRAY(SELECT n.id FROM (SELECT DISTINCT contact_id AS id FROM sources_old) n
            WHERE EXISTS (SELECT 1 FROM contacts c WHERE c.id = n.id AND c.list_search IS NOT NULL OFFSET 0));
    END IF;
    IF cardinality(ids) > 0 THEN
        UPDATE contacts c SET list_search = NULL FROM unnest(ids) AS u(id)
        WHERE c.id = u.id AND c.list_search IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;

-- legit_import_owners (0019) looked each key of a chunk up by its own
-- index scan (a LATERAL subquery per key), so that a contacts table grown
-- inside the import's transaction was not read whole. One index scan per
-- kind of key, over the chunk's array (= ANY), finds the same rows in about
-- half the time; the planner, which takes the grown table for an empty one,
-- is told not to read it whole instead (enable_seqscan off, in this function
-- only). The same rows.
CREATE OR REPLACE FUNCTION legit_import_owners(p_addresses text[], p_profiles bigint[], p_names bigint[])
RETURNS TABLE (kind text, key text, contact_id bigint, owner_name text, has_address boolean, has_profile boolean,
    inactive boolean)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT 'address', c.email_key, c.id, COALESCE(r.name, ''), true, c.profile_key IS NOT NULL, c.status <> 'active'
    FROM contacts c LEFT JOIN reps r ON r.id = c.owner_id
    WHERE c.email_key = ANY (p_addresses)
    UNION ALL
    SELECT 'profile', c.profile_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, true, c.status <> 'active'
    FROM contacts c LEFT JOIN reps r ON r.id = c.owner_id
    WHERE c.profile_key = ANY (p_profiles)
    UNION ALL
    SELECT 'name', c.name_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, c.profile_key IS NOT NULL,
        c.status <> 'active'
    FROM contacts c LEFT JOIN reps r ON r.id = c.owner_id
    WHERE c.name_key = ANY (p_names)
$$;

-- CREATE OR REPLACE drops a function's settings: the search path 0012 gave
-- it, and now the planner's setting.
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION legit_import_owners(text[], bigint[], bigint[]) SET search_path = %I, pg_catalog, pg_temp',
        current_schema());
    ALTER FUNCTION legit_import_owners(text[], bigint[], bigint[]) SET enable_seqscan = off;
END $$;

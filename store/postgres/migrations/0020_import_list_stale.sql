-- 0020: an import's sources mark stale only the contacts whose list facts
-- were worked out (issue 14).
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

-- 0015: rights across the organisation (issue 15), as SQLite's 0020.
--   * rights_requests.assignee_id: the rep who answers the request; by
--     default the rep whose inbox sync received it. Only a lead, the DPO or
--     the database's owner gives a request to someone else (a trigger says
--     so, whatever the client). A rep sees the requests assigned to them
--     and those about contacts they see; a lead and the DPO see them all.
--   * erasure_notices: what a colleague is told when an erasure removed a
--     draft or queued message of theirs: the erased contact's pseudonymous
--     ref, the date, the reason and the counts, never a name or an address.
--     Each rep reads and marks shown only their own; a notice names only a
--     ref the log shows erased.
--   * contacts may be erased by their owner, a lead or the DPO (0006 let
--     only the owner and the DPO): an erasure removes every row that holds
--     one of the person's addresses, whoever owns it.
--   * legit_may_erase, legit_owner_name, legit_held_elsewhere: what the
--     client asks before and after an erasure, and for the request queue.

-- Whether the role that connected owns legit's tables (or is a member of
-- the role that does, or a superuser): the owner bypasses row-level
-- security and may do what a lead may.
CREATE FUNCTION legit_is_owner() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'contacts'::regclass), 'MEMBER')
$$;

-- Who may give a rights request to someone else: a lead, the DPO, the
-- owner.
CREATE FUNCTION legit_may_assign() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT legit_sees_team() OR legit_is_owner()
$$;

-- Whether the role that connected may erase a contact owned by p_owner: its
-- owner, a lead, the DPO (and the database's owner, who bypasses the
-- policies anyway).
CREATE FUNCTION legit_may_erase(p_owner bigint) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT p_owner = legit_my_rep() OR legit_sees_team() OR legit_is_owner()
$$;

DROP POLICY contacts_erase ON contacts;
CREATE POLICY contacts_erase ON contacts FOR DELETE USING (legit_may_erase(owner_id));

-- The assignee. Existing requests go to the rep who synced the reply, else
-- the contact's owner (legit team init gives owners to contacts that have
-- none, then assigns the requests still without one).
ALTER TABLE rights_requests ADD COLUMN assignee_id bigint REFERENCES reps(id) DEFAULT legit_my_rep();
UPDATE rights_requests q SET assignee_id = COALESCE(
    (SELECT i.rep_id FROM inbox i WHERE i.id = q.inbox_id),
    (SELECT c.owner_id FROM contacts c WHERE c.id = q.contact_id))
WHERE q.assignee_id IS NULL;
CREATE INDEX rights_requests_assignee ON rights_requests(assignee_id) WHERE answered_at IS NULL;

CREATE FUNCTION legit_request_assign_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.assignee_id IS NOT NULL AND NEW.assignee_id IS DISTINCT FROM legit_my_rep() AND NOT legit_may_assign() THEN
            RAISE EXCEPTION 'only a lead or the DPO can give a rights request to someone else' USING ERRCODE = '42501';
        END IF;
    ELSIF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id AND NOT legit_may_assign() THEN
        RAISE EXCEPTION 'only a lead or the DPO can reassign a rights request' USING ERRCODE = '42501';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER rights_requests_assign BEFORE INSERT OR UPDATE OF assignee_id ON rights_requests
FOR EACH ROW EXECUTE FUNCTION legit_request_assign_guard();

DROP POLICY rights_requests_seen ON rights_requests;
CREATE POLICY rights_requests_seen ON rights_requests FOR ALL USING (
    legit_sees_team() OR assignee_id = legit_my_rep()
    OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = rights_requests.contact_id))
WITH CHECK (true);

-- The name of the rep who owns a contact, for the request queue: a rep may
-- hold a request about a contact they do not see (it was assigned to
-- them), and needs to know whom to ask. A name, never the contact.
CREATE FUNCTION legit_owner_name(p_contact bigint) RETURNS text
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT r.name FROM contacts c JOIN reps r ON r.id = c.owner_id WHERE c.id = p_contact
$$;

-- The colleagues who hold a contact with one of these address hashes that
-- is not p_rep's: after a rep's erasure, whom a lead or the DPO must still
-- erase the person from. It runs as its owner
-- (who sees every contact), so the caller says who they are; names only,
-- as legit_check_address tells of an address.
CREATE FUNCTION legit_held_elsewhere(p_hashes text[], p_rep bigint) RETURNS TABLE (owner_name text)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT DISTINCT COALESCE(r.name, '') FROM contacts c LEFT JOIN reps r ON r.id = c.owner_id
    WHERE (c.email_hash = ANY (p_hashes)
           OR EXISTS (SELECT 1 FROM contact_addresses a WHERE a.contact_id = c.id AND a.hash = ANY (p_hashes)))
      AND c.owner_id IS DISTINCT FROM p_rep
    ORDER BY 1
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_owner_name(bigint)', 'legit_held_elsewhere(text[], bigint)'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;

CREATE TABLE erasure_notices (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    rep_id      bigint NOT NULL REFERENCES reps(id),
    contact_ref text NOT NULL,
    reason      text NOT NULL,
    erased_at   timestamptz NOT NULL,
    drafts      integer NOT NULL DEFAULT 0,
    queued      integer NOT NULL DEFAULT 0,
    shown_at    timestamptz
);
CREATE INDEX erasure_notices_unshown ON erasure_notices(rep_id) WHERE shown_at IS NULL;

ALTER TABLE erasure_notices ENABLE ROW LEVEL SECURITY;
CREATE POLICY erasure_notices_read ON erasure_notices FOR SELECT USING (rep_id = legit_my_rep() OR legit_sees_team());
-- Anyone who erases tells the colleagues, about a ref the log shows erased
-- (so no member can put words of their own on a colleague's screen).
CREATE POLICY erasure_notices_add ON erasure_notices FOR INSERT WITH CHECK (
    EXISTS (SELECT 1 FROM events e WHERE e.kind = 'erasure' AND e.contact_ref = erasure_notices.contact_ref));
CREATE POLICY erasure_notices_shown ON erasure_notices FOR UPDATE USING (rep_id = legit_my_rep())
WITH CHECK (rep_id = legit_my_rep());

-- The work an erasure leaves outside the database is done by the client of
-- the rep it names: the outbox files and the mailbox are theirs.
CREATE INDEX pending_erasures_rep ON pending_erasures(rep_id);

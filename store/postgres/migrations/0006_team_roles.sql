-- 0006: a team in one organisation, enforced by PostgreSQL itself.
--
-- This step holds what lives in the database's own schema: the owner of
-- each contact, the sharing table, the functions the policies and the reps
-- call, the row-level-security policies and the triggers that guard the
-- suppression list. None of it names a role, so it runs the same on a
-- database with no team (the owner bypasses row-level security, and the
-- app as the owner works exactly as before).
--
-- The group roles (legit_rep, legit_lead, legit_dpo) and their grants are
-- not here: roles are the whole cluster's, not one database's, and creating
-- them needs CREATEROLE, which the owner of a hosted database may not have
-- when an ordinary client migrates. legit team init creates them (when
-- missing) and grants (store/postgres/team.sql), and can be run again after
-- every upgrade.
--
-- Who is who: a rep is the login role whose name is in reps.login; a lead is
-- a member of legit_lead, the DPO a member of legit_dpo.

-- The rep of the role that connected; NULL for a role that is no rep (the
-- owner running a migration, say).
CREATE FUNCTION legit_my_rep() RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM reps WHERE login = current_user
$$;

-- The name the log records for the role that connected.
CREATE FUNCTION legit_my_rep_name() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT name FROM reps WHERE login = current_user
$$;

-- Whether the role that connected is a member of the group role named
-- group_name; false when that role does not exist in this cluster.
CREATE FUNCTION legit_in_role(group_name text) RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = group_name AND pg_has_role(current_user, r.oid, 'MEMBER'))
$$;

-- A lead sees and changes the whole team; so does the DPO.
CREATE FUNCTION legit_sees_team() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT legit_in_role('legit_lead') OR legit_in_role('legit_dpo')
$$;

-- Every contact has an owner, the rep who first held it.
ALTER TABLE contacts ADD COLUMN owner_id bigint REFERENCES reps(id) DEFAULT legit_my_rep();
CREATE INDEX contacts_owner ON contacts(owner_id);
-- A contact handed to another rep is a change a form opened earlier must
-- not overwrite: the owner moves the row version too.
DROP TRIGGER contacts_version ON contacts;
CREATE TRIGGER contacts_version
BEFORE UPDATE OF ref, name, email, email_key, email_hash, company, position, country, language,
    relationship, status, basis_kind, basis_author, basis_at, purchase, purchase_at, informed_at,
    created_at, updated_at, legal_form, address_from_sale, objection_offered_at, informed_basis, owner_id
ON contacts FOR EACH ROW WHEN (NEW.version = OLD.version) EXECUTE FUNCTION legit_contact_version();

-- A contact a lead shared with a rep who does not own it.
CREATE TABLE contact_shares (
    contact_id bigint NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    rep_id     bigint NOT NULL REFERENCES reps(id),
    shared_at  timestamptz NOT NULL DEFAULT now(),
    shared_by  text NOT NULL DEFAULT current_user,
    PRIMARY KEY (contact_id, rep_id)
);
CREATE INDEX contact_shares_rep ON contact_shares(rep_id);

-- Rows with no contact of their own carry the rep they belong to.
ALTER TABLE inbox ADD COLUMN rep_id bigint REFERENCES reps(id) DEFAULT legit_my_rep();
ALTER TABLE pending_erasures ADD COLUMN rep_id bigint REFERENCES reps(id) DEFAULT legit_my_rep();

-- HMAC-SHA-256 with PostgreSQL's own sha256 (no extension needed): the
-- same keyed hash legit computes in Go (store.AddressHash).
CREATE FUNCTION legit_hmac(key bytea, msg bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    k bytea := key;
    ipad bytea;
    opad bytea;
BEGIN
    IF length(k) > 64 THEN
        k := sha256(k);
    END IF;
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    ipad := k;
    opad := k;
    FOR i IN 0..63 LOOP
        ipad := set_byte(ipad, i, get_byte(k, i) # 54);
        opad := set_byte(opad, i, get_byte(k, i) # 92);
    END LOOP;
    RETURN sha256(opad || sha256(ipad || msg));
END $$;

-- The suppression hash of an address's match key (contacts.MatchKey: the
-- lower-cased address), with the key no rep role can read. It answers a
-- hash, never the key, and the list stays unreadable.
CREATE FUNCTION legit_address_hash(match_key text) RETURNS text LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT encode(legit_hmac(value, convert_to(match_key, 'UTF8')), 'hex') FROM meta WHERE key = 'suppression_key'
$$;

-- The hash under which a whole domain is suppressed: the hash of
-- "@example.com".
CREATE FUNCTION legit_domain_hash(match_key text) RETURNS text LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT legit_address_hash('@' || split_part(match_key, '@', 2))
$$;

-- The suppression entry under one hash, for any role: the row, or none.
-- It answers about the hash asked for, never the list.
CREATE FUNCTION legit_suppression(h text) RETURNS TABLE (reason text, created_at timestamptz)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT s.reason, s.created_at FROM suppressions s WHERE s.hash = h
$$;

-- Whether an address (its match key) may not be written to, and, when a
-- colleague holds it, who and when they last wrote: what a rep may know of
-- an address without seeing the list or the colleague's contact.
CREATE FUNCTION legit_check_address(match_key text)
RETURNS TABLE (suppressed boolean, domain boolean, owner_name text, owner_email text, last_contact timestamptz)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT
        EXISTS (SELECT 1 FROM suppressions s WHERE s.hash = legit_address_hash(match_key)),
        EXISTS (SELECT 1 FROM suppressions s WHERE s.hash = legit_domain_hash(match_key)),
        r.name, r.email,
        (SELECT max(m.sent_at) FROM messages m WHERE m.contact_id = c.id AND m.state = 'sent')
    FROM (SELECT 1) one
    LEFT JOIN contacts c ON c.email_key = match_key
    LEFT JOIN reps r ON r.id = c.owner_id
$$;

-- A lead (or the DPO, or the owner) puts a whole domain on the suppression
-- list. It runs as the caller, so the check is on who called; a rep can
-- still add entries of their own to the list, which only ever stops more
-- email.
CREATE FUNCTION legit_suppress_domain(domain text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h text := legit_address_hash('@' || lower(domain));
BEGIN
    IF NOT (legit_in_role('legit_lead') OR legit_in_role('legit_dpo')
            OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'suppressions'::regclass), 'MEMBER')) THEN
        RAISE EXCEPTION 'only a lead can suppress a whole domain' USING ERRCODE = '42501';
    END IF;
    INSERT INTO suppressions (hash, reason, created_at) VALUES (h, 'manual', now()) ON CONFLICT DO NOTHING;
    RETURN h;
END $$;

-- The last link of the log, for every role: appends chain to the team's
-- last event even for a rep who sees only some of them.
CREATE FUNCTION legit_last_event() RETURNS TABLE (id bigint, hash text)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT e.id, e.hash FROM events e ORDER BY e.id DESC LIMIT 1
$$;

-- The owner of a contact, for the message a rep gets when the contact is a
-- colleague's: the name only.
CREATE FUNCTION legit_contact_owner(match_key text) RETURNS TABLE (owner_name text, owner_email text)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT r.name, r.email FROM contacts c JOIN reps r ON r.id = c.owner_id WHERE c.email_key = match_key
$$;

-- Inside the send transaction: a message is never reserved for sending to
-- a suppressed address or domain, whoever sends it and whatever the client
-- checked.
CREATE FUNCTION legit_send_guard() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    k text;
BEGIN
    SELECT c.email_key INTO k FROM contacts c WHERE c.id = NEW.contact_id;
    IF k IS NOT NULL AND EXISTS (SELECT 1 FROM suppressions s
            WHERE s.hash IN (legit_address_hash(k), legit_domain_hash(k))) THEN
        RAISE EXCEPTION 'the address is on the organisation''s suppression list: nobody in the organisation may email it'
            USING ERRCODE = 'P0001', HINT = 'legit_suppressed';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER messages_send_guard BEFORE UPDATE OF state ON messages FOR EACH ROW
WHEN (NEW.state = 'sending' AND OLD.state IS DISTINCT FROM 'sending') EXECUTE FUNCTION legit_send_guard();

-- The weekly counts are kept for every role, and changed by no rep.
ALTER FUNCTION legit_log_weeks() SECURITY DEFINER;

-- Every SECURITY DEFINER function looks only in this schema (and pg_catalog),
-- so no role can slip in a table or operator of its own.
DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_address_hash(text)', 'legit_domain_hash(text)', 'legit_suppression(text)',
            'legit_check_address(text)', 'legit_suppress_domain(text)', 'legit_last_event()',
            'legit_contact_owner(text)', 'legit_send_guard()', 'legit_log_weeks()'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;

-- Row-level security. The owner of the tables bypasses it (the app run by
-- the owner, one rep on their own database, works as before); every other
-- role sees and changes what these policies allow, and only what team.sql
-- grants it.

-- Contacts: the rep who owns one, a rep it is shared with, the lead and the
-- DPO. Only the DPO erases across the team.
ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY contacts_read ON contacts FOR SELECT USING (
    owner_id = legit_my_rep() OR legit_sees_team()
    OR EXISTS (SELECT 1 FROM contact_shares s WHERE s.contact_id = contacts.id AND s.rep_id = legit_my_rep()));
CREATE POLICY contacts_add ON contacts FOR INSERT WITH CHECK (owner_id = legit_my_rep() OR legit_sees_team());
CREATE POLICY contacts_change ON contacts FOR UPDATE USING (
    owner_id = legit_my_rep() OR legit_sees_team()
    OR EXISTS (SELECT 1 FROM contact_shares s WHERE s.contact_id = contacts.id AND s.rep_id = legit_my_rep()));
CREATE POLICY contacts_erase ON contacts FOR DELETE USING (owner_id = legit_my_rep() OR legit_in_role('legit_dpo'));

ALTER TABLE contact_shares ENABLE ROW LEVEL SECURITY;
CREATE POLICY contact_shares_read ON contact_shares FOR SELECT USING (rep_id = legit_my_rep() OR legit_sees_team());
CREATE POLICY contact_shares_lead ON contact_shares FOR ALL USING (legit_in_role('legit_lead')) WITH CHECK (legit_in_role('legit_lead'));

-- What hangs off a contact follows the contact: visible and changeable when
-- the contact is (the subquery runs under the contacts policies).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['sources', 'assessments', 'consents', 'consent_proposals', 'contact_addresses', 'export_files'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I FOR ALL USING (EXISTS (SELECT 1 FROM contacts c WHERE c.id = %I.contact_id))
            WITH CHECK (EXISTS (SELECT 1 FROM contacts c WHERE c.id = %I.contact_id))', t || '_of_contact', t, t, t);
    END LOOP;
END $$;

-- Messages: the rep's own, and those to contacts the rep sees.
ALTER TABLE messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_seen ON messages FOR ALL USING (
    rep_id = legit_my_rep() OR legit_sees_team() OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = messages.contact_id))
WITH CHECK (rep_id = legit_my_rep() OR legit_sees_team());

-- The inbox: the replies the rep synced, and those matched to contacts the
-- rep sees.
ALTER TABLE inbox ENABLE ROW LEVEL SECURITY;
CREATE POLICY inbox_seen ON inbox FOR ALL USING (
    rep_id = legit_my_rep() OR legit_sees_team() OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = inbox.contact_id))
WITH CHECK (rep_id = legit_my_rep() OR legit_sees_team() OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = inbox.contact_id));

-- Rights requests: those about contacts the rep sees; every request is the
-- DPO's and the lead's to see.
ALTER TABLE rights_requests ENABLE ROW LEVEL SECURITY;
CREATE POLICY rights_requests_seen ON rights_requests FOR ALL USING (
    legit_sees_team() OR EXISTS (SELECT 1 FROM contacts c WHERE c.id = rights_requests.contact_id))
WITH CHECK (true);

ALTER TABLE pending_erasures ENABLE ROW LEVEL SECURITY;
CREATE POLICY pending_erasures_seen ON pending_erasures FOR ALL USING (rep_id = legit_my_rep() OR legit_sees_team())
WITH CHECK (true);

ALTER TABLE import_batches ENABLE ROW LEVEL SECURITY;
CREATE POLICY import_batches_seen ON import_batches FOR ALL USING (rep_id = legit_my_rep() OR legit_sees_team())
WITH CHECK (rep_id = legit_my_rep() OR legit_sees_team());

-- The log: every member reads all of it, so that anyone can verify the one
-- chain (it is pseudonymous: contact references, never names or addresses;
-- a contact's name shows only to those who see the contact). Every role
-- appends under its own name; no role but the owner updates or deletes (no
-- grant, and the append-only triggers for the owner).
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY events_read ON events FOR SELECT USING (true);
CREATE POLICY events_append ON events FOR INSERT WITH CHECK (rep = legit_my_rep_name() OR legit_sees_team());

-- The suppression list: no role but the owner reads it. A rep reads the
-- entry of a contact they see (it is the contact's own status), adds
-- entries, and asks about any other address through legit_check_address.
ALTER TABLE suppressions ENABLE ROW LEVEL SECURITY;
CREATE POLICY suppressions_of_contact ON suppressions FOR SELECT USING (
    EXISTS (SELECT 1 FROM contacts c WHERE c.email_hash = suppressions.hash));
CREATE POLICY suppressions_add ON suppressions FOR INSERT WITH CHECK (true);

-- The key under which the list is hashed is no role's but the owner's.
ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
CREATE POLICY meta_not_the_key ON meta FOR ALL USING (key <> 'suppression_key') WITH CHECK (key <> 'suppression_key');

-- The organisation's settings: everyone reads, a lead changes.
ALTER TABLE organisation ENABLE ROW LEVEL SECURITY;
CREATE POLICY organisation_read ON organisation FOR SELECT USING (true);
CREATE POLICY organisation_lead ON organisation FOR UPDATE USING (legit_in_role('legit_lead')) WITH CHECK (legit_in_role('legit_lead'));

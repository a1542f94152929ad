-- legit team init: the group roles and what each may do, run by the owner
-- of the database after its migrations. Safe to run again (after an
-- upgrade, say): roles are created only when missing, grants repeat.
--
-- legit_rep  works their own contacts (and those shared with them);
-- legit_lead sees and changes the whole team's, sets the organisation's
--            settings, shares contacts, suppresses domains;
-- legit_dpo  sees the whole organisation's and erases across it.
-- Leads and the DPO are reps too (members of legit_rep). Which rows each
-- sees is decided by the policies of migration 0006; no group role owns a
-- table, so none can change the schema or drop a trigger.

DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['legit_rep', 'legit_lead', 'legit_dpo'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION WHEN duplicate_object OR unique_violation THEN
                NULL; -- another team init on this cluster made it meanwhile
            END;
        END IF;
    END LOOP;
    IF NOT pg_has_role('legit_lead', 'legit_rep', 'MEMBER') THEN
        GRANT legit_rep TO legit_lead;
    END IF;
    IF NOT pg_has_role('legit_dpo', 'legit_rep', 'MEMBER') THEN
        GRANT legit_rep TO legit_dpo;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO legit_rep', current_schema());
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO legit_rep', current_schema());
END $$;

-- The whole organisation's rows, filtered by the policies.
GRANT SELECT, INSERT, UPDATE, DELETE ON contacts, sources, assessments, consents, consent_proposals,
    contact_addresses, export_files, messages, inbox, rights_requests, pending_erasures, import_batches TO legit_rep;
-- The team's shared tables, with no personal data.
GRANT SELECT, INSERT, UPDATE, DELETE ON assessment_templates, sync_state TO legit_rep;
GRANT SELECT ON reps, organisation, refusal_registers, schema_migrations, contact_shares, log_weeks TO legit_rep;
-- The log: read (as the policies allow) and append; never update or delete.
-- An append names what happened; the server gives it its id, prev_hash and
-- hash (migrations 0014 and 0018), so those are no member's to insert.
GRANT SELECT ON events TO legit_rep;
REVOKE INSERT ON events FROM legit_rep;
GRANT INSERT (at, rep, kind, contact_ref, details) ON events TO legit_rep;
-- The suppression list: add to it; read only a seen contact's own entry.
GRANT SELECT, INSERT ON suppressions TO legit_rep;
-- The logs reps' databases brought when they joined (legit db copy): read
-- to verify them; never the keys those databases hashed with, nor their
-- suppression hashes (legit_check_address answers for them).
GRANT SELECT ON joined_events TO legit_rep;
GRANT SELECT (origin, file, joined_at) ON joined_keys TO legit_rep;
-- What a colleague is told when an erasure removed their draft: anyone
-- records it, each rep reads and marks shown their own (the policies).
GRANT SELECT, INSERT, UPDATE ON erasure_notices TO legit_rep;
-- Signed checkpoints: everyone verifies them; a lead signs.
GRANT SELECT ON checkpoints TO legit_rep;
GRANT INSERT ON checkpoints TO legit_lead;

-- The lead's: the organisation's settings, the refusal registers, sharing,
-- and the log's review marker (never the suppression key: the policy on
-- meta keeps it out).
GRANT UPDATE ON organisation TO legit_lead;
GRANT INSERT, UPDATE ON refusal_registers TO legit_lead;
GRANT INSERT, DELETE ON contact_shares TO legit_lead;
GRANT SELECT, INSERT, UPDATE ON meta TO legit_lead;

-- The functions a rep calls (the rest run inside triggers and policies).
GRANT EXECUTE ON FUNCTION legit_address_hash(text), legit_domain_hash(text), legit_suppression(text),
    legit_check_address(text), legit_contact_owner(text) TO legit_rep;
GRANT EXECUTE ON FUNCTION legit_org_first_contacts_since(timestamptz),
    legit_colleague_overlap(bigint, bigint, text, timestamptz) TO legit_rep;
GRANT EXECUTE ON FUNCTION legit_owner_name(bigint), legit_held_elsewhere(text[], bigint) TO legit_rep;
-- Every member records the contact list's rule version (marking every
-- contact to be worked out again when it changed; migration 0013).
GRANT EXECUTE ON FUNCTION legit_list_rule(bytea) TO legit_rep, legit_lead, legit_dpo;
GRANT EXECUTE ON FUNCTION legit_import_keys(text[], bytea[], bytea[]), legit_import_check(text[]),
    legit_import_owners(text[], bigint[], bigint[]) TO legit_rep;
-- The team's not-bulk rule: a name, a date and a ratio, never a colleague's
-- email (migration 0016).
GRANT EXECUTE ON FUNCTION legit_colleague_copy(bigint, bigint, bytea, timestamptz) TO legit_rep, legit_lead, legit_dpo;
GRANT EXECUTE ON FUNCTION legit_suppress_domain(text) TO legit_lead, legit_dpo;

-- The organisation row (migration 0002 made it; a restored database may
-- have lost it).
INSERT INTO organisation DEFAULT VALUES ON CONFLICT DO NOTHING;

-- Every contact has an owner: the rep whose import brought it, else the
-- rep who obtained its first source, else the rep running team init.
UPDATE contacts SET owner_id = COALESCE(
    (SELECT b.rep_id FROM sources s JOIN import_batches b ON b.id = s.batch_id
     WHERE s.contact_id = contacts.id ORDER BY s.id LIMIT 1),
    (SELECT r.id FROM sources s JOIN reps r ON r.name = s.obtained_by
     WHERE s.contact_id = contacts.id ORDER BY s.id, r.id LIMIT 1),
    legit_my_rep())
WHERE owner_id IS NULL;

-- Every open rights request has an assignee: the contact's owner when the
-- sync that received it left none.
UPDATE rights_requests q SET assignee_id = (SELECT c.owner_id FROM contacts c WHERE c.id = q.contact_id)
WHERE q.assignee_id IS NULL AND q.answered_at IS NULL AND q.contact_id IS NOT NULL;

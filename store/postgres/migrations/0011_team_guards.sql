-- 0011: the team guards at compose.
--   * organisation.overlap_days: how far back a colleague's email to the
--     same person or someone at the same company is pointed out (0: never);
--     overlap_refuse: the lead makes it a refusal instead of a warning.
--   * legit_org_first_contacts_since: the organisation's first contacts
--     since a time, for the organisation's daily cap (a rep sees only their
--     own messages).
--   * legit_colleague_overlap: the latest email another rep sent to this
--     contact or to someone at this company since a time: the rep's name,
--     the date and which of the two, never the email or the other contact.
ALTER TABLE organisation ADD COLUMN overlap_days integer NOT NULL DEFAULT 14 CHECK (overlap_days BETWEEN 0 AND 365);
ALTER TABLE organisation ADD COLUMN overlap_refuse boolean NOT NULL DEFAULT false;

CREATE FUNCTION legit_org_first_contacts_since(p_since timestamptz) RETURNS bigint
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT COUNT(*) FROM (
        SELECT m.contact_id, MIN(m.sent_at) AS first FROM messages m
        WHERE m.state = 'sent' AND m.kind <> 'access' GROUP BY m.contact_id
    ) AS firsts WHERE firsts.first >= p_since
$$;

CREATE FUNCTION legit_colleague_overlap(p_rep bigint, p_contact bigint, p_company text, p_since timestamptz)
RETURNS TABLE (rep_name text, sent_at timestamptz, same_person boolean)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    SELECT r.name, m.sent_at, m.contact_id = p_contact
    FROM messages m JOIN reps r ON r.id = m.rep_id JOIN contacts c ON c.id = m.contact_id
    WHERE m.rep_id <> p_rep AND m.state = 'sent' AND m.kind <> 'access' AND m.sent_at >= p_since
      AND (m.contact_id = p_contact OR (p_company <> '' AND lower(c.company) = lower(p_company)))
    ORDER BY m.contact_id = p_contact DESC, m.sent_at DESC LIMIT 1
$$;

DO $$
DECLARE
    f text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_org_first_contacts_since(timestamptz)',
            'legit_colleague_overlap(bigint, bigint, text, timestamptz)'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
END $$;

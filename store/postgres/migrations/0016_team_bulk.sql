-- 0016: the not-bulk rule across the team (issue 15).
--   * messages.fingerprint: the body's fingerprint with the recipient's
--     name and company taken out (outreach.Fingerprint: 128 bytes, 1,024
--     one-bit minwise hashes of its word pairs), stored when an email is
--     queued or sent. It is the body's, under the body's row-level
--     security; fingerprint_bits is the same as a bit string, to compare.
--     Messages stored before this step have none: the first time their rep
--     composes, legit computes the fingerprints of that rep's emails of the
--     window and stores them (outreach.Sender.Input); until then they are
--     compared, as before, only with their own rep's drafts.
--   * legit_colleague_copy: given a draft's fingerprint, the nearest email
--     another rep sent or queued to someone else since a time, when its
--     estimated ratio reaches the not-bulk rule's limit (0.9,
--     outreach.SimilarityLimit): the rep's name, the date, the ratio and
--     whether it still waits in their outbox; never the body, the recipient
--     or a fingerprint, and nothing at all below the limit (so it cannot
--     measure how close a guess comes).
ALTER TABLE messages ADD COLUMN fingerprint bytea CHECK (fingerprint IS NULL OR length(fingerprint) = 128);
ALTER TABLE messages ADD COLUMN fingerprint_bits bit(1024) GENERATED ALWAYS AS (
    CASE WHEN fingerprint IS NOT NULL THEN ('x' || encode(fingerprint, 'hex'))::bit(1024) END) STORED;

-- The window of fingerprinted emails, for the comparison.
CREATE INDEX messages_fingerprint_at ON messages ((COALESCE(sent_at, queued_at)))
    WHERE fingerprint IS NOT NULL AND state IN ('sent', 'queued') AND kind <> 'access';

-- The ratio is store.FingerprintRatio's: the share of equal bits E gives
-- the Jaccard ratio J = 2E - 1 (0 when below), and the rule's ratio is
-- 2J/(1+J). With J >= 9/11 the ratio reaches 0.9: E >= 10/11, at most 93 of
-- the 1,024 bits differ (93/1024 < 1/11 <= 94/1024).
CREATE FUNCTION legit_colleague_copy(p_rep bigint, p_contact bigint, p_fingerprint bytea, p_since timestamptz)
RETURNS TABLE (rep_name text, sent_at timestamptz, ratio double precision, queued boolean)
LANGUAGE sql STABLE STRICT SECURITY DEFINER AS $$
    WITH mine AS (
        SELECT ('x' || encode(p_fingerprint, 'hex'))::bit(1024) AS bits WHERE length(p_fingerprint) = 128
    ), near AS (
        SELECT m.rep_id, COALESCE(m.sent_at, m.queued_at) AS at, m.state = 'queued' AS queued,
            greatest(0, 2 * (1024 - bit_count(m.fingerprint_bits # mine.bits))::double precision / 1024 - 1) AS j
        FROM messages m, mine
        WHERE m.fingerprint IS NOT NULL AND m.state IN ('sent', 'queued') AND m.kind <> 'access'
          AND COALESCE(m.sent_at, m.queued_at) >= p_since
          AND m.rep_id <> p_rep AND m.contact_id <> p_contact
          AND bit_count(m.fingerprint_bits # mine.bits) <= 93
    )
    SELECT r.name, near.at, 2 * near.j / (1 + near.j), near.queued
    FROM near JOIN reps r ON r.id = near.rep_id
    ORDER BY 3 DESC, near.at DESC LIMIT 1
$$;

DO $$
DECLARE
    g text;
BEGIN
    EXECUTE format('ALTER FUNCTION legit_colleague_copy(bigint, bigint, bytea, timestamptz) SET search_path = %I, pg_catalog, pg_temp', current_schema());
    REVOKE ALL ON FUNCTION legit_colleague_copy(bigint, bigint, bytea, timestamptz) FROM PUBLIC;
    -- A database whose team roles exist already (team init ran before this
    -- step) lets them call it at once; team.sql grants it too.
    FOREACH g IN ARRAY ARRAY['legit_rep', 'legit_lead', 'legit_dpo'] LOOP
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = g) THEN
            EXECUTE format('GRANT EXECUTE ON FUNCTION legit_colleague_copy(bigint, bigint, bytea, timestamptz) TO %I', g);
        END IF;
    END LOOP;
END $$;

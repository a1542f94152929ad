-- 0021: the not-bulk rule across the team (issue 15). Every email queued or
-- sent keeps a fingerprint of its body with the recipient's name and
-- company taken out (outreach.Fingerprint: 128 bytes, 1,024 one-bit
-- minwise hashes of its word pairs), so that a draft can be compared with
-- the file's other reps' emails of the last 30 days without their text.
-- Messages stored before this step have none: the first time their rep
-- composes, legit computes the fingerprints of that rep's emails of the
-- window and stores them (outreach.Sender.Input); until then they are
-- compared, as before, only with their own rep's drafts.
ALTER TABLE messages ADD COLUMN fingerprint BLOB CHECK (fingerprint IS NULL OR length(fingerprint) = 128);

-- The window of fingerprinted emails with all the comparison reads, so that
-- it never reads the messages themselves (their bodies and raw copies).
CREATE INDEX messages_fingerprint_at ON messages(COALESCE(sent_at, queued_at), rep_id, contact_id, kind, state, fingerprint)
    WHERE fingerprint IS NOT NULL;

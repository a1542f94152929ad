-- 0004: the outbox is a queue, and a send belongs to its sender (as
-- SQLite's 0015).
--   * state 'queued': passed the checklist, waits in the local outbox for
--     an SMTP server (legit outbox send); sent to nobody, informs nobody.
--   * kind: 'email', 'notice' (the notice-only email) or 'access' (a copy
--     of the person's data, Art. 15 GDPR, which is not outreach).
--   * queued_at, queue_reason: when it was queued and why it still waits.
--   * confirmed: what the rep confirmed for the rule the email rests on.
--   * client, lease_until: the client instance that reserved a send and
--     until when; recovery after a crash looks only at its own
--     reservations and at those whose lease expired, never at a
--     colleague's send in progress.
ALTER TABLE messages DROP CONSTRAINT messages_state_check;
ALTER TABLE messages ADD CONSTRAINT messages_state_check
    CHECK (state IN ('draft', 'queued', 'sending', 'sent', 'unknown', 'failed'));
ALTER TABLE messages ADD COLUMN kind text NOT NULL DEFAULT 'email' CHECK (kind IN ('email', 'notice', 'access'));
ALTER TABLE messages ADD COLUMN queued_at timestamptz;
ALTER TABLE messages ADD COLUMN queue_reason text NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN confirmed text NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN client text NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN lease_until timestamptz;

-- 0007: data-subject rights and retention. When the contact last replied, so
-- that the retention period counts from the last sign of interest.
ALTER TABLE contacts ADD COLUMN last_reply_at TEXT;

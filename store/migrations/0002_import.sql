-- 0002: import batches record what an import did beyond the first counts.

ALTER TABLE import_batches ADD COLUMN source_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE import_batches ADD COLUMN rows_no_email INTEGER NOT NULL DEFAULT 0;

-- 0003: reusable legitimate-interest assessment templates, one per segment.
-- A template's text is copied into a contact when applied; editing the
-- contact's copy never changes the template.

CREATE TABLE assessment_templates (
    id         INTEGER PRIMARY KEY,
    segment    TEXT NOT NULL UNIQUE,
    purpose    TEXT NOT NULL,
    necessity  TEXT NOT NULL,
    balancing  TEXT NOT NULL,
    author     TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

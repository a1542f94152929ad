-- 0005: indexes for reading the outreach log newest first, filtered by kind,
-- contact or nothing at all (events_rep_at from 0001 serves --rep).

CREATE INDEX events_at ON events(at);
CREATE INDEX events_kind_at ON events(kind, at);
CREATE INDEX events_contact_at ON events(contact_ref, at);
DROP INDEX events_contact;

-- Weekly outreach per rep for the log screen's chart, kept by a trigger so
-- the chart reads a few rows however long the log grows. Weeks start on
-- Monday (UTC). A first contact is a send with "first":"true" or the long
-- notice; a notice is a notice event (the send path logs one for every long
-- notice, and the notice-only email logs one too); an
-- opt-out is a suppression for an opt-out or an objection (every opt-out is
-- suppressed, so opt_out events are not counted again).
CREATE TABLE log_weeks (
    rep            TEXT NOT NULL,
    week           TEXT NOT NULL,
    first_contacts INTEGER NOT NULL DEFAULT 0,
    notices        INTEGER NOT NULL DEFAULT 0,
    opt_outs       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (rep, week)
) WITHOUT ROWID;
CREATE INDEX log_weeks_week ON log_weeks(week);

CREATE TRIGGER events_log_weeks AFTER INSERT ON events
WHEN NEW.kind IN ('send', 'notice', 'suppression') AND json_valid(NEW.details) AND date(NEW.at) IS NOT NULL
BEGIN
    INSERT INTO log_weeks (rep, week, first_contacts, notices, opt_outs)
    VALUES (NEW.rep, date(NEW.at, '-6 days', 'weekday 1'),
        NEW.kind = 'send' AND (json_extract(NEW.details, '$.first') IS 'true' OR json_extract(NEW.details, '$.notice') IS 'long'),
        NEW.kind = 'notice',
        NEW.kind = 'suppression' AND IFNULL(json_extract(NEW.details, '$.reason'), '') IN ('opt_out', 'objection'))
    ON CONFLICT (rep, week) DO UPDATE SET
        first_contacts = first_contacts + excluded.first_contacts,
        notices = notices + excluded.notices,
        opt_outs = opt_outs + excluded.opt_outs;
END;

INSERT INTO log_weeks (rep, week, first_contacts, notices, opt_outs)
SELECT rep, date(at, '-6 days', 'weekday 1'),
    SUM(kind = 'send' AND (json_extract(details, '$.first') IS 'true' OR json_extract(details, '$.notice') IS 'long')),
    SUM(kind = 'notice'),
    SUM(kind = 'suppression' AND IFNULL(json_extract(details, '$.reason'), '') IN ('opt_out', 'objection'))
FROM events
WHERE kind IN ('send', 'notice', 'suppression') AND json_valid(details) AND date(at) IS NOT NULL
GROUP BY 1, 2;

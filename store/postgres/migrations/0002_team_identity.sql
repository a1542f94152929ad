-- 0002: who is who on a team database, and the organisation's settings.
--   * reps.login: the PostgreSQL role a rep connects as. The rep is the role
--     that connected (current_user), never what a config file says.
--   * organisation: one row with the controller's details the notice names,
--     the caps, retention periods and the tracking switch. On PostgreSQL
--     they live here, set by legit org set, and no rep's config overrides
--     them.
ALTER TABLE reps ADD COLUMN login text UNIQUE;

CREATE TABLE organisation (
    id                        boolean PRIMARY KEY DEFAULT true CHECK (id),
    name                      text NOT NULL DEFAULT '',
    address                   text NOT NULL DEFAULT '',
    privacy_url               text NOT NULL DEFAULT '',
    dpo                       text NOT NULL DEFAULT '',
    supervisory_authority     text NOT NULL DEFAULT '',
    recipients                text NOT NULL DEFAULT '',
    transfers                 text NOT NULL DEFAULT '',
    tracking                  boolean NOT NULL DEFAULT false,
    tracking_url              text NOT NULL DEFAULT '',
    daily_cap                 integer NOT NULL DEFAULT 40 CHECK (daily_cap > 0),
    org_daily_cap             integer NOT NULL DEFAULT 0 CHECK (org_daily_cap >= 0),
    retention_days            integer NOT NULL DEFAULT 180 CHECK (retention_days > 0),
    customer_retention_months integer NOT NULL DEFAULT 24 CHECK (customer_retention_months > 0),
    deadline_days             integer NOT NULL DEFAULT 0 CHECK (deadline_days BETWEEN 0 AND 30),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    updated_by                text NOT NULL DEFAULT ''
);
INSERT INTO organisation DEFAULT VALUES;

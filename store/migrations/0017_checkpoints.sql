-- 0017: signed checkpoints of the log (legit log checkpoint). A lead signs
-- the log's head (how many events, the last hash) with an Ed25519 key kept
-- outside the database; legit log verify then proves that the log up to
-- each checkpoint is the one the lead signed, even against someone who can
-- recompute every hash.
CREATE TABLE checkpoints (
    id         INTEGER PRIMARY KEY,
    events     INTEGER NOT NULL,
    head       TEXT NOT NULL,
    at         TEXT NOT NULL,
    signer     TEXT NOT NULL,
    public_key TEXT NOT NULL,
    signature  TEXT NOT NULL
);

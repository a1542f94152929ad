-- 0011: public refusal registers (BG: the KZP register of legal persons that
-- refuse unsolicited email; AT: the ECG list; PT: the Robinson list). The
-- addresses go on the suppression list as keyed hashes; this table keeps
-- only when each country's register was last imported, so the checklist can
-- say whether it was checked.
CREATE TABLE refusal_registers (
    country     TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    entries     INTEGER NOT NULL,
    imported_by TEXT NOT NULL
);

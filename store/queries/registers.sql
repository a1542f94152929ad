-- Refusal registers: when each country's list was last imported.

-- name: upsert-register
INSERT INTO refusal_registers (country, name, imported_at, entries, imported_by) VALUES (?, ?, ?, ?, ?)
ON CONFLICT(country) DO UPDATE SET name = excluded.name, imported_at = excluded.imported_at,
    entries = excluded.entries, imported_by = excluded.imported_by;

-- name: register-of
SELECT imported_at FROM refusal_registers WHERE country = ?;

-- name: list-registers
SELECT country, name, imported_at, entries, imported_by FROM refusal_registers ORDER BY country;

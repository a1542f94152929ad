-- Reps: the people who send.

-- name: insert-rep
INSERT INTO reps (name, email, created_at) VALUES (?, ?, ?)
ON CONFLICT(email) DO UPDATE SET name = excluded.name;

-- name: rep-by-email
SELECT id, name, email FROM reps WHERE email = ?;

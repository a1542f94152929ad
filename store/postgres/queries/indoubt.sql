-- The sends in doubt as a team's database lists them: whose the caller may
-- resolve is the engine's to say, from the role that connected, as the
-- policies of migration 0006 say whose sends it may change.

-- name: sends-in-doubt
-- A rep's own; every rep's for a lead, the DPO or the database's owner.
-- The rep ?1 counts only for a role that is no rep of the team: a rep
-- cannot widen the list by naming a colleague.
SELECT m.id, m.rep_id, r.name, COALESCE(c.ref, ''), COALESCE(c.name, ''), COALESCE(c.email, ''),
    m.subject, COALESCE(m.message_id, ''), m.state, m.updated_at, COALESCE(m.lease_until, m.updated_at)
FROM messages m JOIN reps r ON r.id = m.rep_id LEFT JOIN contacts c ON c.id = m.contact_id
WHERE (m.rep_id = COALESCE(legit_my_rep(), ?1) OR legit_sees_team() OR legit_is_owner())
  AND (m.state = 'unknown' OR (m.state = 'sending' AND (m.lease_until IS NULL OR m.lease_until < ?2)))
ORDER BY m.id;

-- name: count-sends-in-doubt
-- Those the caller's legit send --in-doubt lists: a lead's report counts
-- every rep's, a rep's their own.
SELECT COUNT(*) FROM messages m
WHERE (m.rep_id = legit_my_rep() OR legit_sees_team() OR legit_is_owner())
  AND (m.state = 'unknown' OR (m.state = 'sending' AND (m.lease_until IS NULL OR m.lease_until < ?)));

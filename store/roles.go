package store

import (
	"context"
	"database/sql"
	_ "embed" // team.sql
	"errors"
	"fmt"
	"regexp"
	"strings"

	"legit/contacts"
)

// teamSQL creates the team's group roles and grants them what each may do
// (store/postgres/team.sql): run by legit team init, again after upgrades.
//
//go:embed postgres/team.sql
var teamSQL string

// TeamRole is what a member of a team may do: a rep works their own
// contacts, a lead sees and changes the whole team's, the DPO sees the whole
// organisation's and erases across it.
type TeamRole string

// The team roles, and the PostgreSQL group role behind each.
const (
	RoleRep  TeamRole = "rep"
	RoleLead TeamRole = "lead"
	RoleDPO  TeamRole = "dpo"
)

// TeamRoles lists the roles in the order they are offered.
var TeamRoles = []TeamRole{RoleRep, RoleLead, RoleDPO}

// group is the PostgreSQL group role of r.
func (r TeamRole) group() string { return "legit_" + string(r) }

// ErrNoTeam is returned on SQLite, where one rep has the database to
// themselves: there are no roles.
var ErrNoTeam = errors.New("one rep's SQLite database has no team: use a PostgreSQL database (--db postgres://…)")

// ErrBadMember is returned for a team member legit cannot add or remove as
// asked (an unknown role, a login taken, a lead who is none).
var ErrBadMember = errors.New("cannot change the team that way")

// teamTables are the tables team.sql knows: it grants them, or keeps them
// for the owner on purpose (copied_rows, joined_suppressions: what legit db
// copy brought and only the server's functions read). Any other table in
// the schema (a newer migration's) is one the group roles cannot use until
// team.sql knows it.
var teamTables = []string{"assessment_templates", "assessments", "checkpoints", "consent_proposals", "consents",
	"contact_addresses", "contact_shares", "contacts", "copied_rows", "erasure_notices", "events", "export_files", "import_batches", "inbox",
	"joined_events", "joined_keys", "joined_suppressions", "log_weeks", "messages", "meta", "organisation",
	"pending_erasures", "refusal_registers", "reps", "rights_requests", "schema_migrations", "sources", "suppressions",
	"sync_state"}

// TeamInit creates the group roles legit_rep, legit_lead and legit_dpo when
// the cluster has none, grants each what it may do on this database's
// tables, makes sure the organisation row exists and gives every contact
// without an owner one. The schema and its row-level-security policies are
// already there (the migrations ran when the store opened). Run by the
// database's owner; running it again is harmless. It returns the tables it
// granted nothing on.
func (s *Store) TeamInit(ctx context.Context) (ungranted []string, err error) {
	if !s.Postgres() {
		return nil, ErrNoTeam
	}
	if err := s.InTx(ctx, func(t *Tx) error {
		if _, err := t.tx.ExecContext(ctx, teamSQL); err != nil {
			return fmt.Errorf("create the team's roles and grants: %w", err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	if err != nil {
		return nil, fmt.Errorf("list the tables: %w", err)
	}
	known := map[string]bool{}
	for _, t := range teamTables {
		known[t] = true
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list the tables: %w", err)
		}
		if !known[name] {
			ungranted = append(ungranted, name)
		}
	}
	return ungranted, closeRows(rows, "list the tables")
}

// Member is one person of the team: their reps row and their login role.
type Member struct {
	Rep
	Login  string
	Role   TeamRole
	Active bool // the role may log in
}

// loginPattern is what a login role legit creates may be called: plain
// lower-case PostgreSQL identifiers, which need no quoting in a URL.
var loginPattern = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// LoginFor proposes a login role for an address: its local part, lower
// case, with every character PostgreSQL would need quoted as _.
func LoginFor(email string) string {
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	b := []byte(local)
	for i, c := range b {
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			b[i] = '_'
		}
	}
	login := string(b)
	if login == "" || (login[0] >= '0' && login[0] <= '9') {
		login = "r_" + login
	}
	if len(login) > 63 {
		login = login[:63]
	}
	return login
}

// AddMember creates (or enables again) the login role login, makes it a
// member of role's group role (and of no other legit group), and records
// its reps row with name, email and login. legit stores no password: the
// database's admin sets one (\password) or uses the server's own
// authentication. by is who added them, for the log.
func (s *Store) AddMember(ctx context.Context, name, email string, role TeamRole, login, by string) (Member, error) {
	var m Member
	if !s.Postgres() {
		return m, ErrNoTeam
	}
	if !validRole(role) {
		return m, fmt.Errorf("role %q: %w (use rep, lead or dpo)", role, ErrBadMember)
	}
	email, err := contacts.NormalizeAddress(email)
	if err != nil {
		return m, fmt.Errorf("%w: %v", ErrBadMember, err)
	}
	name = contacts.Clean(name)
	if name == "" {
		return m, fmt.Errorf("%w: the name is empty", ErrBadMember)
	}
	if login == "" {
		login = LoginFor(email)
	}
	if !loginPattern.MatchString(login) || strings.HasPrefix(login, "legit_") || strings.HasPrefix(login, "pg_") {
		return m, fmt.Errorf("login %q: %w (use lower-case letters, digits and _, not starting with legit_ or pg_)", login, ErrBadMember)
	}
	err = s.InTx(ctx, func(t *Tx) error {
		var exists, ours bool
		if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?),
			EXISTS (SELECT 1 FROM reps WHERE login = ?)`, login, login).Scan(&exists, &ours); err != nil {
			return fmt.Errorf("look up role %s: %w", login, err)
		}
		if exists && !ours {
			return fmt.Errorf("a database role %s exists and is no member of this team: %w (pick another with --login)", login, ErrBadMember)
		}
		stmts := []string{`ALTER ROLE ` + ident(login) + ` LOGIN`}
		if !exists {
			stmts = []string{`CREATE ROLE ` + ident(login) + ` LOGIN`}
		}
		for _, r := range TeamRoles {
			if r != role {
				stmts = append(stmts, `REVOKE `+r.group()+` FROM `+ident(login))
			}
		}
		stmts = append(stmts, `GRANT `+role.group()+` TO `+ident(login))
		for _, q := range stmts {
			if _, err := t.tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
		err := t.tx.QueryRowContext(ctx, `INSERT INTO reps (name, email, created_at, login) VALUES (?, ?, ?, ?)
			ON CONFLICT (email) DO UPDATE SET name = excluded.name, login = excluded.login
			WHERE reps.login IS NULL OR reps.login = excluded.login
			RETURNING id`, name, email, timeText(s.now()), login).Scan(&m.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%s is already a member under another login: %w", email, ErrBadMember)
		}
		if err != nil {
			return fmt.Errorf("record %s: %w", email, err)
		}
		_, err = t.AppendEvent(Event{Rep: by, Kind: EventOrgSet,
			Details: map[string]string{"key": "team", "change": "add", "login": login, "role": string(role)}})
		return err
	})
	if err != nil {
		return m, err
	}
	m.Rep = Rep{ID: m.ID, Name: name, Email: email}
	m.Login, m.Role, m.Active = login, role, true
	return m, nil
}

// validRole reports whether r is one of TeamRoles.
func validRole(r TeamRole) bool {
	for _, x := range TeamRoles {
		if x == r {
			return true
		}
	}
	return false
}

// RemoveMember disables the login of the member with address email (the
// role stays, NOLOGIN, so the log's names keep their meaning and nothing
// they did is lost) and hands every contact they owned to the lead with
// address lead. It returns how many contacts moved.
func (s *Store) RemoveMember(ctx context.Context, email, lead, by string) (int64, error) {
	if !s.Postgres() {
		return 0, ErrNoTeam
	}
	var moved int64
	err := s.InTx(ctx, func(t *Tx) error {
		var gone, to Member
		if err := t.memberByEmail(email, &gone); err != nil {
			return err
		}
		if err := t.memberByEmail(lead, &to); err != nil {
			return err
		}
		if to.Role != RoleLead || !to.Active {
			return fmt.Errorf("%s is not an active lead of this team: %w (hand the contacts to a lead)", lead, ErrBadMember)
		}
		if gone.ID == to.ID {
			return fmt.Errorf("%w: the contacts would stay with the person removed", ErrBadMember)
		}
		if _, err := t.tx.ExecContext(ctx, `ALTER ROLE `+ident(gone.Login)+` NOLOGIN`); err != nil {
			return fmt.Errorf("disable login %s: %w", gone.Login, err)
		}
		res, err := t.tx.ExecContext(ctx, `UPDATE contacts SET owner_id = ? WHERE owner_id = ?`, to.ID, gone.ID)
		if err != nil {
			return fmt.Errorf("hand the contacts to %s: %w", lead, err)
		}
		if moved, err = res.RowsAffected(); err != nil {
			return fmt.Errorf("hand the contacts to %s: %w", lead, err)
		}
		if _, err := t.tx.ExecContext(ctx, `DELETE FROM contact_shares WHERE rep_id = ?`, gone.ID); err != nil {
			return fmt.Errorf("end what was shared with %s: %w", email, err)
		}
		_, err = t.AppendEvent(Event{Rep: by, Kind: EventOrgSet, Details: map[string]string{"key": "team", "change": "remove",
			"login": gone.Login, "to": to.Login, "contacts": fmt.Sprint(moved)}})
		return err
	})
	return moved, err
}

// memberQuery reads members with their group role and whether they may log
// in; a reps row without a login (one rep's database copied in) is none.
const memberQuery = `SELECT r.id, r.name, r.email, r.login, COALESCE(
		CASE WHEN pg_has_role(a.oid, 'legit_dpo', 'MEMBER') THEN 'dpo'
		     WHEN pg_has_role(a.oid, 'legit_lead', 'MEMBER') THEN 'lead'
		     WHEN pg_has_role(a.oid, 'legit_rep', 'MEMBER') THEN 'rep' END, ''), a.rolcanlogin
	FROM reps r JOIN pg_roles a ON a.rolname = r.login`

// memberByEmail reads the member with address email.
func (t *Tx) memberByEmail(email string, m *Member) error {
	addr, err := contacts.NormalizeAddress(email)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadMember, err)
	}
	var role string
	err = t.tx.QueryRowContext(t.ctx, memberQuery+` WHERE r.email = ?`, addr).Scan(&m.ID, &m.Name, &m.Email, &m.Login, &role, &m.Active)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s is not a member of this team: %w (legit team lists them)", addr, ErrBadMember)
	}
	if err != nil {
		return fmt.Errorf("find member %s: %w", addr, err)
	}
	m.Role = TeamRole(role)
	return nil
}

// Members lists the team's members (reps with a login role), by name.
func (s *Store) Members(ctx context.Context) ([]Member, error) {
	if !s.Postgres() {
		return nil, ErrNoTeam
	}
	rows, err := s.db.QueryContext(ctx, memberQuery+` ORDER BY lower(r.name), r.id`)
	if err != nil {
		return nil, fmt.Errorf("list the team: %w", err)
	}
	var out []Member
	for rows.Next() {
		var m Member
		var role string
		if err := rows.Scan(&m.ID, &m.Name, &m.Email, &m.Login, &role, &m.Active); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list the team: %w", err)
		}
		m.Role = TeamRole(role)
		out = append(out, m)
	}
	return out, closeRows(rows, "list the team")
}

// ShareContact lets the rep with address with see and change the contact
// with address email, though a colleague owns it (a lead's decision: the
// database refuses anyone else).
func (s *Store) ShareContact(ctx context.Context, email, with, by string) error {
	if !s.Postgres() {
		return ErrNoTeam
	}
	return s.InTx(ctx, func(t *Tx) error {
		var m Member
		if err := t.memberByEmail(with, &m); err != nil {
			return err
		}
		var id int64
		var ref string
		err := t.tx.QueryRowContext(ctx, `SELECT id, ref FROM contacts WHERE email_key = ?`, contacts.MatchKey(email)).Scan(&id, &ref)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("no contact with address %s: %w", email, ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("find contact %s: %w", email, err)
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO contact_shares (contact_id, rep_id, shared_by) VALUES (?, ?, current_user)
			ON CONFLICT DO NOTHING`, id, m.ID); err != nil {
			return fmt.Errorf("share the contact with %s: %w", m.Email, err)
		}
		_, err = t.AppendEvent(Event{Rep: by, Kind: EventOrgSet, ContactRef: ref,
			Details: map[string]string{"key": "team", "change": "share", "with": m.Login}})
		return err
	})
}

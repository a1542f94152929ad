package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// CopyReport says what CopyFrom did: the rows it added per table, the rows
// an earlier copy had already brought, and the log it kept.
type CopyReport struct {
	Origin string         // the rep's database, by the hash of its secret key
	Added  map[string]int // rows copied now, per table
	Held   map[string]int // rows an earlier copy of the same file brought
	// Shared counts contacts the team already held (the same address): the
	// rep's sources and history were added to the team's contact.
	Shared int
	// Suppressions counts addresses of the rep's suppression list now on
	// the team's; Foreign those known only by their hash under the rep's key
	// (people erased there), which every check here hashes for too.
	Suppressions, Foreign int
	Events                int    // events of the rep's log, kept as they were
	NewEvents             int    // of which this copy added
	Head                  string // the last hash of the rep's log
	// Owner is who the copied contacts belong to on a team database with
	// owners ("Name <email>"), or "" when the file named several reps.
	Owner string
	// added are the team's ids of the contacts this copy inserted, which
	// took the runner as owner by default until ownCopied gives them theirs.
	added []int64
}

// copyTable is how one table of a rep's database is copied: its columns
// that refer to rows of other tables, and the unique column that says a row
// is already here.
type copyTable struct {
	name   string
	refs   map[string]string // column → table whose copied ids it holds
	unique string            // a row whose value here already exists is that row
	noID   bool              // no id column: rows are copied as they are
}

// copyTables lists, in order of their references, the tables a copy
// brings. Every other table of a rep's database is in copySkipped.
var copyTables = []copyTable{
	{name: "reps", unique: "email"},
	{name: "import_batches", refs: map[string]string{"rep_id": "reps"}},
	{name: "contacts", unique: "email_key"},
	{name: "sources", refs: map[string]string{"contact_id": "contacts", "batch_id": "import_batches"}},
	{name: "assessments", refs: map[string]string{"contact_id": "contacts"}},
	{name: "assessment_templates", unique: "segment"},
	{name: "consents", refs: map[string]string{"contact_id": "contacts"}},
	{name: "messages", refs: map[string]string{"contact_id": "contacts", "rep_id": "reps"}, unique: "message_id"},
	{name: "inbox", refs: map[string]string{"contact_id": "contacts"}, unique: "message_id"},
	{name: "rights_requests", refs: map[string]string{"inbox_id": "inbox", "contact_id": "contacts", "assignee_id": "reps"}, unique: "inbox_id"},
	{name: "consent_proposals", refs: map[string]string{"inbox_id": "inbox", "contact_id": "contacts"}, unique: "inbox_id"},
	{name: "contact_addresses", refs: map[string]string{"contact_id": "contacts"}, noID: true},
	{name: "refusal_registers", noID: true},
	{name: "export_files", refs: map[string]string{"contact_id": "contacts"}},
}

// copySkipped are the tables of a rep's database a copy does not bring as
// rows, and why.
var copySkipped = map[string]string{
	"schema_migrations": "each engine has its own",
	"meta":              "the team has its own key; the rep's is kept in joined_keys",
	"suppressions":      "re-hashed under the team's key, or kept in joined_suppressions",
	"events":            "kept as they were in joined_events, chained",
	"log_weeks":         "added to the team's weekly counts on the first copy",
	"sync_state":        "the next sync reads the mailbox again; replies already held are skipped",
	"pending_erasures":  "a copy waits until they are finished",
	"erasure_notices":   "what the file's reps were told of erasures: the team's own are made by its erasures",
	"sqlite_sequence":   "SQLite's own",
	"checkpoints":       "they sign the rep's own log, which the joined event's head closes",
}

// ErrCopySource is returned when the rep's database cannot be copied as it
// is: an unknown table, erasures not finished, a log that does not verify.
var ErrCopySource = errors.New("the rep's database cannot be copied as it is")

// CopyFrom copies every table of one rep's SQLite database src into this
// team database (PostgreSQL), in one transaction, idempotently: a second
// copy of the same file adds only what is new. Contacts the team already
// holds (the same address) keep the team's row and gain the rep's sources
// and history. The rep's log is kept as it was, its chain verifiable, and
// the team's log records a joined event with its last hash. file names
// the rep's database in that event; rep is who runs the copy.
func (s *Store) CopyFrom(ctx context.Context, src *Store, file, rep string) (CopyReport, error) {
	r := CopyReport{Added: map[string]int{}, Held: map[string]int{}}
	if !s.Postgres() || src.Postgres() {
		return r, errors.New("legit db copy copies a rep's SQLite file into a team's PostgreSQL database")
	}
	if s.serverHash {
		return r, errors.New("copying a rep's database into the team's is the database owner's job (the role that ran legit team init): run legit db copy as the owner; the contacts become the rep's")
	}
	if err := src.checkCopyable(ctx); err != nil {
		return r, err
	}
	chain, err := src.VerifyChain(ctx)
	if err != nil {
		return r, fmt.Errorf("%w: its log does not verify (%v): run legit log verify on it", ErrCopySource, err)
	}
	sum := sha256.Sum256(src.key)
	r.Origin = hex.EncodeToString(sum[:8])
	err = s.InTx(ctx, func(t *Tx) error {
		first, err := t.joinKey(r.Origin, src.key, filepath.Base(file))
		if err != nil {
			return err
		}
		ids := map[string]map[int64]int64{}
		for _, tb := range copyTables {
			if ids[tb.name], err = t.copyTable(ctx, src, tb, r.Origin, ids, &r); err != nil {
				return fmt.Errorf("copy %s: %w", tb.name, err)
			}
		}
		if r.Owner, err = t.ownCopied(ctx, ids, r.added); err != nil {
			return err
		}
		if err := t.copySuppressions(ctx, src, r.Origin, &r); err != nil {
			return err
		}
		if first {
			if err := t.copyWeeks(ctx, src); err != nil {
				return err
			}
		}
		return t.copyEvents(ctx, src, r.Origin, filepath.Base(file), rep, chain, &r)
	})
	return r, err
}

// checkCopyable refuses a database with a table a copy does not know, or
// with erasures still to finish outside it.
func (s *Store) checkCopyable(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return fmt.Errorf("list the tables of the rep's database: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		known := slices.ContainsFunc(copyTables, func(c copyTable) bool { return c.name == name })
		if _, skipped := copySkipped[name]; !known && !skipped {
			return fmt.Errorf("%w: it has a table this legit does not know how to copy (%s): use the same legit version on both", ErrCopySource, name)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var pending int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pending_erasures`).Scan(&pending); err != nil {
		return fmt.Errorf("read pending erasures: %w", err)
	}
	if pending > 0 {
		return fmt.Errorf("%w: %d erasures still have files or mailbox copies to remove: open it with legit once (with its mail settings) to finish them", ErrCopySource, pending)
	}
	return nil
}

// joinKey records the rep's suppression key under origin and reports
// whether this is the file's first copy.
func (t *Tx) joinKey(origin string, key []byte, file string) (bool, error) {
	res, err := t.tx.ExecContext(t.ctx, `INSERT INTO joined_keys (origin, key, file, joined_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (origin) DO NOTHING`, origin, key, file, timeText(t.s.now()))
	if err != nil {
		return false, fmt.Errorf("record the rep's key: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// copyTable copies one table's rows that no earlier copy brought and
// returns the map from the rep's ids to the ids here.
func (t *Tx) copyTable(ctx context.Context, src *Store, tb copyTable, origin string, ids map[string]map[int64]int64, r *CopyReport) (map[int64]int64, error) {
	cols, err := t.sharedColumns(ctx, src, tb.name)
	if err != nil {
		return nil, err
	}
	mapped := map[int64]int64{}
	if !tb.noID {
		rows, err := t.tx.QueryContext(ctx, `SELECT old_id, new_id FROM copied_rows WHERE origin = ? AND tbl = ?`, origin, tb.name)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var o, n int64
			if err := rows.Scan(&o, &n); err != nil {
				rows.Close()
				return nil, err
			}
			mapped[o] = n
		}
		rows.Close()
	}
	sel := strings.Join(append([]string{"id"}, cols.names...), ", ")
	if tb.noID {
		sel = strings.Join(cols.names, ", ")
	}
	rows, err := src.db.QueryContext(ctx, `SELECT `+sel+` FROM `+tb.name)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var insert strings.Builder
	fmt.Fprintf(&insert, "INSERT INTO %s (%s) VALUES (%s) ON CONFLICT DO NOTHING", tb.name, strings.Join(cols.names, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(cols.names)), ", "))
	if !tb.noID {
		insert.WriteString(" RETURNING id")
	}
	for rows.Next() {
		vals := make([]any, len(cols.names))
		dest := make([]any, 0, len(vals)+1)
		var oldID int64
		if !tb.noID {
			dest = append(dest, &oldID)
		}
		for i := range vals {
			dest = append(dest, &vals[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		if _, done := mapped[oldID]; done && !tb.noID {
			r.Held[tb.name]++
			continue
		}
		skip := false
		for i, c := range cols.names {
			if ref, ok := tb.refs[c]; ok && vals[i] != nil {
				old, _ := vals[i].(int64)
				n, ok := ids[ref][old]
				if !ok { // it points at a row that was not copied
					skip = c != "batch_id" && c != "inbox_id"
					vals[i] = nil
					continue
				}
				vals[i] = n
			}
			vals[i] = pgValue(vals[i], cols.types[i])
		}
		if skip {
			continue
		}
		t.s.rekey(tb.name, cols.names, vals)
		if tb.noID {
			res, err := t.tx.ExecContext(ctx, insert.String(), vals...)
			if err != nil {
				return nil, err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				r.Added[tb.name]++
			} else {
				r.Held[tb.name]++
			}
			continue
		}
		var newID int64
		inserted := true
		err := t.tx.QueryRowContext(ctx, insert.String(), vals...).Scan(&newID)
		if errors.Is(err, sql.ErrNoRows) && tb.unique != "" {
			inserted = false
			// The team holds this row already: a contact by address, a rep
			// by email, a message by Message-ID.
			i := slices.Index(cols.names, tb.unique)
			err = t.tx.QueryRowContext(ctx, `SELECT id FROM `+tb.name+` WHERE `+tb.unique+` = ?`, vals[i]).Scan(&newID)
			if err == nil && tb.name == "contacts" {
				r.Shared++
			}
		}
		if errors.Is(err, sql.ErrNoRows) {
			continue // a conflict on another unique column: nothing to map to
		}
		if err != nil {
			return nil, err
		}
		if inserted {
			r.Added[tb.name]++
			if tb.name == "contacts" {
				r.added = append(r.added, newID)
			}
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO copied_rows (origin, tbl, old_id, new_id) VALUES (?, ?, ?, ?)`,
			origin, tb.name, oldID, newID); err != nil {
			return nil, err
		}
		mapped[oldID] = newID
	}
	return mapped, rows.Err()
}

// copyColumns are the columns of a table both databases have, with their
// types here.
type copyColumns struct{ names, types []string }

// sharedColumns lists the columns of table that the rep's database and this
// one both have, but the id and the columns this engine computes itself:
// the contact list's list_ columns are left to their defaults (list_search
// NULL), so that the team's database works them out under its own rule.
func (t *Tx) sharedColumns(ctx context.Context, src *Store, table string) (copyColumns, error) {
	var cc copyColumns
	rows, err := src.db.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		return cc, err
	}
	have := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return cc, err
		}
		have[n] = true
	}
	rows.Close()
	rows, err = t.tx.QueryContext(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = ? AND is_generated = 'NEVER' AND column_name <> 'id'
		ORDER BY ordinal_position`, table)
	if err != nil {
		return cc, err
	}
	defer rows.Close()
	for rows.Next() {
		var n, typ string
		if err := rows.Scan(&n, &typ); err != nil {
			return cc, err
		}
		if have[n] && (table != "contacts" || !strings.HasPrefix(n, "list_")) {
			cc.names, cc.types = append(cc.names, n), append(cc.types, typ)
		}
	}
	return cc, rows.Err()
}

// pgValue converts a value read from SQLite to what PostgreSQL's column of
// type typ takes: SQLite keeps booleans as integers and may hand text back
// as bytes.
func pgValue(v any, typ string) any {
	switch x := v.(type) {
	case int64:
		if typ == "boolean" {
			return x != 0
		}
	case []byte:
		if typ != "bytea" {
			return string(x)
		}
	case string:
		if typ == "bytea" {
			return []byte(x)
		}
		if strings.HasPrefix(typ, "timestamp") && x == "" {
			return nil
		}
	}
	return v
}

// rekey replaces, in a row being copied, the keyed hashes made with the
// rep's key by those made with the team's. A contact's name key is left to
// the team's next import to compute (NULL); its profile key cannot be made
// again (the profile address is not kept) and is dropped, so a LinkedIn
// row of that person joins the contact by name and company and gives it
// the team's.
func (s *Store) rekey(table string, cols []string, vals []any) {
	email := ""
	if i := slices.Index(cols, "email"); i >= 0 {
		email, _ = vals[i].(string)
	}
	for i, c := range cols {
		switch {
		case table == "contacts" && c == "email_hash", table == "contact_addresses" && c == "hash":
			if email == "" {
				vals[i] = nil
			} else {
				vals[i] = s.AddressHash(email)
			}
		case table == "contacts" && (c == "name_key" || c == "profile_key"):
			vals[i] = nil
		}
	}
}

// copySuppressions puts the rep's suppression list on the team's: each
// hash of an address the rep's database still holds is made again with the
// team's key; the rest (people erased there) are kept with the rep's key.
func (t *Tx) copySuppressions(ctx context.Context, src *Store, origin string, r *CopyReport) error {
	known := map[string]string{}
	for _, q := range []string{`SELECT email FROM contacts WHERE email IS NOT NULL AND email <> ''`, `SELECT email FROM contact_addresses`} {
		rows, err := src.db.QueryContext(ctx, q)
		if err != nil {
			return fmt.Errorf("read the rep's addresses: %w", err)
		}
		for rows.Next() {
			var e string
			if err := rows.Scan(&e); err != nil {
				rows.Close()
				return err
			}
			known[src.AddressHash(e)] = e
		}
		rows.Close()
	}
	rows, err := src.db.QueryContext(ctx, `SELECT hash, reason, created_at FROM suppressions`)
	if err != nil {
		return fmt.Errorf("read the rep's suppression list: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h, reason, at string
		if err := rows.Scan(&h, &reason, &at); err != nil {
			return err
		}
		if e, ok := known[h]; ok {
			if _, err := t.tx.ExecContext(ctx, `INSERT INTO suppressions (hash, reason, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
				t.s.AddressHash(e), reason, at); err != nil {
				return fmt.Errorf("copy a suppression: %w", err)
			}
			r.Suppressions++
			continue
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO joined_suppressions (hash, origin, reason, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, h, origin, reason, at); err != nil {
			return fmt.Errorf("keep a suppression: %w", err)
		}
		r.Foreign++
	}
	return rows.Err()
}

// copyWeeks adds the rep's weekly counts to the team's chart.
func (t *Tx) copyWeeks(ctx context.Context, src *Store) error {
	rows, err := src.db.QueryContext(ctx, `SELECT rep, week, first_contacts, notices, opt_outs FROM log_weeks`)
	if err != nil {
		return fmt.Errorf("read the rep's weekly counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var rep, week string
		var f, n, o int
		if err := rows.Scan(&rep, &week, &f, &n, &o); err != nil {
			return err
		}
		if _, err := t.tx.ExecContext(ctx, `INSERT INTO log_weeks (rep, week, first_contacts, notices, opt_outs) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (rep, week) DO UPDATE SET first_contacts = log_weeks.first_contacts + excluded.first_contacts,
			notices = log_weeks.notices + excluded.notices, opt_outs = log_weeks.opt_outs + excluded.opt_outs`, rep, week, f, n, o); err != nil {
			return fmt.Errorf("copy weekly counts: %w", err)
		}
	}
	return rows.Err()
}

// copyEvents keeps the rep's log as it was, beside the team's, and records
// in the team's log that it joined, with its last hash: once per copy that
// brought new events.
func (t *Tx) copyEvents(ctx context.Context, src *Store, origin, file, rep string, chain ChainReport, r *CopyReport) error {
	rows, err := src.db.QueryContext(ctx, `SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash FROM events ORDER BY id`)
	if err != nil {
		return fmt.Errorf("read the rep's log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at, erep, kind, ref, details, prev, hash string
		if err := rows.Scan(&id, &at, &erep, &kind, &ref, &details, &prev, &hash); err != nil {
			return err
		}
		res, err := t.tx.ExecContext(ctx, `INSERT INTO joined_events (origin, id, at, rep, kind, contact_ref, details, prev_hash, hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, origin, id, at, erep, kind, ref, details, prev, hash)
		if err != nil {
			return fmt.Errorf("keep the rep's log: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			r.NewEvents++
		}
		r.Events++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	r.Head = chain.Head
	if r.NewEvents == 0 {
		return nil
	}
	_, err = t.AppendEvent(Event{Rep: rep, Kind: EventJoined, Details: map[string]string{
		"origin": origin, "file": file, "events": strconv.Itoa(chain.Events), "head": chain.Head}})
	return err
}

// JoinedChain is the outcome of verifying the log one rep's database
// brought when it joined the team.
type JoinedChain struct {
	Origin, File string
	Events       int
	Head         string // hash of the last intact event
	// Recorded is the last hash the team's joined event for this origin
	// carries; a chain whose head differs lost events from its end.
	Recorded string
	Err      error // a *ChainError at the first broken link, or nil
}

// VerifyJoined recomputes the chains of the logs reps' databases brought
// when they joined the team (legit db copy). One rep's SQLite database has
// none.
func (s *Store) VerifyJoined(ctx context.Context) ([]JoinedChain, error) {
	if !s.Postgres() {
		return nil, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT k.origin, k.file, COALESCE((SELECT e.details_json->>'head' FROM events e
		WHERE e.kind = 'joined' AND e.details_json->>'origin' = k.origin ORDER BY e.id DESC LIMIT 1), '')
		FROM joined_keys k ORDER BY k.joined_at, k.origin`)
	if err != nil {
		return nil, fmt.Errorf("read joined logs: %w", err)
	}
	var out []JoinedChain
	for rows.Next() {
		var j JoinedChain
		if err := rows.Scan(&j.Origin, &j.File, &j.Recorded); err != nil {
			rows.Close()
			return nil, fmt.Errorf("read joined logs: %w", err)
		}
		out = append(out, j)
	}
	if err := closeRows(rows, "read joined logs"); err != nil {
		return nil, err
	}
	for i := range out {
		if err := s.verifyJoined(ctx, &out[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// verifyJoined checks one joined log's chain, event by event.
func (s *Store) verifyJoined(ctx context.Context, j *JoinedChain) error {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, rep, kind, contact_ref, details, prev_hash, hash
		FROM joined_events WHERE origin = ? ORDER BY id`, j.Origin)
	if err != nil {
		return fmt.Errorf("read joined log %s: %w", j.Origin, err)
	}
	defer rows.Close()
	v := NewChainVerifier()
	for rows.Next() {
		l, err := scanLink(rows)
		if err != nil {
			return fmt.Errorf("read joined log %s: %w", j.Origin, err)
		}
		if j.Err == nil {
			j.Err = v.Add(l)
		}
	}
	j.Events, j.Head = v.Count(), v.Head()
	return rows.Err()
}

// ownCopied gives the contacts a copy brought, on a team database with
// owners (legit team init), to the rep whose database it was, when the
// file names one rep; otherwise team init gives them owners by import.
// added are those this copy inserted: they took whoever runs the copy as
// their owner (the column's default) and become the rep's too; a contact
// the team held already keeps its owner.
func (t *Tx) ownCopied(ctx context.Context, ids map[string]map[int64]int64, added []int64) (string, error) {
	var owned bool
	if err := t.tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = 'contacts' AND column_name = 'owner_id')`).Scan(&owned); err != nil {
		return "", fmt.Errorf("look for contact owners: %w", err)
	}
	if !owned || len(ids["reps"]) != 1 {
		return "", nil
	}
	var rep int64
	for _, id := range ids["reps"] {
		rep = id
	}
	contactIDs := make([]int64, 0, len(ids["contacts"]))
	for _, id := range ids["contacts"] {
		contactIDs = append(contactIDs, id)
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE contacts SET owner_id = ? WHERE (owner_id IS NULL AND id = ANY(?)) OR id = ANY(?)`, rep, contactIDs, added)
	if err != nil {
		return "", fmt.Errorf("give the copied contacts their rep: %w", err)
	}
	var name, email string
	if err := t.tx.QueryRowContext(ctx, `SELECT name, email FROM reps WHERE id = ?`, rep).Scan(&name, &email); err != nil {
		return "", fmt.Errorf("read the copied contacts' rep: %w", err)
	}
	return name + " <" + email + ">", nil
}

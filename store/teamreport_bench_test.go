package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// teamData is the size of a synthetic team database: reps, contacts per
// rep and events over two years up to benchEnd; one in shareEvery of a
// rep's contacts works at a company shared with colleagues.
type teamData struct {
	reps, contactsPerRep, events, shareEvery int
}

// benchTeam is the lead's dashboard at scale: 50 reps of 20,000 contacts
// each and a million events.
var benchTeam = teamData{reps: 50, contactsPerRep: 20_000, events: 1_000_000, shareEvery: 25}

// teamDataVersion names the generator below in the cache key: change it
// when fillTeam makes different data.
const teamDataVersion = "team-2"

// teamSpan is how long the synthetic log runs: two years before benchEnd.
const teamSpan = 2 * 365 * 24 * time.Hour

// fillTeam writes a team's data with set-based SQL (a recursive CTE on
// SQLite, generate_series on PostgreSQL), in the transaction of exec:
//
//   - reps "Rep 01".."Rep NN";
//   - contacts: contact c belongs to rep c % reps; one in shareEvery of a
//     rep's contacts works at a company shared with four colleagues'
//     contacts ("Shared k-g"), the rest at the rep's own companies of ten
//     people;
//   - events spread evenly over two years, rep i % reps: 20% contact added,
//     10% basis, 25% first sends, 20% follow-ups, 10% notices, 2% opt-outs,
//     1% objections, 2% bounces (suppressions), 3% queued, 2% taken back
//     out of the queue (not sent), 5% imports; each names one of the first
//     40% of the rep's contacts (the rest were imported and never written to);
//   - a sent message for every send; a reply in the inbox for one send in
//     20 (one in 20 of those an out-of-office, one a bounce, one an opt-out,
//     one an objection), a few hours later;
//   - 1,000 rights requests over the last 60 days, 300 of them open.
//
// The events' hashes are not a chain: the data is for reading.
func fillTeam(ctx context.Context, s *Store, exec func(string) error, d teamData) error {
	pg := s.Postgres()
	n := func(from, to string) string {
		if pg {
			return fmt.Sprintf("generate_series(%s::bigint, %s) AS n(i)", from, to)
		}
		return fmt.Sprintf("(WITH RECURSIVE n(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM n WHERE i < %s) SELECT i FROM n) AS n", from, to)
	}
	text := func(epoch string) string { // a time as the log writes it
		if pg {
			return fmt.Sprintf(`to_char(to_timestamp(%s) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`, epoch)
		}
		return fmt.Sprintf(`strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', %s, 'unixepoch')`, epoch)
	}
	ts := text // a time column
	if pg {
		ts = func(epoch string) string { return fmt.Sprintf("to_timestamp(%s)", epoch) }
	}
	ref := func(c string) string {
		if pg {
			return fmt.Sprintf("'c-' || lpad(to_hex(%s), 16, '0')", c)
		}
		return fmt.Sprintf("printf('c-%%016x', %s)", c)
	}
	repName := func(r string) string { // r counts from 0
		return fmt.Sprintf("'Rep ' || CASE WHEN %[1]s < 9 THEN '0' ELSE '' END || (%[1]s + 1)", r)
	}
	end := benchEnd.Unix()
	step := int64(teamSpan/time.Second) / int64(d.events)
	active := d.contactsPerRep * 2 / 5
	// ev is every event: its number i, rep r, the rep's count j, the bucket
	// b that picks the kind, the contact c and the time t.
	ev := fmt.Sprintf(`(SELECT i, r, j, (j * 37 + r * 11) %% 100 AS b, ((j * j * 31 + j * 7919 + r * 104729) %% %d) * %d + r AS c, %d - (%d - i) * %d AS t
		FROM (SELECT i, i %% %d AS r, i / %d AS j FROM %s) x) ev`,
		active, d.reps, end, d.events-1, step, d.reps, d.reps, n("0", fmt.Sprint(d.events-1)))
	kind := `CASE WHEN b < 20 THEN 'contact_added' WHEN b < 30 THEN 'basis' WHEN b < 75 THEN 'send' WHEN b < 85 THEN 'notice'
		WHEN b < 90 THEN 'suppression' WHEN b < 95 THEN 'queued' ELSE 'import' END`
	details := `CASE WHEN b < 20 THEN '{"relationship":"prospect","source_kind":"linkedin"}'
		WHEN b < 30 THEN '{"basis":"legitimate_interest"}'
		WHEN b < 55 THEN '{"basis":"legitimate_interest","first":"true","notice":"long","source_kind":"linkedin","tracking":"off"}'
		WHEN b < 75 THEN '{"basis":"legitimate_interest","notice":"short","source_kind":"linkedin","tracking":"off"}'
		WHEN b < 85 THEN '{"notice":"long","source_kind":"business_card"}'
		WHEN b < 87 THEN '{"reason":"opt_out"}'
		WHEN b < 88 THEN '{"reason":"objection"}'
		WHEN b < 90 THEN '{"reason":"bounce"}'
		WHEN b < 93 THEN '{"kind":"email","message_id":"<q@bench.example>","notice":"short"}'
		WHEN b < 95 THEN '{"kind":"email","message_id":"<q@bench.example>","outcome":"not_sent"}'
		ELSE '{"batch":"7","source_kind":"linkedin"}' END`
	reply := `b >= 30 AND b < 75 AND (j * 31) % 20 = 0`
	// On PostgreSQL a contact and an inbox row carry their rep.
	owner, ownerValue := "", ""
	if pg {
		owner, ownerValue = ", owner_id", ", r + 1"
	}
	inboxRep := strings.Replace(owner, "owner_id", "rep_id", 1)
	stmts := []string{
		fmt.Sprintf(`INSERT INTO reps (id, name, email, created_at) SELECT i + 1, %s, 'rep' || i || '@bench.example', %s FROM %s`,
			repName("i"), ts(fmt.Sprint(end-int64(teamSpan/time.Second))), n("0", fmt.Sprint(d.reps-1))),
		fmt.Sprintf(`INSERT INTO contacts (id, ref, name, email, email_key, company, basis_kind, basis_author, basis_at, created_at, updated_at%[6]s)
			SELECT c + 1, %[1]s, 'Person ' || c, 'p' || c || '@bench.example', 'p' || c || '@bench.example',
				CASE WHEN k %% %[8]d = 0 THEN 'Shared ' || (k / %[8]d) || '-' || (r / 5) ELSE 'Company ' || r || '-' || (k / 10) END,
				'legitimate_interest', %[2]s, %[3]s, %[3]s, %[3]s%[7]s
			FROM (SELECT i AS c, i %% %[4]d AS r, i / %[4]d AS k FROM %[5]s) x`,
			ref("c"), repName("r"), ts(fmt.Sprint(end-int64(teamSpan/time.Second))), d.reps, n("0", fmt.Sprint(d.reps*d.contactsPerRep-1)), owner, ownerValue, d.shareEvery),
		fmt.Sprintf(`INSERT INTO events (id, at, rep, kind, contact_ref, details, prev_hash, hash)
			SELECT i + 1, %s, %s, %s, %s, %s, 'bench', 'bench' FROM %s`, text("t"), repName("r"), kind, ref("c"), details, ev),
		fmt.Sprintf(`INSERT INTO messages (id, contact_id, rep_id, message_id, subject, body, notice_form, state, created_at, sent_at, updated_at)
			SELECT i + 1, c + 1, r + 1, '<m' || i || '@bench.example>', 'Hello', 'Hello there', CASE WHEN b < 55 THEN 'long' ELSE 'short' END,
				'sent', %[1]s, %[1]s, %[1]s
			FROM %[2]s WHERE b >= 30 AND b < 75`, ts("t"), ev),
		fmt.Sprintf(`INSERT INTO inbox (id, message_id, mailbox, uid, contact_id, matched_by, sender, subject, class, received_at, synced_at%s)
			SELECT i + 1, '<r' || i || '@bench.example>', 'INBOX', i + 1, c + 1, 'sender', 'p' || c || '@bench.example', 'Re: Hello',
				CASE (j / 20) %% 20 WHEN 0 THEN 'out_of_office' WHEN 1 THEN 'bounce' WHEN 2 THEN 'opt_out' WHEN 3 THEN 'objection' ELSE 'other' END,
				%s, %s%s
			FROM %s WHERE %s`, inboxRep, ts("t + 3600 * (1 + i % 48)"), ts("t + 3600 * (1 + i % 48)"), ownerValue, ev, reply),
	}
	due := `strftime('%Y-%m-%dT%H:%M:%SZ', t, 'unixepoch', '+1 month')`
	answered := text("t + 5 * 86400")
	if pg {
		due, answered = "to_timestamp(t) + interval '1 month'", "to_timestamp(t + 5 * 86400)"
	}
	stmts = append(stmts, fmt.Sprintf(`INSERT INTO rights_requests (id, contact_id, contact_ref, kind, received_at, due_at, answered_at)
		SELECT i + 1, c + 1, %s, CASE WHEN i %% 2 = 0 THEN 'erasure' ELSE 'access' END, %s, %s,
			CASE WHEN i %% 10 < 3 THEN NULL ELSE %s END
		FROM (SELECT i, ((i * 7919) %% %d) * %d + i %% %d AS c, %d - i * 5184 AS t FROM %s) x`,
		ref("c"), ts("t"), due, answered, active, d.reps, d.reps, end, n("0", "999")))
	if pg { // the identities go on after the ids given
		for _, t := range []string{"reps", "contacts", "events", "messages", "inbox", "rights_requests"} {
			stmts = append(stmts, fmt.Sprintf(`SELECT setval(pg_get_serial_sequence('%[1]s', 'id'), (SELECT max(id) FROM %[1]s))`, t))
		}
	}
	for _, q := range stmts {
		if err := exec(q); err != nil {
			return fmt.Errorf("%.60s…: %w", strings.TrimSpace(q), err)
		}
	}
	return nil
}

// benchTeamStore returns a store on the engine under test holding
// benchTeam. The data is built once and kept for later runs, keyed by the
// schema and the generator: an SQLite file in the temp dir, or a
// PostgreSQL schema bench_team_<hash> on the LEGIT_TEST_POSTGRES server.
func benchTeamStore(b *testing.B) *Store {
	b.Helper()
	dir := "migrations"
	if onPostgres() {
		dir = "postgres/migrations"
	}
	ms, err := migrationsIn(dir)
	if err != nil {
		b.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s %+v\x00", teamDataVersion, benchTeam)
	for _, m := range ms {
		h.Write([]byte(m.name + "\x00" + m.sql))
	}
	key := fmt.Sprintf("%x", h.Sum(nil)[:6])
	if onPostgres() {
		return benchTeamPostgres(b, key)
	}
	return benchTeamSQLite(b, key)
}

// benchTeamSQLite builds (once) and opens the SQLite team database.
func benchTeamSQLite(b *testing.B, key string) *Store {
	path := filepath.Join(os.TempDir(), "legit-bench-team-"+key, "store.db")
	return cachedBenchSQLite(b, path, []string{"contacts", "events", "messages", "inbox"}, func(tx *Tx) error {
		return fillTeam(context.Background(), tx.s, func(q string) error { _, err := tx.tx.Exec(q); return err }, benchTeam)
	})
}

// benchTeamPostgres builds (once) and opens the team database in the
// schema bench_team_<key> of the LEGIT_TEST_POSTGRES server. The schema is
// complete when its meta holds bench_team; one left half-built is made
// again. The fill runs with session_replication_role = replica (the server
// role must be a superuser): no trigger fires, foreign keys included.
func benchTeamPostgres(b *testing.B, key string) *Store {
	ctx := context.Background()
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	schema := "bench_team_" + key
	admin, err := openPostgresDB(url, "")
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	conn, err := admin.Conn(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	// One benchmark process at a time builds.
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext(?))`, schema); err != nil {
		b.Fatal(err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtext(?))`, schema) //nolint:errcheck
	sep := "?"
	if strings.Contains(url, "?") {
		sep = "&"
	}
	dsn := url + sep + "search_path=" + schema
	var done bool
	err = conn.QueryRowContext(ctx, `SELECT to_regclass(? || '.meta') IS NOT NULL`, schema).Scan(&done)
	if err == nil && done {
		err = conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+schema+`.meta WHERE key = 'bench_team')`).Scan(&done)
	}
	if err != nil {
		b.Fatal(err)
	}
	if !done {
		start := time.Now()
		if _, err := conn.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+schema+` CASCADE`); err != nil {
			b.Fatal(err)
		}
		if _, err := conn.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			b.Fatal(err)
		}
		s, err := Open(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		c, err := s.db.Conn(ctx)
		if err != nil {
			b.Fatal(err)
		}
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		exec := func(q string) error { _, err := tx.ExecContext(ctx, q); return err }
		if err := exec(`SET LOCAL session_replication_role = replica`); err != nil {
			b.Fatal(err)
		}
		if err := fillTeam(ctx, s, exec, benchTeam); err != nil {
			b.Fatal(err)
		}
		if err := exec(`INSERT INTO meta (key, value) VALUES ('bench_team', '\x01')`); err != nil {
			b.Fatal(err)
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		for _, t := range []string{"reps", "contacts", "events", "messages", "inbox", "rights_requests"} {
			if _, err := c.ExecContext(ctx, `ANALYZE `+t); err != nil {
				b.Fatal(err)
			}
		}
		_ = c.Close()
		_ = s.Close()
		b.Logf("built the team database (%+v) in schema %s in %s", benchTeam, schema, time.Since(start).Round(time.Millisecond))
	}
	// What autovacuum does to tables only inserted into, done now: pages
	// all visible, so that index-only scans skip the rows. A VACUUM right
	// after the fill may not get there while another session's transaction
	// is older than the fill; it is tried again on every run.
	rows, err := conn.QueryContext(ctx, `SELECT relname FROM pg_class WHERE relnamespace = ?::regnamespace AND relkind = 'r'
		AND relname IN ('contacts', 'events', 'messages', 'inbox', 'rights_requests') AND relallvisible < relpages`, schema)
	if err != nil {
		b.Fatal(err)
	}
	var stale []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			b.Fatal(err)
		}
		stale = append(stale, t)
	}
	if err := closeRows(rows, "list tables to vacuum"); err != nil {
		b.Fatal(err)
	}
	for _, t := range stale {
		if _, err := conn.ExecContext(ctx, `VACUUM `+schema+`.`+t); err != nil {
			b.Fatal(err)
		}
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// BenchmarkTeamReport is the lead's dashboard (legit team report, t on the
// log) on 50 reps × 20,000 contacts × 1,000,000 events, for the default
// span of 4 weeks (the first frame; the target: 200 ms) and the widest, 26:
// ns/op once the connections and caches are warm, first-ms for the first
// report of a store opened just before.
func BenchmarkTeamReport(b *testing.B) {
	s := benchTeamStore(b)
	ctx := context.Background()
	monday := weekOf(benchEnd)
	for _, weeks := range []int{4, 26} {
		b.Run(fmt.Sprintf("weeks_%d", weeks), func(b *testing.B) {
			since := monday.AddDate(0, 0, -7*(weeks-1))
			// first-ms: the report as a store opened just now reads it first,
			// on new connections (legit started, t pressed).
			fresh, err := Open(ctx, s.where)
			if err != nil {
				b.Fatal(err)
			}
			start := time.Now()
			if _, err := fresh.TeamReport(ctx, since); err != nil {
				b.Fatal(err)
			}
			first := time.Since(start)
			_ = fresh.Close()
			var r TeamReport
			for b.Loop() {
				var err error
				if r, err = s.TeamReport(ctx, since); err != nil {
					b.Fatal(err)
				}
			}
			if len(r.Weeks) < benchTeam.reps*weeks || len(r.Requests) != 300 {
				b.Fatalf("TeamReport() = %d rep-weeks, %d open requests; want %d+, 300", len(r.Weeks), len(r.Requests), benchTeam.reps*weeks)
			}
			b.ReportMetric(float64(first)/float64(time.Millisecond), "first-ms")
			b.ReportMetric(float64(len(r.Weeks)), "rep-weeks")
			b.ReportMetric(float64(len(r.Overlaps)), "overlaps")
		})
	}
}

// TestTeamReportMatchesLog: on a small team of the benchmark's making (and
// events whose time has an offset, a rep with no name, a send with no
// details), the report the engine counts agrees with one counted in Go from
// the rows themselves, for spans that start on a Monday and in mid-week.
func TestTeamReportMatchesLog(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	small := teamData{reps: 7, contactsPerRep: 300, events: 30_000, shareEvery: 3}
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := fillTeam(ctx, s, func(q string) error { _, err := tx.tx.Exec(q); return err }, small); err != nil {
			return err
		}
		for _, e := range []struct{ at, rep, kind, details string }{
			{"2026-11-22T23:30:00-02:00", "Rep 01", "send", `{"first":"true"}`}, // Sunday where it was written, Monday in UTC
			{"2026-11-17T10:00:00+01:00", "", "notice", `{}`},
			{"2026-11-18T10:00:00Z", "Rep 02", "send", `{}`},
			{"2026-11-18T11:00:00Z", "Rep 02", "suppression", `{"reason":"erasure"}`},
			{"2026-11-18T12:00:00Z", "Rep 09", "queued", `{"outcome":"sent"}`},
		} {
			if _, err := tx.tx.Exec(`INSERT INTO events (at, rep, kind, contact_ref, details, prev_hash, hash) VALUES (?, ?, ?, 'c-x', ?, 'test', 'test')`,
				e.at, e.rep, e.kind, e.details); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	monday := weekOf(benchEnd)
	overlaps := 0
	for _, since := range []time.Time{monday, monday.AddDate(0, 0, -21), monday.AddDate(0, 0, -7*25), monday.AddDate(0, 0, -30).Add(9 * time.Hour), benchEnd.AddDate(-3, 0, 0)} {
		got, err := s.TeamReport(ctx, since)
		if err != nil {
			t.Fatalf("TeamReport(%s) = %v", since, err)
		}
		want := teamReportInGo(t, s, since)
		if len(got.Weeks) != len(want.Weeks) {
			t.Fatalf("since %s: %d rep-weeks, want %d", since, len(got.Weeks), len(want.Weeks))
		}
		for i := range want.Weeks {
			if got.Weeks[i] != want.Weeks[i] {
				t.Errorf("since %s: week %d = %+v, want %+v", since, i, got.Weeks[i], want.Weeks[i])
			}
		}
		if fmt.Sprint(got.Overlaps) != fmt.Sprint(want.Overlaps) {
			t.Errorf("since %s: overlaps =\n%v\nwant\n%v", since, got.Overlaps, want.Overlaps)
		}
		if len(got.Weeks) == 0 || len(got.Requests) != 300 {
			t.Errorf("since %s: %d rep-weeks, %d open requests: the data tests too little", since, len(got.Weeks), len(got.Requests))
		}
		overlaps += len(got.Overlaps)
	}
	if overlaps < 10 {
		t.Errorf("%d overlaps in all: the data tests too little", overlaps)
	}
}

// teamReportInGo counts the report's weeks and overlaps in Go from the
// rows since a time: every event decoded, every reply and message read.
func teamReportInGo(t *testing.T, s *Store, since time.Time) TeamReport {
	t.Helper()
	var r TeamReport
	weeks := map[[2]string]*RepWeek{}
	week := func(rep string, at time.Time) *RepWeek {
		k := [2]string{rep, weekOf(at).Format(time.DateOnly)}
		if weeks[k] == nil {
			weeks[k] = &RepWeek{Rep: rep, Week: weekOf(at)}
		}
		return weeks[k]
	}
	scan := func(q string, fn func(*sql.Rows) error) {
		rows, err := s.db.Query(q, timeText(since))
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := fn(rows); err != nil {
				t.Fatal(err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	scan(`SELECT rep, kind, at, details FROM events WHERE at >= ? AND kind IN ('send', 'notice', 'suppression', 'queued')`, func(rows *sql.Rows) error {
		var rep, kind, at, details string
		if err := rows.Scan(&rep, &kind, &at, &details); err != nil {
			return err
		}
		tm, err := parseTime(at)
		if err != nil {
			return err
		}
		var d map[string]string
		if err := json.Unmarshal([]byte(details), &d); err != nil {
			return err
		}
		w := week(rep, tm)
		switch {
		case kind == "send" && (d["first"] == "true" || d["notice"] == "long"):
			w.FirstContacts++
		case kind == "send":
			w.FollowUps++
		case kind == "notice":
			w.Notices++
		case kind == "suppression" && d["reason"] == "opt_out":
			w.OptOuts++
		case kind == "suppression" && d["reason"] == "objection":
			w.Objections++
		case kind == "suppression" && d["reason"] == "bounce":
			w.Bounces++
		case kind == "queued" && d["outcome"] == "not_sent":
			w.NotSent++
		}
		return nil
	})
	scan(`SELECT `+fmt.Sprintf(lastWriter, "i.contact_id", "i.received_at")+`, i.received_at
		FROM inbox i WHERE i.received_at >= ? AND i.contact_id IS NOT NULL AND i.class NOT IN ('bounce', 'out_of_office')`, func(rows *sql.Rows) error {
		var rep, at string
		if err := rows.Scan(&rep, &at); err != nil {
			return err
		}
		tm, err := parseTime(at)
		if err == nil && rep != "" {
			week(rep, tm).Replies++
		}
		return err
	})
	for _, w := range weeks {
		r.Weeks = append(r.Weeks, *w)
	}
	sort.Slice(r.Weeks, func(i, j int) bool {
		if !r.Weeks[i].Week.Equal(r.Weeks[j].Week) {
			return r.Weeks[i].Week.Before(r.Weeks[j].Week)
		}
		return r.Weeks[i].Rep < r.Weeks[j].Rep
	})
	type acc struct {
		reps   map[string]bool
		people map[int64]bool
		last   time.Time
	}
	byCompany := map[string]*acc{}
	scan(`SELECT lower(c.company), rp.name, c.id, m.sent_at FROM messages m
		JOIN contacts c ON c.id = m.contact_id JOIN reps rp ON rp.id = m.rep_id
		WHERE m.state = 'sent' AND m.sent_at >= ? AND c.company <> '' ORDER BY m.sent_at`, func(rows *sql.Rows) error {
		var company, rep, at string
		var id int64
		if err := rows.Scan(&company, &rep, &id, &at); err != nil {
			return err
		}
		tm, err := parseTime(at)
		a := byCompany[company]
		if a == nil {
			a = &acc{reps: map[string]bool{}, people: map[int64]bool{}}
			byCompany[company] = a
		}
		a.reps[rep], a.people[id], a.last = true, true, tm
		return err
	})
	for company, a := range byCompany {
		if len(a.reps) < 2 {
			continue
		}
		o := Overlap{Company: company, People: len(a.people), Last: a.last}
		for rep := range a.reps {
			o.Reps = append(o.Reps, rep)
		}
		sort.Strings(o.Reps)
		r.Overlaps = append(r.Overlaps, o)
	}
	sort.Slice(r.Overlaps, func(i, j int) bool {
		if !r.Overlaps[i].Last.Equal(r.Overlaps[j].Last) {
			return r.Overlaps[i].Last.After(r.Overlaps[j].Last)
		}
		return r.Overlaps[i].Company < r.Overlaps[j].Company
	})
	return r
}

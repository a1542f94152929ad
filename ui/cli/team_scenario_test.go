package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"legit/contacts"
	"legit/store"
)

// teamMember is one person of the scenario: a login role of the team
// database and a home of their own (config, outbox, lead key), used by
// every legit process they run.
type teamMember struct {
	name, email, role string
	url               string // the team database as their login role
	home              string
}

// legitProc runs the legit binary as one member: a separate process with
// its own home, connected as their own role.
type legitProc struct {
	bin string
	env []string // the environment without the member's folders
}

// command is the process of `legit --db URL args…` as m.
func (p legitProc) command(m teamMember, args ...string) *exec.Cmd {
	cmd := exec.Command(p.bin, append([]string{"--db", m.url}, args...)...)
	cmd.Env = append(append([]string{}, p.env...), "HOME="+m.home, "XDG_CONFIG_HOME="+m.home,
		"XDG_DATA_HOME="+m.home, "XDG_CACHE_HOME="+m.home)
	cmd.Dir = m.home
	return cmd
}

// run runs `legit args…` as m and returns stdout, stderr and the exit code.
func (p legitProc) run(t *testing.T, m teamMember, args ...string) (string, string, int) {
	t.Helper()
	cmd := p.command(m, args...)
	var out, errw bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errw
	err := cmd.Run()
	if err != nil && cmd.ProcessState == nil {
		t.Fatalf("run legit %v as %s: %v", args, m.name, err)
	}
	return out.String(), errw.String(), cmd.ProcessState.ExitCode()
}

// mustJSON runs `legit args…` as m, wants exit 0, and decodes its stdout
// into v.
func (p legitProc) mustJSON(t *testing.T, m teamMember, v any, args ...string) {
	t.Helper()
	out, errOut, code := p.run(t, m, args...)
	if code != 0 {
		t.Fatalf("legit %s as %s: exit %d:\n%s%s", strings.Join(args, " "), m.name, code, out, errOut)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		t.Fatalf("legit %s as %s printed no JSON (%v):\n%s", strings.Join(args, " "), m.name, err, out)
	}
}

// requirePostgres is the server LEGIT_TEST_POSTGRES names. Without it the
// test skips locally; on CI (CI=true) it fails, as the store's PostgreSQL
// pass does.
func requirePostgres(t *testing.T) string {
	t.Helper()
	url := os.Getenv("LEGIT_TEST_POSTGRES")
	if url == "" && os.Getenv("CI") == "true" {
		t.Fatal("LEGIT_TEST_POSTGRES is not set, and CI runs the team tests on PostgreSQL (.ci/run starts a cluster)")
	}
	if url == "" {
		t.Skip("needs PostgreSQL: set LEGIT_TEST_POSTGRES=postgres://… (.ci/run starts one)")
	}
	return url
}

// teamLogins drops the login roles a test made when it ends (roles are the
// whole cluster's, not the schema's).
func teamLogins(t *testing.T, url string) *[]string {
	t.Helper()
	raw, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	var logins []string
	t.Cleanup(func() {
		for _, l := range logins {
			_, _ = raw.Exec(`DROP OWNED BY ` + l)
			_, _ = raw.Exec(`DROP ROLE ` + l)
		}
		_ = raw.Close()
	})
	return &logins
}

// scenarioIMAP is an in-process IMAP server with one mailbox, Robin's.
func scenarioIMAP(t *testing.T, user, pw string) (*imapmemserver.User, int) {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(user, pw)
	for _, box := range []string{"INBOX", "Sent"} {
		if err := u.Create(box, nil); err != nil {
			t.Fatal(err)
		}
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return u, ln.Addr().(*net.TCPAddr).Port
}

// The people of the scenario's files: three both Robin and Sam have, and
// the one who objects (Robin's only).
var (
	sharedPeople = [][4]string{
		{"Ada Lind", "ada.lind@delta-shared.example", "Delta Shared AB", "SE"},
		{"Bo Berg", "bo.berg@delta-shared.example", "Delta Shared AB", "SE"},
		{"Cleo Nyström", "cleo.nystrom@gamma-shared.example", "Gamma Shared AB", "SE"},
	}
	objector = [4]string{"Xavier Holm", "xavier.holm@objector-ab.example", "Objector AB", "SE"}
)

// writePeople writes a spreadsheet of people (name, address, company,
// country) into dir.
func writePeople(t *testing.T, dir, name string, people ...[4]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("Name,Email,Company,Country\n")
	for _, p := range people {
		fmt.Fprintf(&b, "%s,%s,%s,%s\n", p[0], p[1], p[2], p[3])
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestTeamScenario (issue 15): three reps and a lead, and the DPO, each
// running the real legit binary as separate processes against one
// PostgreSQL team database, each connected as their own login role:
//
//   - Robin and Sam import files that share three people at the same time;
//     each shared person ends up with exactly one owner, the other's report
//     says whose, and nobody is doubled;
//   - Robin emails Xavier (an in-process SMTP server); Xavier's objection
//     arrives in Robin's inbox (an in-process IMAP server) and Robin's sync
//     records it; Sam, with whom the lead shared Xavier, is refused naming
//     the suppression rule, and Kim's import of Xavier is skipped;
//   - the DPO erases Xavier; no member's contacts, export or log shows him;
//   - the lead's team report agrees with the events of the lead's log.
func TestTeamScenario(t *testing.T) {
	url := requirePostgres(t)
	db := pgTestDB(t)
	logins := teamLogins(t, url)
	bin := buildLegit(t)
	work := t.TempDir()
	tag := randomTag(t)

	team := newTeamSetup(t, bin, db, work, "s"+tag, logins, "LEGIT_TEST_SMTP=s3cret", "LEGIT_TEST_IMAP=s3cret-pw")
	p, add := team.p, func(name, email, role string) teamMember { return team.add(t, name, email, role) }
	robin := add("Robin Maes", "robin@northwind.example", "rep")
	sam := add("Sam Peeters", "sam@northwind.example", "rep")
	kim := add("Kim Jansen", "kim@northwind.example", "rep")
	lena := add("Lena Lead", "lena@northwind.example", "lead")
	dana := add("Dana Privacy", "dana@northwind.example", "dpo")
	everyone := []teamMember{robin, sam, kim, lena, dana}
	team.setOrg(t, lena)

	sink := &mailSink{}
	smtpPort := startSink(t, sink)
	inbox, imapPort := scenarioIMAP(t, "robin", "s3cret-pw")
	smtpConf := fmt.Sprintf("[smtp]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"rep\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SMTP\"\n", smtpPort)
	imapConf := fmt.Sprintf("[imap]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"robin\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_IMAP\"\n", imapPort)
	for _, m := range []teamMember{robin, sam} {
		conf := smtpConf
		if m == robin {
			conf += imapConf
		}
		if err := os.WriteFile(filepath.Join(m.home, "legit", "config.toml"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// 1. Overlapping imports, at the same time.
	robinFile := writePeople(t, work, "robin.csv", append([][4]string{objector,
		{"Rita Roos", "rita.roos@robin-only.example", "Robin Only AB", "SE"}}, sharedPeople...)...)
	samFile := writePeople(t, work, "sam.csv", append(append([][4]string{}, sharedPeople...),
		[4]string{"Sara Sund", "sara.sund@sam-only.example", "Sam Only AB", "SE"},
		[4]string{"Stig Sten", "stig.sten@sam-only.example", "Sam Only AB", "SE"})...)
	type importJSON struct {
		Result struct {
			Imported   int `json:"imported"`
			Suppressed int `json:"suppressed"`
			Owned      int `json:"owned"`
			OwnedBy    []struct {
				Owner string `json:"owner"`
				Rows  int    `json:"rows"`
			} `json:"owned_by"`
		} `json:"result"`
	}
	imports := map[string]*exec.Cmd{}
	outs := map[string]*bytes.Buffer{}
	for _, im := range []struct {
		m    teamMember
		file string
	}{{robin, robinFile}, {sam, samFile}} {
		cmd := p.command(im.m, "import", im.file, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026", "--json")
		outs[im.m.name] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[im.m.name], outs[im.m.name]
		imports[im.m.name] = cmd
	}
	for _, cmd := range imports {
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
	}
	res := map[string]importJSON{}
	for name, cmd := range imports {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("%s's import: %v:\n%s", name, err, outs[name])
		}
		var r importJSON
		if err := json.Unmarshal(outs[name].Bytes(), &r); err != nil {
			t.Fatalf("%s's import printed no JSON (%v):\n%s", name, err, outs[name])
		}
		res[name] = r
	}
	t.Logf("concurrent imports: Robin %+v, Sam %+v", res[robin.name].Result, res[sam.name].Result)
	if n := res[robin.name].Result.Imported + res[sam.name].Result.Imported; n != 2+2+len(sharedPeople) {
		t.Errorf("the two imports made %d new contacts, want %d: each shared person once", n, 4+len(sharedPeople))
	}
	if n := res[robin.name].Result.Owned + res[sam.name].Result.Owned; n != len(sharedPeople) {
		t.Errorf("%d rows reported as a colleague's, want %d (each shared person once)", n, len(sharedPeople))
	}
	for me, other := range map[string]string{robin.name: sam.name, sam.name: robin.name} {
		r := res[me].Result
		n := 0
		for _, o := range r.OwnedBy {
			if o.Owner != other {
				t.Errorf("%s's import says %d rows are owned by %q, want %q", me, o.Rows, o.Owner, other)
			}
			n += o.Rows
		}
		if n != r.Owned {
			t.Errorf("%s's import: owned %d but owned_by adds up to %d", me, r.Owned, n)
		}
	}
	type contactJSON struct {
		Name       string `json:"name"`
		Email      string `json:"email"`
		Suppressed bool   `json:"suppressed"`
	}
	view := func(m teamMember) map[string]contactJSON {
		var list []contactJSON
		p.mustJSON(t, m, &list, "contacts", "--json")
		seen := map[string]contactJSON{}
		for _, c := range list {
			if _, dup := seen[c.Email]; dup {
				t.Errorf("%s sees %s twice", m.name, c.Email)
			}
			seen[c.Email] = c
		}
		return seen
	}
	robinSees, samSees := view(robin), view(sam)
	for _, sp := range sharedPeople {
		_, r := robinSees[sp[1]]
		_, s := samSees[sp[1]]
		if r == s {
			t.Errorf("%s: Robin sees it %v, Sam %v; want exactly one owner", sp[1], r, s)
		}
	}
	if all := view(lena); len(all) != 4+len(sharedPeople) {
		t.Errorf("the lead sees %d contacts, want %d", len(all), 4+len(sharedPeople))
	}
	if _, ok := robinSees[objector[1]]; !ok {
		t.Fatalf("Robin does not see %s after importing him", objector[1])
	}

	// 2. Robin emails Xavier; his objection arrives in Robin's inbox.
	setBasisAs(t, robin, objector[1])
	body := filepath.Join(work, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Xavier,\n\nhow does Objector plan its depot routes this winter?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	type sendJSON struct {
		OK        bool   `json:"ok"`
		Sent      bool   `json:"sent"`
		MessageID string `json:"message_id"`
		Error     string `json:"error"`
		Checklist []struct {
			Rule string `json:"rule"`
			OK   bool   `json:"ok"`
			Why  string `json:"why"`
		} `json:"checklist"`
	}
	var sent sendJSON
	p.mustJSON(t, robin, &sent, "send", "--to", objector[1], "--subject", "Depot routes", "--body-file", body, "--json")
	if !sent.Sent || sent.MessageID == "" || len(sink.messages()) != 1 {
		t.Fatalf("Robin's send: %+v, %d messages at the SMTP server; want sent, one", sent, len(sink.messages()))
	}
	reply := fmt.Sprintf("From: %s <%s>\r\nTo: %s\r\nSubject: Re: Depot routes\r\nDate: %s\r\nMessage-ID: <objection-%s@objector-ab.example>\r\nIn-Reply-To: <%s>\r\n"+
		"Content-Type: text/plain; charset=utf-8\r\n\r\nI object to the use of my data for direct marketing. Do not email me again.\r\n",
		objector[0], objector[1], robin.email, time.Now().Format(time.RFC1123Z), tag, strings.Trim(sent.MessageID, "<>"))
	if _, err := inbox.Append("INBOX", lit{strings.NewReader(reply)}, &imap.AppendOptions{}); err != nil {
		t.Fatal(err)
	}
	var synced struct {
		New   int            `json:"new"`
		Acted map[string]int `json:"acted"`
	}
	p.mustJSON(t, robin, &synced, "sync", "--json")
	if synced.New != 1 || synced.Acted["objection"] != 1 {
		t.Fatalf("Robin's sync: %+v, want one new reply acted on as an objection", synced)
	}

	// Sam cannot see Xavier: the refusal names his owner. Shared by the
	// lead, Sam's send is refused by the organisation's suppression list.
	out, errOut, code := p.run(t, sam, "send", "--to", objector[1], "--subject", "Routes", "--body-file", body, "--json")
	if code != 1 || !strings.Contains(out+errOut, "Robin Maes") {
		t.Errorf("Sam's send to Robin's contact: exit %d, want 1 naming the owner:\n%s%s", code, out, errOut)
	}
	if out, errOut, code := p.run(t, lena, "team", "share", objector[1], "--with", sam.email); code != 0 {
		t.Fatalf("the lead shares Xavier with Sam: exit %d:\n%s%s", code, out, errOut)
	}
	var refused sendJSON
	out, errOut, code = p.run(t, sam, "send", "--to", objector[1], "--subject", "Routes", "--body-file", body, "--json")
	if err := json.Unmarshal([]byte(out), &refused); err != nil || code != 1 || refused.Sent {
		t.Fatalf("Sam's send after the objection: exit %d (%v), want 1 and not sent:\n%s%s", code, err, out, errOut)
	}
	named := false
	for _, it := range refused.Checklist {
		if it.Rule == "not-suppressed" && !it.OK && it.Why != "" {
			named = true
		}
	}
	if !named {
		t.Errorf("Sam's refusal does not name the not-suppressed rule with its reason:\n%s", out)
	}
	if n := len(sink.messages()); n != 1 {
		t.Errorf("%d messages reached the SMTP server, want only Robin's", n)
	}
	kimFile := writePeople(t, work, "kim.csv", objector,
		[4]string{"Karl Krantz", "karl.krantz@kim-only.example", "Kim Only AB", "SE"})
	var kimRes importJSON
	p.mustJSON(t, kim, &kimRes, "import", kimFile, "--source-kind", "event", "--source-detail", "Kim's booth visitors", "--json")
	if kimRes.Result.Imported != 1 || kimRes.Result.Suppressed != 1 {
		t.Errorf("Kim's import of Xavier and Karl: %+v, want Karl new and Xavier skipped as suppressed", kimRes.Result)
	}

	// 3. The DPO erases Xavier: nothing of him is left in anyone's view.
	if out, errOut, code := p.run(t, dana, "erase", objector[1], "--yes"); code != 0 || !strings.Contains(out, "Erased") {
		t.Fatalf("the DPO's erasure: exit %d:\n%s%s", code, out, errOut)
	}
	for _, m := range everyone {
		for email, c := range view(m) {
			if email == objector[1] || strings.Contains(c.Name, "Xavier") {
				t.Errorf("%s still sees %s <%s> after the erasure", m.name, c.Name, email)
			}
		}
		out, errOut, code := p.run(t, m, "export", objector[1])
		if code != 1 || !strings.Contains(errOut, "suppression list") || strings.Contains(out, "Xavier") {
			t.Errorf("%s's export of Xavier after the erasure: exit %d, want 1 saying only that he is suppressed:\n%s%s", m.name, code, out, errOut)
		}
		out, errOut, code = p.run(t, m, "log", "--json", "--limit", "0")
		if code != 0 || strings.Contains(out, "Xavier") || strings.Contains(out, "xavier") || strings.Contains(out, "objector-ab") {
			t.Errorf("%s's log after the erasure: exit %d, want no trace of Xavier:\n%s%s", m.name, code, out, errOut)
		}
		out, errOut, code = p.run(t, m, "log", "--contact", objector[1], "--json")
		if code != 1 || strings.Contains(out, "Xavier") || !strings.Contains(errOut, "no contact has the address") {
			t.Errorf("%s's search of the log for Xavier after the erasure: exit %d, want 1 and nothing found:\n%s%s", m.name, code, out, errOut)
		}
	}

	// 4. The lead's report agrees with the lead's log.
	var report store.TeamReport
	p.mustJSON(t, lena, &report, "team", "report", "--json")
	var events []struct {
		At      time.Time         `json:"at"`
		Rep     string            `json:"rep"`
		Kind    string            `json:"kind"`
		Details map[string]string `json:"details"`
	}
	p.mustJSON(t, lena, &events, "log", "--json", "--limit", "0")
	// Each event counts in its rep's week (from Monday, UTC), as the
	// report's help says: a send is a first contact when it was the first
	// email or carried the long notice, else a follow-up.
	type repWeek struct {
		rep  string
		week string
	}
	monday := func(at time.Time) string {
		d := at.UTC()
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7)).Format(time.DateOnly)
	}
	want := map[repWeek]store.RepWeek{}
	for _, e := range events {
		if e.At.Before(report.Since) {
			continue
		}
		k := repWeek{e.Rep, monday(e.At)}
		w := want[k]
		switch {
		case e.Kind == "send" && (e.Details["first"] == "true" || e.Details["notice"] == "long"):
			w.FirstContacts++
		case e.Kind == "send":
			w.FollowUps++
		case e.Kind == "notice":
			w.Notices++
		case e.Kind == "suppression" && e.Details["reason"] == "opt_out":
			w.OptOuts++
		case e.Kind == "suppression" && e.Details["reason"] == "objection":
			w.Objections++
		case e.Kind == "suppression" && e.Details["reason"] == "bounce":
			w.Bounces++
		case e.Kind == "queued" && e.Details["outcome"] == "not_sent":
			w.NotSent++
		default:
			continue
		}
		want[k] = w
	}
	got := map[repWeek]store.RepWeek{}
	for _, w := range report.Weeks {
		k := repWeek{w.Rep, w.Week.Format(time.DateOnly)}
		w.Rep, w.Week, w.Replies = "", time.Time{}, 0 // replies come from the inbox, not the log
		got[k] = w
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("the report's counts for %s in the week of %s: %+v; the log's events give %+v", k.rep, k.week, got[k], w)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != (store.RepWeek{}) {
			t.Errorf("the report counts %+v for %s in the week of %s, who has no such event in the log", g, k.rep, k.week)
		}
	}
	// What happened: Robin's one first email with its notice and Xavier's
	// objection; nothing sent by Sam, whose send was refused.
	var robinAll, samAll store.RepWeek
	for k, w := range want {
		switch k.rep {
		case robin.name:
			robinAll.FirstContacts += w.FirstContacts
			robinAll.FollowUps += w.FollowUps
			robinAll.Notices += w.Notices
			robinAll.Objections += w.Objections
		case sam.name:
			samAll.FirstContacts += w.FirstContacts
			samAll.FollowUps += w.FollowUps
		}
	}
	if robinAll != (store.RepWeek{FirstContacts: 1, Notices: 1, Objections: 1}) {
		t.Errorf("the log's events for Robin count %+v; want the one first email, its notice and Xavier's objection", robinAll)
	}
	if samAll.FirstContacts+samAll.FollowUps != 0 {
		t.Errorf("the log has %d sends by Sam, whose send was refused", samAll.FirstContacts+samAll.FollowUps)
	}
	if out, errOut, code := p.run(t, lena, "log", "verify"); code != 0 {
		t.Errorf("log verify as the lead: exit %d:\n%s%s", code, out, errOut)
	}
}

// setBasisAs does what m does on the contact's basis form: the contact is
// a company's (a legal person) and written to on legitimate interest, with
// the assessment. It connects as m's role, as m's app would.
func setBasisAs(t *testing.T, m teamMember, email string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, m.url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	c, err := st.ContactByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	c, version, err := st.ContactForEdit(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	f := contacts.FieldsOf(c)
	f.LegalForm = contacts.LegalPerson
	if _, err := st.Rectify(ctx, c.ID, version, f, m.name); err != nil {
		t.Fatal(err)
	}
	_, version, err = st.ContactForEdit(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	b := contacts.Basis{Kind: contacts.LegitimateInterest, Assessment: contacts.Assessment{
		Purpose:   "Offer route planning software to the logistics firms of the region",
		Necessity: "Email to the person in charge of planning is the least intrusive way",
		Balancing: "A B2B contact about their own work, with an easy opt-out"}}
	if err := st.SetBasis(ctx, c.ID, version, b, m.name); err != nil {
		t.Fatal(err)
	}
}

// teamSetup is a team made through the binary by the database's owner:
// legit team init, then each member added with a login role and a home of
// their own.
type teamSetup struct {
	p      legitProc
	admin  teamMember
	work   string
	prefix string    // start of the login roles' names ("": legit's own)
	logins *[]string // the login roles made, dropped at the end (nil: none)
}

// randomTag is eight random hex digits, which keep one run's login roles
// and message ids apart from another's on a shared server.
func randomTag(t *testing.T) string {
	t.Helper()
	b := make([]byte, 4)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// newTeamSetup runs legit team init as the owner of db, the binary bin
// running without the caller's LEGIT_DB and PG* variables, with env added.
func newTeamSetup(t *testing.T, bin, db, work, prefix string, logins *[]string, env ...string) *teamSetup {
	t.Helper()
	var base []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "LEGIT_DB=") && !strings.HasPrefix(kv, "PG") {
			base = append(base, kv)
		}
	}
	s := &teamSetup{p: legitProc{bin: bin, env: append(base, env...)}, work: work, prefix: prefix, logins: logins,
		admin: teamMember{name: "admin", url: db, home: filepath.Join(work, "admin")}}
	if err := os.MkdirAll(s.admin.home, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := s.p.run(t, s.admin, "team", "init"); code != 0 {
		t.Fatalf("team init: exit %d:\n%s%s", code, out, errOut)
	}
	return s
}

// teamConnect finds how legit team add says a member connects.
var teamConnect = regexp.MustCompile(`connects with: legit --db '([^']+)'`)

// add makes a member with legit team add and gives them a home.
func (s *teamSetup) add(t *testing.T, name, email, role string) teamMember {
	t.Helper()
	local := strings.SplitN(email, "@", 2)[0]
	args := []string{"team", "add", name, email, "--role", role}
	home := local
	if s.prefix != "" {
		login := s.prefix + "_" + local
		args, home = append(args, "--login", login), login
		if s.logins != nil {
			*s.logins = append(*s.logins, login)
		}
	}
	out, errOut, code := s.p.run(t, s.admin, args...)
	match := teamConnect.FindStringSubmatch(out)
	if code != 0 || match == nil {
		t.Fatalf("team add %s: exit %d:\n%s%s", name, code, out, errOut)
	}
	m := teamMember{name: name, email: email, role: role, url: match[1], home: filepath.Join(s.work, home)}
	if err := os.MkdirAll(filepath.Join(m.home, "legit"), 0o700); err != nil {
		t.Fatal(err)
	}
	return m
}

// setOrg sets the organisation's details as the lead.
func (s *teamSetup) setOrg(t *testing.T, lead teamMember) {
	t.Helper()
	for _, kv := range [][2]string{{"name", "Northwind Analytics AB"}, {"address", "Drottninggatan 1, 111 51 Stockholm"},
		{"privacy_url", "https://northwind.example/privacy"}} {
		if out, errOut, code := s.p.run(t, lead, "org", "set", kv[0], kv[1]); code != 0 {
			t.Fatalf("the lead's org set %s: exit %d:\n%s%s", kv[0], code, out, errOut)
		}
	}
}

package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"legit/store"
)

// killedSend is a team database (PostgreSQL) on which Robin's send to Ada,
// whom the lead shared with Sam, was killed while the mail server held its
// data; the server then took it, so the email went out as far as the
// server knows and may or may not have as far as legit can tell. Each
// member runs the real legit binary as a process of its own.
type killedSend struct {
	p                legitProc
	robin, sam, lena teamMember
	ada              [4]string
	body             string
	sink             *gateSink
	raw              *sql.DB // the owner's connection, to look at the row
	row              int64   // Robin's send, left "sending"
}

// killRobinsSend sets up the team and kills Robin's send mid-data.
func killRobinsSend(t *testing.T) *killedSend {
	t.Helper()
	url := requirePostgres(t)
	db := pgTestDB(t)
	logins := teamLogins(t, url)
	bin := buildLegit(t)
	work := t.TempDir()
	tag := randomTag(t)
	team := newTeamSetup(t, bin, db, work, "k"+tag, logins, "LEGIT_TEST_SMTP=s3cret")
	k := &killedSend{p: team.p, ada: sharedPeople[0], body: filepath.Join(work, "body.txt")}
	k.robin = team.add(t, "Robin Maes", "robin@northwind.example", "rep")
	k.sam = team.add(t, "Sam Peeters", "sam@northwind.example", "rep")
	k.lena = team.add(t, "Lena Lead", "lena@northwind.example", "lead")
	team.setOrg(t, k.lena)
	k.sink = &gateSink{arrived: make(chan struct{}, 1), release: make(chan struct{})}
	smtpPort := startSink(t, k.sink)
	conf := fmt.Sprintf("[smtp]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"rep\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SMTP\"\ndata_timeout = \"2m\"\n", smtpPort)
	for _, m := range []teamMember{k.robin, k.sam} {
		if err := os.WriteFile(filepath.Join(m.home, "legit", "config.toml"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// Robin's contact, with a basis, shared with Sam by the lead.
	p, ada := k.p, k.ada
	file := writePeople(t, work, "robin.csv", ada)
	if out, errOut, code := p.run(t, k.robin, "import", file, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026"); code != 0 {
		t.Fatalf("Robin's import: exit %d:\n%s%s", code, out, errOut)
	}
	setBasisAs(t, k.robin, ada[1])
	if out, errOut, code := p.run(t, k.lena, "team", "share", ada[1], "--with", k.sam.email); code != 0 {
		t.Fatalf("the lead shares Ada with Sam: exit %d:\n%s%s", code, out, errOut)
	}
	if err := os.WriteFile(k.body, []byte("Hello Ada,\n\nhow does Delta Shared plan its depot routes this winter?\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// Robin's send, killed while the mail server holds the data.
	cmd := p.command(k.robin, "send", "--to", ada[1], "--subject", "Depot routes", "--body-file", k.body, "--json")
	var out, errOut syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-k.sink.arrived:
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("the email never reached the mail server:\n%s%s", &out, &errOut)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	if code := waitFor(t, cmd, 10*time.Second); code != -1 {
		t.Fatalf("Robin's send ended with exit %d before it was killed:\n%s%s", code, &out, &errOut)
	}
	// The server takes what it holds: the email went out, but Robin's
	// client never heard so.
	close(k.sink.release)
	for deadline := time.Now().Add(10 * time.Second); len(k.sink.messages()) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(k.sink.messages()); n != 1 {
		t.Fatalf("the mail server holds %d emails after the kill, want the one it was holding", n)
	}
	raw, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = raw.Close() })
	k.raw = raw
	var state string
	if err := raw.QueryRow(`SELECT id, state FROM messages ORDER BY id DESC LIMIT 1`).Scan(&k.row, &state); err != nil || state != "sending" {
		t.Fatalf("Robin's killed send: message %d is %q (%v), want reserved, sending", k.row, state, err)
	}
	return k
}

// rowState is the state of Robin's send.
func (k *killedSend) rowState(t *testing.T) string {
	t.Helper()
	var s string
	if err := k.raw.QueryRow(`SELECT state FROM messages WHERE id = $1`, k.row).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// endLease moves the end of Robin's reservation into the past, as the two
// minutes passing would.
func (k *killedSend) endLease(t *testing.T) {
	t.Helper()
	if _, err := k.raw.Exec(`UPDATE messages SET lease_until = now() - interval '1 second' WHERE id = $1`, k.row); err != nil {
		t.Fatal(err)
	}
}

// checkItem is one checklist item of legit send --json.
type checkItem struct {
	Rule string `json:"rule"`
	OK   bool   `json:"ok"`
	Why  string `json:"why"`
	Fix  string `json:"fix"`
}

// sendToAda runs a send (or with --dry-run its dry run) to Ada as m and
// returns its no-send-in-doubt item, whether it was sent or queued, the
// exit code and stderr.
func (k *killedSend) sendToAda(t *testing.T, m teamMember, extra ...string) (it checkItem, sent bool, code int, errOut string) {
	t.Helper()
	args := append([]string{"send", "--to", k.ada[1], "--subject", "Depot routes", "--body-file", k.body, "--json"}, extra...)
	out, errOut, code := k.p.run(t, m, args...)
	var r struct {
		Sent      bool        `json:"sent"`
		Queued    bool        `json:"queued"`
		Checklist []checkItem `json:"checklist"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("send to Ada as %s: exit %d, no JSON (%v):\n%s%s", m.name, code, err, out, errOut)
	}
	for _, c := range r.Checklist {
		if c.Rule == "no-send-in-doubt" {
			it = c
		}
	}
	return it, r.Sent || r.Queued, code, errOut
}

// refusedInDoubt runs a send (or its dry run) to Ada as m and wants it
// refused by the no-send-in-doubt rule, with its reason naming Robin's
// message; it returns the item and stderr.
func (k *killedSend) refusedInDoubt(t *testing.T, m teamMember, what string, extra ...string) (checkItem, string) {
	t.Helper()
	it, sent, code, errOut := k.sendToAda(t, m, extra...)
	if code != 1 || sent {
		t.Fatalf("%s: exit %d, want 1, refused and not sent:\n%s", what, code, errOut)
	}
	if it.OK || !strings.Contains(it.Why, "may or may not have gone out") || !strings.Contains(it.Why, fmt.Sprintf("message %d,", k.row)) {
		t.Errorf("%s is not refused naming the no-send-in-doubt rule, its reason and message %d: %+v", what, k.row, it)
	}
	return it, errOut
}

// inDoubtList is legit send --in-doubt --json as m: the message numbers and
// whose each is.
func (k *killedSend) inDoubtList(t *testing.T, m teamMember) map[int64]string {
	t.Helper()
	var rows []struct {
		Row   int64  `json:"message"`
		Rep   string `json:"rep"`
		Email string `json:"email"`
	}
	k.p.mustJSON(t, m, &rows, "send", "--in-doubt", "--json")
	got := map[int64]string{}
	for _, r := range rows {
		got[r.Row] = r.Rep + " to " + r.Email
	}
	return got
}

// TestKilledMidSend (issue 15): a rep's client is killed while the mail
// server holds its email's data (killRobinsSend):
//
//   - Sam's send to Ada is refused by the no-send-in-doubt rule, before
//     and after Robin's reservation ends, in words naming Robin's message
//     and who can settle it; Sam's client never offers, resolves or marks
//     Robin's send, nor lists it, and Sam's own --resolve of it is refused
//     in words naming Robin;
//   - the lead's legit send --in-doubt lists it once the reservation ran
//     out;
//   - Robin's next start, while his reservation holds, leaves it alone (a
//     reservation is a process's: it could still be going out); after it
//     ended, his start finds it in doubt and he resolves it as sent,
//     logged under his name;
//   - the mail server has the email once, and the lead's log verifies.
//
// The reservation's end is the test moving its lease_until into the past,
// as the two minutes passing would.
func TestKilledMidSend(t *testing.T) {
	k := killRobinsSend(t)
	p, robin, sam, lena, row := k.p, k.robin, k.sam, k.lena, k.row
	notOffered := func(who, errOut string) {
		t.Helper()
		// The offer is start-up's "In doubt: message N … run: legit send
		// --resolve N"; the refusal naming the command is no offer.
		if strings.Contains(errOut, "In doubt: message") || strings.Contains(errOut, "run: legit send --resolve") {
			t.Errorf("%s is offered Robin's send to resolve:\n%s", who, errOut)
		}
		if s := k.rowState(t); s != "sending" {
			t.Errorf("after %s, Robin's send is %q, want still sending (nobody but Robin decides)", who, s)
		}
	}
	refused := func(m teamMember, what string, extra ...string) string {
		t.Helper()
		_, errOut := k.refusedInDoubt(t, m, what, extra...)
		return errOut
	}

	// 3. Sam, while Robin's reservation holds: his send is refused, and
	// Robin's is neither offered nor touched.
	it, errOut := k.refusedInDoubt(t, sam, "Sam's send while Robin's is in doubt")
	if !strings.Contains(it.Why, "Robin Maes's, still being sent") || !strings.Contains(it.Fix, "wait") {
		t.Errorf("Sam's refusal while Robin's reservation holds: %+v, want Robin's send named as still being sent", it)
	}
	notOffered("Sam's send while Robin's reservation holds", errOut)
	notOffered("Sam's dry run", refused(sam, "Sam's dry run while Robin's send is in doubt", "--dry-run"))
	for _, outcome := range []string{"sent", "not-sent"} {
		if o, e, code := p.run(t, sam, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", outcome); code == 0 {
			t.Errorf("Sam resolved Robin's send as %s: exit 0:\n%s%s", outcome, o, e)
		}
		notOffered("Sam's --resolve "+outcome, "")
	}
	if got := k.inDoubtList(t, lena); len(got) != 0 {
		t.Errorf("the lead's list while Robin's reservation holds = %v, want none (it may still be going out)", got)
	}

	// 4. Robin starts again while his reservation holds: a new process,
	// so not the client that reserved it; it could still be going out, so
	// it is left as it is, and Robin's send to Ada is refused as well.
	notOffered("Robin's start within the lease", refused(robin, "Robin's dry run within the lease", "--dry-run"))
	if o, e, code := p.run(t, robin, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", "sent"); code == 0 || !strings.Contains(o+e, "not in doubt") {
		t.Errorf("Robin's --resolve within the lease: exit %d, want 1 saying it is not in doubt (yet):\n%s%s", code, o, e)
	}
	notOffered("Robin's --resolve within the lease", "")

	// The two minutes pass.
	k.endLease(t)
	// Sam's client leaves Robin's send alone after the lease as well: it is
	// not his to resolve, nor to list, and his send to Ada stays refused,
	// saying whom to ask.
	it, errOut = k.refusedInDoubt(t, sam, "Sam's send after Robin's lease ended")
	if want := fmt.Sprintf("ask %s (who can check their Sent folder) or a lead to run legit send --resolve %d --outcome sent|not-sent", robin.name, row); !strings.Contains(it.Fix, want) {
		t.Errorf("Sam's refusal after Robin's lease ended says %q, want %q", it.Fix, want)
	}
	notOffered("Sam's send after Robin's lease ended", errOut)
	notOffered("Sam's dry run after Robin's lease ended", refused(sam, "Sam's dry run after Robin's lease ended", "--dry-run"))
	if got := k.inDoubtList(t, sam); len(got) != 0 {
		t.Errorf("Sam's list = %v, want none: Robin's send is not his to resolve", got)
	}
	if got, want := k.inDoubtList(t, lena), robin.name+" to "+k.ada[1]; len(got) != 1 || got[row] != want {
		t.Errorf("the lead's list = %v, want message %d, %s", got, row, want)
	}
	notOffered("the lead's list", "")

	// Robin's start finds it in doubt, and he resolves it.
	robinErr := refused(robin, "Robin's dry run after the lease", "--dry-run")
	if want := fmt.Sprintf("In doubt: message %d to", row); !strings.Contains(robinErr, want) {
		t.Errorf("Robin's start after the lease does not offer his send to resolve (want %q):\n%s", want, robinErr)
	}
	if s := k.rowState(t); s != "unknown" {
		t.Errorf("after Robin's start past the lease, his send is %q, want unknown (in doubt)", s)
	}
	// In doubt now, it is still not Sam's to settle: his answer is refused
	// in words, and changes nothing.
	for _, outcome := range []string{"sent", "not-sent"} {
		o, e, code := p.run(t, sam, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", outcome)
		if code != 1 || rawDriverError.MatchString(o+e) || !strings.Contains(o+e, robin.name) {
			t.Errorf("Sam's --resolve %s of Robin's send in doubt: exit %d, want 1 saying in words that it is Robin's:\n%s%s", outcome, code, o, e)
		}
		if s := k.rowState(t); s != "unknown" {
			t.Errorf("after Sam's --resolve %s, Robin's send is %q, want still in doubt", outcome, s)
		}
	}
	if o, e, code := p.run(t, robin, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", "sent"); code != 0 || !strings.Contains(o, "recorded as sent") {
		t.Fatalf("Robin's --resolve %d --outcome sent: exit %d:\n%s%s", row, code, o, e)
	}
	if s := k.rowState(t); s != "sent" {
		t.Errorf("after Robin resolved it, his send is %q, want sent", s)
	}
	k.checkLog(t, robin.name)
}

// checkLog wants one email at the server, the log holding Robin's one
// send and its resolution by resolver, and the log verifying as the lead.
func (k *killedSend) checkLog(t *testing.T, resolver string) {
	t.Helper()
	if n := len(k.sink.messages()); n != 1 {
		t.Errorf("the mail server got %d emails to Ada, want 1", n)
	}
	var events []struct {
		Rep     string            `json:"rep"`
		Kind    string            `json:"kind"`
		Details map[string]string `json:"details"`
	}
	k.p.mustJSON(t, k.lena, &events, "log", "--json", "--limit", "0")
	sends, resolved := 0, 0
	for _, e := range events {
		switch e.Kind {
		case "send":
			sends++
			if e.Rep != k.robin.name {
				t.Errorf("a send logged by %q, want only Robin's", e.Rep)
			}
		case "send_resolved":
			resolved++
			if e.Rep != resolver || e.Details["outcome"] != "sent" || e.Details["how"] == "" {
				t.Errorf("the resolution is logged as %+v, want %s's, sent, and how", e, resolver)
			}
		}
	}
	if sends != 1 || resolved != 1 {
		t.Errorf("the log holds %d sends and %d resolutions, want one of each", sends, resolved)
	}
	if o, e, code := k.p.run(t, k.lena, "log", "verify"); code != 0 {
		t.Errorf("log verify as the lead: exit %d:\n%s%s", code, o, e)
	}
}

// TestLeadSettlesKilledSend: Robin's client is killed mid-send
// (killRobinsSend) and Robin never starts legit again. Once his
// reservation ran out, the lead finds the send with legit send --in-doubt
// and resolves it by its number; it is logged as Robin's send, resolved by
// the lead, and Sam's send to Ada is no longer refused by the rule.
func TestLeadSettlesKilledSend(t *testing.T) {
	k := killRobinsSend(t)
	k.endLease(t)
	it, _ := k.refusedInDoubt(t, k.sam, "Sam's dry run after Robin's lease ended", "--dry-run")
	if !strings.Contains(it.Fix, "or a lead to run legit send --resolve "+strconv.FormatInt(k.row, 10)) {
		t.Errorf("Sam's refusal says %q, want a lead named with the command", it.Fix)
	}
	// Their start-up tells the lead of Robin's send; it tells Sam nothing.
	for _, m := range []struct {
		who  teamMember
		want int
	}{{k.lena, 1}, {k.sam, 0}} {
		if n := startupColleaguesInDoubt(t, m.who); n != m.want {
			t.Errorf("%s's start-up counts %d colleagues' sends in doubt, want %d", m.who.name, n, m.want)
		}
	}
	out, errOut, code := k.p.run(t, k.lena, "send", "--in-doubt")
	for _, want := range []string{fmt.Sprintf("message %d to %s", k.row, k.ada[0]), "Robin Maes's send", "in doubt since"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("the lead's send --in-doubt: exit %d, want 0 and %q:\n%s%s", code, want, out, errOut)
		}
	}
	if o, e, code := k.p.run(t, k.lena, "send", "--resolve", strconv.FormatInt(k.row, 10), "--outcome", "sent"); code != 0 || !strings.Contains(o, "recorded as sent") {
		t.Fatalf("the lead's --resolve %d --outcome sent: exit %d:\n%s%s", k.row, code, o, e)
	}
	if s := k.rowState(t); s != "sent" {
		t.Errorf("after the lead resolved it, Robin's send is %q, want sent", s)
	}
	if it, _, _, errOut := k.sendToAda(t, k.sam, "--dry-run"); !it.OK {
		t.Errorf("after the lead resolved Robin's send, Sam's dry run is still refused by it: %+v\n%s", it, errOut)
	}
	if got := k.inDoubtList(t, k.lena); len(got) != 0 {
		t.Errorf("the lead's list after resolving = %v, want none", got)
	}
	k.checkLog(t, k.lena.name)
}

// startupColleaguesInDoubt is how many colleagues' sends in doubt the app's
// start-up tells m of, connected as m's own role.
func startupColleaguesInDoubt(t *testing.T, m teamMember) int {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, m.url)
	if err != nil {
		t.Fatalf("open the team database as %s: %v", m.name, err)
	}
	defer func() { _ = st.Close() }()
	rep, err := st.ConnectRep(ctx, m.name, m.email)
	if err != nil {
		t.Fatalf("connect as %s: %v", m.name, err)
	}
	n, err := colleaguesInDoubt(ctx, st, rep.ID, time.Now())
	if err != nil {
		t.Fatalf("count %s's colleagues' sends in doubt: %v", m.name, err)
	}
	return n
}

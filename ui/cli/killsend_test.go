package cli

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestKilledMidSend (issue 15): a rep's client is killed while the mail
// server holds its email's data, each step the real legit binary as a
// process of its own, against one PostgreSQL team database:
//
//   - Robin's send to Ada, whom the lead shared with Sam, is killed while
//     the mail server holds the data; the server then takes it, so the
//     email may or may not have gone out as far as legit can tell;
//   - Sam's send to Ada is refused by the no-send-in-doubt rule, before
//     and after Robin's reservation ends; Sam's client never offers,
//     resolves or marks Robin's send, and Sam's own --resolve of it is
//     refused in words naming Robin;
//   - Robin's next start, while his reservation holds, leaves it alone (a
//     reservation is a process's: it could still be going out); after it
//     ended, his start finds it in doubt and he resolves it as sent,
//     logged under his name;
//   - the mail server has the email once, and the lead's log verifies.
//
// The reservation's end is the test moving its lease_until into the past,
// as the two minutes passing would.
func TestKilledMidSend(t *testing.T) {
	url := requirePostgres(t)
	db := pgTestDB(t)
	logins := teamLogins(t, url)
	bin := buildLegit(t)
	work := t.TempDir()
	suffix := make([]byte, 4)
	if _, err := rand.Read(suffix); err != nil {
		t.Fatal(err)
	}
	tag := hex.EncodeToString(suffix)
	team := newTeamSetup(t, bin, db, work, "k"+tag, logins, "LEGIT_TEST_SMTP=s3cret")
	p, add := team.p, func(name, email, role string) teamMember { return team.add(t, name, email, role) }
	robin := add("Robin Maes", "robin@northwind.example", "rep")
	sam := add("Sam Peeters", "sam@northwind.example", "rep")
	lena := add("Lena Lead", "lena@northwind.example", "lead")
	team.setOrg(t, lena)
	sink := &gateSink{arrived: make(chan struct{}, 1), release: make(chan struct{})}
	smtpPort := startSink(t, sink)
	conf := fmt.Sprintf("[smtp]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"rep\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SMTP\"\ndata_timeout = \"2m\"\n", smtpPort)
	for _, m := range []teamMember{robin, sam} {
		if err := os.WriteFile(filepath.Join(m.home, "legit", "config.toml"), []byte(conf), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// 1. Robin's contact, with a basis, shared with Sam by the lead.
	ada := sharedPeople[0]
	file := writePeople(t, work, "robin.csv", ada)
	if out, errOut, code := p.run(t, robin, "import", file, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026"); code != 0 {
		t.Fatalf("Robin's import: exit %d:\n%s%s", code, out, errOut)
	}
	setBasisAs(t, robin, ada[1])
	if out, errOut, code := p.run(t, lena, "team", "share", ada[1], "--with", sam.email); code != 0 {
		t.Fatalf("the lead shares Ada with Sam: exit %d:\n%s%s", code, out, errOut)
	}
	body := filepath.Join(work, "body.txt")
	if err := os.WriteFile(body, []byte("Hello Ada,\n\nhow does Delta Shared plan its depot routes this winter?\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	type sendJSON struct {
		OK        bool   `json:"ok"`
		Sent      bool   `json:"sent"`
		Queued    bool   `json:"queued"`
		MessageID string `json:"message_id"`
		Checklist []struct {
			Rule string `json:"rule"`
			OK   bool   `json:"ok"`
			Why  string `json:"why"`
		} `json:"checklist"`
	}
	// refusedInDoubt runs a send (or its dry run) to Ada as m and wants it
	// refused by the no-send-in-doubt rule, with its reason, and no
	// colleague's send offered to resolve. It returns stderr.
	refusedInDoubt := func(m teamMember, what string, extra ...string) string {
		t.Helper()
		args := append([]string{"send", "--to", ada[1], "--subject", "Depot routes", "--body-file", body, "--json"}, extra...)
		out, errOut, code := p.run(t, m, args...)
		var r sendJSON
		if err := json.Unmarshal([]byte(out), &r); err != nil || code != 1 || r.Sent || r.Queued || r.OK {
			t.Fatalf("%s: exit %d (%v), want 1, refused and not sent:\n%s%s", what, code, err, out, errOut)
		}
		named := false
		for _, it := range r.Checklist {
			if it.Rule == "no-send-in-doubt" && !it.OK && strings.Contains(it.Why, "may or may not have gone out") {
				named = true
			}
		}
		if !named {
			t.Errorf("%s is not refused naming the no-send-in-doubt rule and its reason:\n%s", what, out)
		}
		return errOut
	}

	// 2. Robin's send, killed while the mail server holds the data.
	cmd := p.command(robin, "send", "--to", ada[1], "--subject", "Depot routes", "--body-file", body, "--json")
	var out, errOut syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-sink.arrived:
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
	// client never heard so. Whether it went is for Robin to find out.
	close(sink.release)
	for deadline := time.Now().Add(10 * time.Second); len(sink.messages()) == 0 && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if n := len(sink.messages()); n != 1 {
		t.Fatalf("the mail server holds %d emails after the kill, want the one it was holding", n)
	}
	raw, err := sql.Open("pgx", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var row int64
	var state string
	if err := raw.QueryRow(`SELECT id, state FROM messages ORDER BY id DESC LIMIT 1`).Scan(&row, &state); err != nil || state != "sending" {
		t.Fatalf("Robin's killed send: message %d is %q (%v), want reserved, sending", row, state, err)
	}
	rowState := func() string {
		t.Helper()
		var s string
		if err := raw.QueryRow(`SELECT state FROM messages WHERE id = $1`, row).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	notOffered := func(who, errOut string) {
		t.Helper()
		if strings.Contains(errOut, "In doubt") || strings.Contains(errOut, "--resolve "+strconv.FormatInt(row, 10)) {
			t.Errorf("%s is offered Robin's send to resolve:\n%s", who, errOut)
		}
		if s := rowState(); s != "sending" {
			t.Errorf("after %s, Robin's send is %q, want still sending (nobody but Robin decides)", who, s)
		}
	}

	// 3. Sam, while Robin's reservation holds: his send is refused, and
	// Robin's is neither offered nor touched.
	notOffered("Sam's send while Robin's reservation holds", refusedInDoubt(sam, "Sam's send while Robin's is in doubt"))
	notOffered("Sam's dry run", refusedInDoubt(sam, "Sam's dry run while Robin's send is in doubt", "--dry-run"))
	for _, outcome := range []string{"sent", "not-sent"} {
		if o, e, code := p.run(t, sam, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", outcome); code == 0 {
			t.Errorf("Sam resolved Robin's send as %s: exit 0:\n%s%s", outcome, o, e)
		}
		notOffered("Sam's --resolve "+outcome, "")
	}

	// 4. Robin starts again while his reservation holds: a new process,
	// so not the client that reserved it; it could still be going out, so
	// it is left as it is, and Robin's send to Ada is refused as well.
	notOffered("Robin's start within the lease", refusedInDoubt(robin, "Robin's dry run within the lease", "--dry-run"))
	if o, e, code := p.run(t, robin, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", "sent"); code == 0 || !strings.Contains(o+e, "not in doubt") {
		t.Errorf("Robin's --resolve within the lease: exit %d, want 1 saying it is not in doubt (yet):\n%s%s", code, o, e)
	}
	notOffered("Robin's --resolve within the lease", "")

	// The two minutes pass.
	if _, err := raw.Exec(`UPDATE messages SET lease_until = now() - interval '1 second' WHERE id = $1`, row); err != nil {
		t.Fatal(err)
	}
	// Sam's client leaves Robin's send alone after the lease as well: it is
	// not his to resolve, and his send to Ada stays refused.
	notOffered("Sam's send after Robin's lease ended", refusedInDoubt(sam, "Sam's send after Robin's lease ended"))
	notOffered("Sam's dry run after Robin's lease ended", refusedInDoubt(sam, "Sam's dry run after Robin's lease ended", "--dry-run"))

	// Robin's start finds it in doubt, and he resolves it.
	robinErr := refusedInDoubt(robin, "Robin's dry run after the lease", "--dry-run")
	if want := fmt.Sprintf("In doubt: message %d to", row); !strings.Contains(robinErr, want) {
		t.Errorf("Robin's start after the lease does not offer his send to resolve (want %q):\n%s", want, robinErr)
	}
	if s := rowState(); s != "unknown" {
		t.Errorf("after Robin's start past the lease, his send is %q, want unknown (in doubt)", s)
	}
	// In doubt now, it is still Robin's alone to settle: Sam's answer is
	// refused in words, and changes nothing.
	for _, outcome := range []string{"sent", "not-sent"} {
		o, e, code := p.run(t, sam, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", outcome)
		if code != 1 || rawDriverError.MatchString(o+e) || !strings.Contains(o+e, robin.name) {
			t.Errorf("Sam's --resolve %s of Robin's send in doubt: exit %d, want 1 saying in words that it is Robin's:\n%s%s", outcome, code, o, e)
		}
		if s := rowState(); s != "unknown" {
			t.Errorf("after Sam's --resolve %s, Robin's send is %q, want still in doubt", outcome, s)
		}
	}
	if o, e, code := p.run(t, robin, "send", "--resolve", strconv.FormatInt(row, 10), "--outcome", "sent"); code != 0 || !strings.Contains(o, "recorded as sent") {
		t.Fatalf("Robin's --resolve %d --outcome sent: exit %d:\n%s%s", row, code, o, e)
	}
	if s := rowState(); s != "sent" {
		t.Errorf("after Robin resolved it, his send is %q, want sent", s)
	}

	// 5. One email at the server; the log verifies and shows Robin's
	// resolution.
	if n := len(sink.messages()); n != 1 {
		t.Errorf("the mail server got %d emails to Ada, want 1", n)
	}
	var events []struct {
		Rep     string            `json:"rep"`
		Kind    string            `json:"kind"`
		Details map[string]string `json:"details"`
	}
	p.mustJSON(t, lena, &events, "log", "--json", "--limit", "0")
	sends, resolved := 0, 0
	for _, e := range events {
		switch e.Kind {
		case "send":
			sends++
			if e.Rep != robin.name {
				t.Errorf("a send logged by %q, want only Robin's", e.Rep)
			}
		case "send_resolved":
			resolved++
			if e.Rep != robin.name || e.Details["outcome"] != "sent" || e.Details["how"] == "" {
				t.Errorf("the resolution is logged as %+v, want Robin's, sent, and how", e)
			}
		}
	}
	if sends != 1 || resolved != 1 {
		t.Errorf("the log holds %d sends and %d resolutions, want one of each", sends, resolved)
	}
	if o, e, code := p.run(t, lena, "log", "verify"); code != 0 {
		t.Errorf("log verify as the lead: exit %d:\n%s%s", code, o, e)
	}
}

package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

func TestLoadConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.toml", "deadline_days = 14\n[rep]\nname = \"Eva\"\nemail = \"eva@example.com\"\n[organisation]\ntracking = true\ntracking_url = \"https://t.example.com/p\"\n")
	c, err := loadConfig(good, true)
	if err != nil {
		t.Fatalf("loadConfig(good) = %v", err)
	}
	if c.DeadlineDays != 14 || c.Rep.Name != "Eva" || !c.Org.Tracking || c.DailyCap != 40 {
		t.Errorf("loadConfig(good) = %+v, want the file over the defaults", c)
	}
	for _, tc := range []struct{ name, body, want string }{
		{"typo.toml", "deadline_dayz = 3\n", "unknown setting"},
		{"long.toml", "deadline_days = 45\n", "at most"},
		{"cap.toml", "daily_cap = 0\n", "daily_cap"},
		{"broken.toml", "[rep\n", "config"},
		{"pixel.toml", "[organisation]\ntracking = true\n", "tracking_url"},
	} {
		_, err := loadConfig(write(tc.name, tc.body), true)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("loadConfig(%s) = %v, want an error mentioning %q", tc.name, err, tc.want)
		}
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.toml"), false); err != nil {
		t.Errorf("a missing default config = %v, want defaults", err)
	}
	if _, err := loadConfig(filepath.Join(dir, "missing.toml"), true); err == nil {
		t.Errorf("a missing named config succeeded, want an error")
	}
}

// The password is read when a connection first needs it, never when the
// settings are built: a command that only lists the outbox runs no password
// command and needs no variable set. Once read it is kept; a failure is
// tried again.
func TestMailServerPassword(t *testing.T) {
	t.Setenv("LEGIT_TEST_PW", "s3cret")
	read := func(s outreach.Server) string {
		t.Helper()
		if s.ReadPassword == nil {
			t.Fatal("no password reader")
		}
		pw, err := s.ReadPassword()
		if err != nil {
			t.Fatalf("read the password: %v", err)
		}
		return pw
	}
	s, err := mailServer{Host: "127.0.0.1", Port: 25, Security: "none", PasswordEnv: "LEGIT_TEST_PW"}.server()
	if err != nil || s.Password != "" || read(s) != "s3cret" {
		t.Errorf("password from env: %q (before reading), %v", s.Password, err)
	}
	runs := filepath.Join(t.TempDir(), "runs")
	cmd := fmt.Sprintf("echo run >> %s; printf 'pw-from-cmd\\n'", runs)
	s, err = mailServer{Host: "127.0.0.1", Port: 25, Security: "none", PasswordCommand: cmd}.server()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(runs); err == nil {
		t.Error("the password command ran when the settings were built")
	}
	if got := read(s) + read(s); got != "pw-from-cmdpw-from-cmd" {
		t.Errorf("password from command: %q", got)
	}
	if b, _ := os.ReadFile(runs); strings.Count(string(b), "run") != 1 {
		t.Errorf("the password command ran %d times for two reads, want once", strings.Count(string(b), "run"))
	}
	_, err = mailServer{Host: "mail.example.com", Port: 25, Security: "none", PasswordEnv: "LEGIT_TEST_PW"}.server()
	if err == nil {
		t.Errorf("plain text to a remote host was accepted")
	} else if strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %q shows the password", err)
	}
	s, err = mailServer{Host: "mail.example.com", Port: 993, PasswordEnv: "LEGIT_TEST_UNSET_PW"}.server()
	if err != nil {
		t.Fatalf("an unset password variable refused the settings before any connection: %v", err)
	}
	if _, err := s.ReadPassword(); err == nil || !strings.Contains(err.Error(), "LEGIT_TEST_UNSET_PW") {
		t.Errorf("unset password env = %v, want an error naming the variable", err)
	}
	t.Setenv("LEGIT_TEST_UNSET_PW", "late")
	if read(s) != "late" {
		t.Error("a failed read was not tried again")
	}
}

func TestExitCode(t *testing.T) {
	var buf bytes.Buffer
	if got := exitCode(nil, &buf, "legit"); got != exitOK {
		t.Errorf("exitCode(nil) = %d", got)
	}
	if got := exitCode(usageError{errors.New("bad flag")}, &buf, "legit erase"); got != exitUsage || !strings.Contains(buf.String(), "Run 'legit erase --help'") {
		t.Errorf("exitCode(usage) = %d, printed %q; want %d and the command's help named", got, buf.String(), exitUsage)
	}
	if got := exitCode(errors.New("boom"), &buf, "legit"); got != exitError || !strings.Contains(buf.String(), "legit: boom") {
		t.Errorf("exitCode(error) = %d, printed %q", got, buf.String())
	}
}

// runCLI runs the command line in-process and returns stdout and the exit code.
func runCLI(t *testing.T, args ...string) (string, int) {
	t.Helper()
	out, _, code := runCLIErr(t, args...)
	return out, code
}

// runCLIErr is runCLI that also returns what went to standard error.
func runCLIErr(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errw bytes.Buffer
	code := execute(context.Background(), newRootCmd(&app{}), args, &out, &errw)
	return out.String(), errw.String(), code
}

func TestContactsCommandFilters(t *testing.T) {
	db := filepath.Join(t.TempDir(), "legit.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := seedDemo(context.Background(), st, demoConfig(), time.Now()); err != nil {
		t.Fatalf("seedDemo() = %v", err)
	}
	_ = st.Close()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())

	out, code := runCLI(t, "--db", db, "contacts", "--filter", "overdue", "--json")
	if code != 0 {
		t.Fatalf("contacts --filter overdue exit %d: %s", code, out)
	}
	var rows []struct {
		Name     string `json:"name"`
		Notice   string `json:"notice"`
		DaysLeft *int   `json:"days_left"`
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("contacts --json is not JSON: %v\n%s", err, out)
	}
	if len(rows) == 0 {
		t.Fatal("no overdue contacts in the demo")
	}
	for _, r := range rows {
		if r.Notice != "overdue" || r.DaysLeft == nil || *r.DaysLeft >= 0 {
			t.Errorf("%s listed as overdue with notice %q", r.Name, r.Notice)
		}
	}
	out, code = runCLI(t, "--db", db, "contacts")
	if code != 0 || !strings.Contains(out, "40 contacts") {
		t.Errorf("contacts = exit %d, %q; want 40 contacts", code, out)
	}
	if _, code := runCLI(t, "--db", db, "contacts", "--filter", "nonsense"); code != exitUsage {
		t.Errorf("contacts --filter nonsense exit %d, want %d", code, exitUsage)
	}
}

// TestDemoHasAnInbox: the demo shows the inbox's queues, not empty screens.
func TestDemoHasAnInbox(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := seedDemo(ctx, st, demoConfig(), time.Now()); err != nil {
		t.Fatalf("seedDemo() = %v", err)
	}
	reqs, err := st.OpenRequests(ctx)
	if err != nil || len(reqs) != 2 {
		t.Errorf("OpenRequests() = %d, %v; want the erasure and the access request", len(reqs), err)
	}
	if props, err := st.PendingConsents(ctx); err != nil || len(props) != 1 {
		t.Errorf("PendingConsents() = %d, %v; want 1", len(props), err)
	}
	if list, err := st.ListInbox(ctx, 50); err != nil || len(list) != 6 {
		t.Errorf("ListInbox() = %d, %v; want the 6 demo replies", len(list), err)
	}
	informed, notices := 0, 0
	list, err := st.ListContacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.InformedAt != nil {
			informed++
		}
	}
	evs, err := st.Log(ctx, store.LogFilter{Kind: store.EventNotice})
	if err != nil {
		t.Fatal(err)
	}
	notices = len(evs)
	if informed == 0 || notices != informed {
		t.Errorf("%d demo contacts informed, %d notice events; want one event for each", informed, notices)
	}
	if err := seedDemo(ctx, st, demoConfig(), time.Now()); err != nil {
		t.Fatalf("seeding twice = %v", err)
	}
	if list, _ := st.ListInbox(ctx, 50); len(list) != 6 {
		t.Errorf("after seeding twice the inbox holds %d replies, want 6", len(list))
	}
}

// demoDB makes a demo database on disk (closed again) in a temp folder that
// is also the config home, so no real config is read, and returns both.
func demoDB(t *testing.T) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "legit.db")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if err := seedDemo(context.Background(), st, demoConfig(), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("XDG_DATA_HOME", dir) // a review keeps the lead's checkpoints there
	return dir, db
}

// TestExportAnswersOnlyWhenDelivered: Marie asked for her data (demo
// inbox). Printing the export or saving it with --out leaves her request
// open; --delivered after the save answers it.
func TestExportAnswersOnlyWhenDelivered(t *testing.T) {
	ctx := context.Background()
	dir, db := demoDB(t)
	open := func() int {
		st, err := store.Open(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		reqs, err := st.OpenRequests(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range reqs {
			if r.Kind == contacts.ReplyAccess {
				n++
			}
		}
		return n
	}
	out, errOut, code := runCLIErr(t, "--db", db, "export", "marie.dubois@atelier-lumiere.example")
	if code != 0 || !strings.Contains(errOut, "open access request") || !strings.Contains(errOut, "--out FILE") || strings.Contains(out, "open access request") {
		t.Errorf("export to standard output: exit %d, stderr lacks the hint (or stdout has it):\n%s", code, errOut)
	}
	if n := open(); n != 1 {
		t.Fatalf("%d open access requests after printing the export, want 1", n)
	}
	out, errOut, code = runCLIErr(t, "--db", db, "export", "marie.dubois@atelier-lumiere.example", "--out", filepath.Join(dir, "marie.json"))
	if code != 0 || !strings.Contains(out, "--delivered") || strings.Contains(errOut, "request is answered") || strings.Contains(errOut, "requests of") {
		t.Errorf("export --out: exit %d:\n%s\n%s", code, out, errOut)
	}
	if n := open(); n != 1 {
		t.Errorf("%d open access requests after saving the export, want still 1: a file answers nothing", n)
	}
	if _, errOut, code = runCLIErr(t, "--db", db, "export", "marie.dubois@atelier-lumiere.example", "--out", filepath.Join(dir, "marie.json")); code != 1 || !strings.Contains(errOut, "exists already") {
		t.Errorf("export --out over a file: exit %d, want 1 refusing to overwrite:\n%s", code, errOut)
	}
	out, code = runCLI(t, "--db", db, "export", "marie.dubois@atelier-lumiere.example", "--delivered", "by hand at the office")
	if code != 0 || !strings.Contains(out, "is answered") {
		t.Errorf("export --delivered: exit %d:\n%s", code, out)
	}
	if n := open(); n != 0 {
		t.Errorf("%d open access requests after the delivery, want 0", n)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "marie.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Replies []struct {
			Text   string `json:"text_kept"`
			ReadAs string `json:"read_as"`
		} `json:"replies"`
	}
	if err := json.Unmarshal(saved, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Replies) != 1 || !strings.Contains(doc.Replies[0].Text, "Je demande l'accès") || doc.Replies[0].ReadAs != "access" {
		t.Errorf("export replies = %+v, want Marie's own reply as kept", doc.Replies)
	}
	out, code = runCLI(t, "--db", db, "erase", "zofia.lodz@wisla-soft.example", "--yes")
	if code != 0 || !strings.Contains(out, "This answers their erasure request") {
		t.Errorf("erase of Zofia (who asked for it): exit %d:\n%s", code, out)
	}
}

// TestLogLimitSaysWhenMoreExist: a cut-off list says so, a whole one does not.
func TestLogLimitSaysWhenMoreExist(t *testing.T) {
	_, db := demoDB(t)
	if out, errOut, code := runCLIErr(t, "--db", db, "log", "--limit", "3"); code != 0 || !strings.Contains(errOut, "Only the newest 3 are shown") || !strings.Contains(out, "3 events") {
		t.Errorf("log --limit 3: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, errOut, code := runCLIErr(t, "--db", db, "log", "--limit", "0"); code != 0 || errOut != "" {
		t.Errorf("log --limit 0: exit %d, stderr %q; want no note", code, errOut)
	}
}

// TestMain runs the command tests with a home, config and data folder of
// their own, so that no test reads or writes the real user's files (a lead
// key, kept checkpoints, a config).
func TestMain(m *testing.M) {
	home, err := os.MkdirTemp("", "legit-cli-home-")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"} {
		_ = os.Setenv(v, home)
	}
	code := m.Run()
	_ = os.RemoveAll(home)
	os.Exit(code)
}

// TestArgumentErrorsShowUsage: a wrong argument count exits 2 and says what
// the command takes and which help to read.
func TestArgumentErrorsShowUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"db", "copy", "/tmp/rep.db"}, []string{`legit db copy takes no argument, got "/tmp/rep.db"`, "Usage: legit db copy --from FILE --to postgres://", "Run 'legit db copy --help'"}},
		{[]string{"erase"}, []string{"Usage: legit erase EMAIL", "Run 'legit erase --help'"}},
		{[]string{"org", "set", "name"}, []string{"Usage: legit org set KEY VALUE", "Run 'legit org set --help'"}},
	} {
		_, errOut, code := runCLIErr(t, append([]string{"--db", filepath.Join(t.TempDir(), "none.db")}, tc.args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", tc.args, code, exitUsage)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, errOut)
			}
		}
	}
}

package cli

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// ownCluster is a PostgreSQL cluster of one test's own, in a temp folder on
// a free loopback port, that the test may stop and start: CI's shared
// cluster serves other packages' tests at the same time.
type ownCluster struct {
	bin, dir string
	port     int
	as       []string // setpriv's arguments when running as root (initdb refuses root)
}

// startOwnCluster makes and starts a cluster with the server programs in
// LEGIT_TEST_PG_BIN (.ci/run sets it). Without it the test skips locally;
// on CI (CI=true) it fails. The cluster is stopped and removed at the end.
func startOwnCluster(t *testing.T) *ownCluster {
	t.Helper()
	bin := os.Getenv("LEGIT_TEST_PG_BIN")
	if bin == "" && os.Getenv("CI") == "true" {
		t.Fatal("LEGIT_TEST_PG_BIN is not set, and CI runs the server-restart tests (.ci/run sets it)")
	}
	if bin == "" {
		t.Skip("needs PostgreSQL's server programs: set LEGIT_TEST_PG_BIN=/usr/lib/postgresql/15/bin (.ci/run sets it)")
	}
	dir, err := os.MkdirTemp("", "legit-pgrestart-")
	if err != nil {
		t.Fatal(err)
	}
	c := &ownCluster{bin: bin, dir: dir}
	t.Cleanup(func() {
		_ = c.ctl("stop", "-m", "immediate")
		_ = os.RemoveAll(dir)
	})
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		c.as = []string{"--reuid=" + u.Uid, "--regid=" + u.Gid, "--clear-groups"}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c.port = ln.Addr().(*net.TCPAddr).Port
	_ = ln.Close()
	if out, err := c.command(filepath.Join(bin, "initdb"), "-D", c.data(), "-U", "legit", "--auth=trust", "-E", "UTF8", "--no-locale").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	return c
}

// data is the cluster's data folder.
func (c *ownCluster) data() string { return filepath.Join(c.dir, "data") }

// url is the cluster's postgres database as its superuser.
func (c *ownCluster) url() string {
	return fmt.Sprintf("postgres://legit@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// command runs name as the cluster's owner.
func (c *ownCluster) command(name string, args ...string) *exec.Cmd {
	if c.as == nil {
		return exec.Command(name, args...)
	}
	return exec.Command("setpriv", append(append(append([]string{}, c.as...), name), args...)...)
}

// ctl runs pg_ctl with args on the cluster.
func (c *ownCluster) ctl(args ...string) error {
	args = append([]string{"-D", c.data()}, args...)
	if out, err := c.command(filepath.Join(c.bin, "pg_ctl"), args...).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		return fmt.Errorf("pg_ctl %s: %v\n%s\n%s", strings.Join(args, " "), err, out, log)
	}
	return nil
}

// start starts the server and waits until it takes connections.
func (c *ownCluster) start() error {
	return c.ctl("-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60", "-o",
		fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off", c.port, c.dir), "start")
}

// stop stops the server: mode fast ends every session (a restart), mode
// immediate kills it (a crash).
func (c *ownCluster) stop(mode string) error { return c.ctl("-w", "-m", mode, "stop") }

// gateSink is an SMTP server that takes a message only when the test lets
// it: it says when a message's data has arrived and waits for release.
type gateSink struct {
	mailSink
	arrived chan struct{}
	release chan struct{}
}

func (g *gateSink) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &gateSession{sinkSession: sinkSession{k: &g.mailSink}, g: g}, nil
}

type gateSession struct {
	sinkSession
	g *gateSink
}

func (s *gateSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.g.arrived <- struct{}{}
	<-s.g.release
	return s.sinkSession.Data(strings.NewReader(string(b)))
}

// rawDriverError matches what pgx says by itself, which no user should have
// to read: SQLSTATE codes, dial errors and closed connections.
var rawDriverError = regexp.MustCompile(`SQLSTATE|failed to connect to|conn closed|unexpected EOF|dial error|FATAL:`)

// TestPostgresRestartDuringSendAndImport (issue 15): the team's server is
// restarted while legit works, each command the real binary as a process
// of its own. A send whose email went out while the server was gone says
// so in words, waits for the server and records the send once it is back:
// one email, one send in the log, nothing queued or in doubt. An import
// whose transaction is open when the server crashes fails in words and
// leaves nothing behind. The next commands after the restart work as they
// are (a send to another person, the same import again), and the log's
// chain verifies. A server away for longer than the send waits is
// outreach's TestSendRecordWaitsForTheDatabase.
func TestPostgresRestartDuringSendAndImport(t *testing.T) {
	c := startOwnCluster(t)
	bin := buildLegit(t)
	work := t.TempDir()
	team := newTeamSetup(t, bin, c.url(), work, "", nil, "LEGIT_TEST_SMTP=s3cret")
	p, add := team.p, func(name, email, role string) teamMember { return team.add(t, name, email, role) }
	robin := add("Robin Maes", "robin@northwind.example", "rep")
	lena := add("Lena Lead", "lena@northwind.example", "lead")
	team.setOrg(t, lena)
	sink := &gateSink{arrived: make(chan struct{}, 1), release: make(chan struct{})}
	smtpPort := startSink(t, sink)
	conf := fmt.Sprintf("[smtp]\nhost = \"127.0.0.1\"\nport = %d\nusername = \"rep\"\nsecurity = \"none\"\npassword_env = \"LEGIT_TEST_SMTP\"\ndata_timeout = \"2m\"\n", smtpPort)
	if err := os.WriteFile(filepath.Join(robin.home, "legit", "config.toml"), []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	people := [][4]string{objector, {"Rita Roos", "rita.roos@robin-only.example", "Robin Only AB", "SE"}}
	file := writePeople(t, work, "robin.csv", people...)
	if out, errOut, code := p.run(t, robin, "import", file, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026"); code != 0 {
		t.Fatalf("Robin's import: exit %d:\n%s%s", code, out, errOut)
	}
	for _, who := range people {
		setBasisAs(t, robin, who[1])
	}
	body := filepath.Join(work, "body.txt")
	if err := os.WriteFile(body, []byte("Hello,\n\nhow do you plan your depot routes this winter?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	send := func(to string) *exec.Cmd {
		return p.command(robin, "send", "--to", to, "--subject", "Depot routes", "--body-file", body, "--json")
	}

	// The send: the email reaches the mail server; the database server
	// restarts before legit has recorded it. legit says it waits, and
	// records the send once the server is back.
	cmd := send(objector[1])
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
	if err := c.stop("fast"); err != nil {
		t.Fatal(err)
	}
	close(sink.release) // the mail server takes it now: it went out
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(errOut.String(), "trying again") && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	code := waitFor(t, cmd, 60*time.Second)
	t.Logf("a send while the server restarted: exit %d\n%s%s", code, &out, &errOut)
	var sent struct {
		Sent      bool   `json:"sent"`
		MessageID string `json:"message_id"`
	}
	if err := json.Unmarshal([]byte(out.String()), &sent); err != nil || code != 0 || !sent.Sent {
		t.Errorf("the send whose recording met the restart: exit %d (%v), want 0 and sent once the server was back:\n%s%s", code, err, &out, &errOut)
	}
	if msg := out.String() + errOut.String(); rawDriverError.MatchString(msg) || !strings.Contains(errOut.String(), "the email went out, but the database went away") {
		t.Errorf("the send that waited for the server says:\n%s\nwant, in words and without the driver's, that it went out and waits to record it", msg)
	}

	// The next commands after the restart work as they are: the send is
	// recorded once, nothing is queued or in doubt, and a send to Rita goes.
	var queued []map[string]any
	p.mustJSON(t, robin, &queued, "outbox", "--json")
	if len(queued) != 0 {
		t.Errorf("the outbox holds %v after the restart, want nothing", queued)
	}
	var sends []struct {
		Details map[string]string `json:"details"`
	}
	p.mustJSON(t, lena, &sends, "log", "--json", "--limit", "0", "--kind", "send")
	if len(sends) != 1 || "<"+sends[0].Details["message_id"]+">" != sent.MessageID && sends[0].Details["message_id"] != sent.MessageID {
		t.Errorf("the log holds %d sends (%v), want the one to Xavier, %s", len(sends), sends, sent.MessageID)
	}
	var other struct {
		Sent bool `json:"sent"`
	}
	ritaBody := filepath.Join(work, "rita.txt")
	if err := os.WriteFile(ritaBody, []byte("Hi Rita,\n\nyour stand at the Logistics Expo showed cold-chain trailers; who plans their maintenance?\n\nRobin\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p.mustJSON(t, robin, &other, "send", "--to", people[1][1], "--subject", "Trailer maintenance", "--body-file", ritaBody, "--json")
	if !other.Sent {
		t.Errorf("a send to Rita after the restart did not go")
	}
	if n := len(sink.messages()); n != 2 {
		t.Errorf("the mail server got %d emails, want 2: Xavier's once and Rita's", n)
	}

	// The import: the server is killed (a crash) while the import's
	// transaction is open.
	big := filepath.Join(work, "expo.csv")
	var rows strings.Builder
	rows.WriteString("Name,Email,Company,Country\n")
	const bigRows = 20000
	for i := range bigRows {
		fmt.Fprintf(&rows, "Visitor %d,visitor%d@firm%d.example,Firm %d AB,SE\n", i, i, i%500, i%500)
	}
	if err := os.WriteFile(big, []byte(rows.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("pgx", c.url())
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	login := regexp.MustCompile(`//([^@]+)@`).FindStringSubmatch(robin.url)[1]
	imp := p.command(robin, "import", big, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026", "--json")
	out.Reset()
	errOut.Reset()
	imp.Stdout, imp.Stderr = &out, &errOut
	if err := imp.Start(); err != nil {
		t.Fatal(err)
	}
	inTx := false
	for deadline := time.Now().Add(60 * time.Second); !inTx && time.Now().Before(deadline); {
		// The import has written in its transaction once it holds a
		// transaction id and works on the import's tables.
		if err := raw.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE usename = $1 AND backend_xid IS NOT NULL
			AND (query ILIKE '%import%' OR query ILIKE 'copy%'))`, login).Scan(&inTx); err != nil {
			t.Fatal(err)
		}
		if !inTx {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if !inTx {
		_ = imp.Process.Kill()
		t.Fatalf("the import never opened its transaction:\n%s%s", &out, &errOut)
	}
	if err := c.stop("immediate"); err != nil {
		t.Fatal(err)
	}
	code = waitFor(t, imp, 60*time.Second)
	t.Logf("import while the server went away: exit %d\n%s%s", code, &out, &errOut)
	if msg := out.String() + errOut.String(); code != 1 || rawDriverError.MatchString(msg) || !strings.Contains(msg, "team database") {
		t.Errorf("the import the server's crash interrupted: exit %d, want 1 and a message about the team database without the driver's words:\n%s", code, msg)
	}
	if err := c.start(); err != nil {
		t.Fatal(err)
	}
	var held []struct {
		Email string `json:"email"`
	}
	p.mustJSON(t, robin, &held, "contacts", "--json")
	if len(held) != len(people) {
		t.Errorf("Robin has %d contacts after the interrupted import, want the %d from before: nothing of it kept", len(held), len(people))
	}
	var res struct {
		Result struct {
			Imported int `json:"imported"`
		} `json:"result"`
	}
	p.mustJSON(t, robin, &res, "import", big, "--source-kind", "event", "--source-detail", "visitors' list, Logistics Expo 2026", "--json")
	if res.Result.Imported != bigRows {
		t.Errorf("the same import again after the restart: %d new contacts, want %d", res.Result.Imported, bigRows)
	}
	if o, e, code := p.run(t, lena, "log", "verify"); code != 0 {
		t.Errorf("log verify after the restarts: exit %d:\n%s%s", code, o, e)
	}
}

// syncBuffer is a buffer a process writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Reset empties the buffer.
func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// waitFor waits for cmd to end and returns its exit code; a process still
// running after d hangs: it is killed and the test fails.
func waitFor(t *testing.T, cmd *exec.Cmd, d time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(d):
		_ = cmd.Process.Kill()
		<-done
		t.Fatalf("legit %s still ran after %s: it hangs", strings.Join(cmd.Args[1:], " "), d)
		return -1
	}
}

package usecase

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"legit/contacts"
	"legit/outreach"
	"legit/store"
)

// The person the kill test erases, and another whose outbox files must stay.
const (
	killAddr  = "kira.kill@zz-killtest.example"
	keepAddr  = "otto.other@zz-killtest.example"
	killMails = 12  // emails to each of the two
	killFill  = 400 // other files in the outbox, so that removing takes a while
)

// testRep and testNow are who erases, and when the kill test's data was obtained.
const testRep = "Robin Maes"

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// killHelperEnv names the database folder the helper process erases in.
const killHelperEnv = "LEGIT_ERASE_KILL_DIR"

// TestEraseKillHelper is the process TestEraseSurvivesKill kills: it opens
// the database, says "ready" and erases the person as `legit erase` does.
func TestEraseKillHelper(t *testing.T) {
	t.Parallel()
	dir := os.Getenv(killHelperEnv)
	if dir == "" {
		t.Skip("the helper process of TestEraseSurvivesKill")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := st.ContactByEmail(ctx, killAddr)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println("ready")
	if _, err := Erase(ctx, st, c.ID, testRep, store.ErasureRequest, outreach.ErasureCleanup{}); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Println("done")
}

// TestEraseSurvivesKill (issue 16.2): an erasure killed with SIGKILL at
// many moments never leaves the person's emails in the outbox for good.
// After each kill the database is opened again and the start-up step runs
// (what main's finishErasures does); then either the person is still held
// with every email (killed before the commit) or they are gone with every
// outbox file of theirs, and the other person's files are all there.
func TestEraseSurvivesKill(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a helper process dozens of times")
	}
	template := t.TempDir()
	seedKillTemplate(t, template)
	// One run without a kill says how long an erasure takes from "ready".
	full := runKillHelper(t, template, t.TempDir(), -1)
	if full <= 0 {
		t.Fatal("the helper did not finish its erasure")
	}
	const minKills, maxKills, wantInWindow = 20, 160, 5
	var before, window, after int
	var mu sync.Mutex
	workers := max(2, runtime.NumCPU())
	// Kills run a few at a time, each on its own copy; rounds go on until
	// enough landed in the window between the commit and the outbox removal.
	for i := 0; i < maxKills && (i < minKills || window < wantInWindow); i += workers {
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				dir := t.TempDir()
				// Kill moments spread over the full run and a little beyond, each
				// pass through them shifted to fall between the earlier ones.
				frac := (float64(i%minKills) + float64(i/minKills)/float64(maxKills/minKills+1)) / float64(minKills)
				delay := time.Duration(frac * 1.1 * float64(full))
				runKillHelper(t, template, dir, delay)
				phase := killPhase(t, dir)
				mu.Lock()
				switch phase {
				case "before":
					before++
				case "window":
					window++
				default:
					after++
				}
				mu.Unlock()
				restartAndCheck(t, dir, phase)
			}(i + w)
		}
		wg.Wait()
	}
	t.Logf("%d kills (full erasure %s): %d before the commit, %d between the commit and the outbox removal, %d after",
		before+window+after, full.Round(time.Millisecond), before, window, after)
	if window == 0 {
		t.Errorf("no kill landed between the commit and the outbox removal: the test proved nothing about that window")
	}
}

// seedKillTemplate makes the database and outbox every kill round starts
// from: two contacts with killMails sent emails each, and filler files.
func seedKillTemplate(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := st.EnsureRep(ctx, testRep, "robin@northwind.example")
	if err != nil {
		t.Fatal(err)
	}
	ob := outreach.OutboxBeside(st.Path())
	for _, addr := range []string{killAddr, keepAddr} {
		var c contacts.Contact
		err := st.InTx(ctx, func(tx *store.Tx) error {
			var err error
			c, err = tx.AddContact(contacts.Contact{Name: "Kill Test " + addr, Email: addr, Sources: []contacts.Source{{Kind: contacts.Manual,
				Detail: "kill test", ObtainedAt: testNow, ObtainedBy: testRep}}}, testRep)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for j := range killMails {
			id := fmt.Sprintf("%s-%d@northwind.example", strings.Split(addr, "@")[0], j)
			raw := []byte(fmt.Sprintf("Message-ID: <%s>\r\nTo: %s\r\nSubject: Hello\r\n\r\nHello %s\r\n", id, addr, addr))
			m := store.Message{ContactID: c.ID, RepID: rep.ID, Subject: "Hello", Body: "Hello"}
			if m.ID, err = st.SaveDraft(ctx, m); err != nil {
				t.Fatal(err)
			}
			m.MessageID, m.Raw, m.Transport = id, raw, "outbox"
			if err := st.MarkSending(ctx, m); err != nil {
				t.Fatal(err)
			}
			if err := ob.Send(ctx, outreach.Built{MessageID: id, Raw: raw}); err != nil {
				t.Fatal(err)
			}
			if err := st.MarkSent(ctx, store.SentRecord{ID: m.ID, ContactID: c.ID, ContactRef: c.Ref, Rep: testRep,
				MessageID: id, At: testNow, Transport: "outbox"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for j := range killFill {
		raw := []byte(fmt.Sprintf("Message-ID: <fill-%d@northwind.example>\r\nSubject: Other\r\n\r\nSomeone else\r\n", j))
		if err := ob.Send(ctx, outreach.Built{Raw: raw}); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// runKillHelper copies the template into dir, starts the helper on it and,
// once it is ready, kills it with SIGKILL after delay (never when delay is
// negative). It returns how long the erasure took, from "ready" to "done",
// when the helper was not killed.
func runKillHelper(t *testing.T, template, dir string, delay time.Duration) time.Duration {
	t.Helper()
	copyTree(t, template, dir)
	cmd := exec.Command(os.Args[0], "-test.run=^TestEraseKillHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	if !lines.Scan() || lines.Text() != "ready" {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("helper did not get ready: %q %s", lines.Text(), stderr.String())
	}
	start := time.Now()
	var took time.Duration
	if delay >= 0 {
		time.Sleep(delay)
		_ = cmd.Process.Signal(syscall.SIGKILL)
	} else if lines.Scan() && lines.Text() == "done" {
		took = time.Since(start)
	}
	_, _ = io.Copy(io.Discard, out)
	err = cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.Sys().(syscall.WaitStatus).Signaled() {
		return 0
	}
	if err != nil {
		t.Fatalf("helper failed: %v\n%s", err, stderr.String())
	}
	return took
}

// killPhase says where the kill landed, from what it left: "before" the
// commit (the person is held), in the "window" after the commit with some
// of their outbox files left, or "after" it all.
func killPhase(t *testing.T, dir string) string {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "legit.db"))
	if err != nil {
		t.Fatalf("the database does not open after the kill: %v", err)
	}
	defer st.Close()
	_, err = st.ContactByEmail(ctx, killAddr)
	switch {
	case err == nil:
		return "before"
	case !errors.Is(err, store.ErrNotFound):
		t.Fatal(err)
	}
	if outboxFiles(t, dir, "kira.kill-") > 0 {
		return "window"
	}
	return "after"
}

// restartAndCheck opens the database as a start of legit does, finishes the
// pending erasures and checks the outbox.
func restartAndCheck(t *testing.T, dir, phase string) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "legit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := (outreach.ErasureCleanup{Outbox: outreach.OutboxBeside(st.Path()), Rep: testRep}).Finish(ctx, st); err != nil {
		t.Fatalf("start-up after a kill %s: %v", phase, err)
	}
	kira, otto := outboxFiles(t, dir, "kira.kill-"), outboxFiles(t, dir, "otto.other-")
	if otto != killMails {
		t.Errorf("kill %s: %d of the other person's %d outbox files left", phase, otto, killMails)
	}
	c, err := st.ContactByEmail(ctx, killAddr)
	if err == nil {
		if kira != killMails {
			t.Errorf("kill %s: the person is still held but %d of their %d outbox files are left", phase, kira, killMails)
		}
		if _, err := Erase(ctx, st, c.ID, testRep, store.ErasureRequest, outreach.ErasureCleanup{}); err != nil {
			t.Fatal(err)
		}
		kira = outboxFiles(t, dir, "kira.kill-")
	}
	if kira != 0 {
		t.Errorf("kill %s: the person is erased but %d outbox files of theirs are left after a restart", phase, kira)
	}
	if pend, err := st.PendingErasures(ctx); err != nil || len(pend) != 0 {
		t.Errorf("kill %s: pending erasures after the restart = %+v, %v; want none", phase, pend, err)
	}
}

// outboxFiles counts the outbox files under dir whose Message-ID starts
// with prefix.
func outboxFiles(t *testing.T, dir, prefix string) int {
	t.Helper()
	n := 0
	for _, d := range []string{"new", "cur", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(dir, "outbox", d))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(dir, "outbox", d, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(b, []byte("Message-ID: <"+prefix)) {
				n++
			}
		}
	}
	return n
}

// copyTree copies the files under src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

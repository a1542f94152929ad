package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/store"
)

// listingContact is synthetic contact i: one LinkedIn source obtained in
// the 60 days before at, a basis for every third, names with accents.
func listingContact(i int, at time.Time) contacts.Contact {
	first := []string{"Anna", "Łukasz", "Jörg", "Marie", "Søren", "Ivan", "Zoë", "Pieter", "Agnieszka", "Weiß"}
	last := []string{"Müller", "Kowalski", "de Vries", "Dvořák", "Nowak", "Petrov", "Jansen", "Schmidt"}
	comp := []string{"Polderdata B.V.", "Acme GmbH", "Kraków Soft", "Nordlys AS", "Sofia Labs"}
	c := contacts.Contact{
		Name: fmt.Sprintf("%s %s %06d", first[i%len(first)], last[(i/len(first))%len(last)], i), Company: comp[i%len(comp)],
		Position: "Head of IT", Email: fmt.Sprintf("c%06d@example.com", i), Country: "NL", LegalForm: contacts.LegalPerson,
		Sources: []contacts.Source{{Kind: contacts.LinkedIn, Detail: "LinkedIn export", ObtainedBy: "Bench",
			ObtainedAt: at.AddDate(0, 0, -(i % 60))}},
	}
	if i%3 == 0 {
		c.Basis = contacts.Basis{Kind: contacts.LegitimateInterest, Author: "Bench",
			Assessment: contacts.Assessment{Purpose: "p", Necessity: "n", Balancing: "b"}}
	}
	return c
}

// listingDB is a cached SQLite file of n synthetic contacts (built once in
// the temp folder, its list columns worked out by a first listing).
func listingDB(b *testing.B, n int) string {
	b.Helper()
	path := filepath.Join(os.TempDir(), "legit-bench-cli-v1", fmt.Sprintf("contacts-%d.db", n))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	ctx := context.Background()
	_ = os.MkdirAll(filepath.Dir(path), 0o700)
	tmp := path + ".building"
	_ = os.Remove(tmp)
	st, err := store.Open(ctx, tmp)
	if err != nil {
		b.Fatal(err)
	}
	at := time.Now()
	for from := 0; from < n; from += 10_000 {
		err := st.InTx(ctx, func(tx *store.Tx) error {
			for i := from; i < min(n, from+10_000); i++ {
				if _, err := tx.AddContact(listingContact(i, at), "Bench"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	// The first listing works out the list columns, as a rep's first list
	// after an import does.
	if out, code := execute1(tmp, "contacts"); code != 0 {
		b.Fatalf("first listing: exit %d: %s", code, out)
	}
	for _, sfx := range []string{"", "-wal", "-shm"} {
		_ = os.Rename(tmp+sfx, path+sfx)
	}
	return path
}

// execute1 runs one command line on db in-process and returns its error
// output and exit code.
func execute1(db string, args ...string) (string, int) {
	var errw strings.Builder
	code := execute(context.Background(), newRootCmd(&app{}), append([]string{"--db", db}, args...), io.Discard, &errw)
	return errw.String(), code
}

// goHome and goCache are the home and cache folders the go command had
// before TestMain gave the tests folders of their own: the build of the
// benchmark uses the machine's module and build caches.
var goHome, goCache = os.Getenv("HOME"), os.Getenv("XDG_CACHE_HOME")

// buildLegit builds the legit binary into the test's or benchmark's temp
// folder.
func buildLegit(b testing.TB) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "legit")
	cmd := exec.Command("go", "build", "-o", bin, "legit")
	cmd.Env = append(os.Environ(), "HOME="+goHome, "XDG_CACHE_HOME="+goCache) // empty: the default under HOME
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runProcess runs name with args (stdin from the file in, or none), its
// output thrown away, and reports the processor time it took (user and
// system: on a loaded machine the wall time says less) and its peak
// resident memory in KiB. The memory is GNU time's (-1 when it is not
// installed): what the kernel reports to this process for a child counts
// the memory of the test binary it was forked from.
func runProcess(b *testing.B, in, name string, args ...string) (time.Duration, int64) {
	b.Helper()
	report := filepath.Join(b.TempDir(), "time")
	gnuTime, err := exec.LookPath("/usr/bin/time")
	if err == nil {
		args = append([]string{"-f", "%M %e %U %S", "-o", report, name}, args...)
		name = gnuTime
	}
	cmd := exec.Command(name, args...)
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd.Stdin = f
	}
	var errw strings.Builder
	cmd.Stderr = &errw
	if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() != 1 { // deadlines exits 1 while any is overdue
		b.Fatalf("%s %s: %v: %s", name, strings.Join(args, " "), err, errw.String())
	}
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if gnuTime == "" {
		return cpu, -1
	}
	raw, err := os.ReadFile(report)
	if err != nil {
		b.Fatal(err)
	}
	var rss int64
	var wall, user, sys float64
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n") // a first line may say the exit status
	if _, err := fmt.Sscan(lines[len(lines)-1], &rss, &wall, &user, &sys); err != nil {
		b.Fatalf("GNU time wrote %q: %v", raw, err)
	}
	return time.Duration((user + sys) * float64(time.Second)), rss
}

// listQueryScript is the list's own query (list-page of store/queries) for
// sqlite3, every row of the All tab: the yardstick of issue 18.
func listQueryScript(b *testing.B) string {
	b.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "store", "queries", "list.sql"))
	if err != nil {
		b.Fatal(err)
	}
	var query []string
	in := false
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "-- name:") {
			in = strings.TrimSpace(strings.TrimPrefix(line, "-- name:")) == "list-page"
			continue
		}
		if in && !strings.HasPrefix(line, "--") {
			query = append(query, line)
		}
	}
	if len(query) == 0 {
		b.Fatal("no list-page query in store/queries/list.sql")
	}
	today := time.Now().UTC()
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	params := []string{
		".parameter init",
		fmt.Sprintf(".parameter set ?1 \"'%s'\"", day(today)),
		fmt.Sprintf(".parameter set ?2 \"'%s'\"", day(today.AddDate(0, 0, 7))),
		".parameter set ?3 \"''\"", ".parameter set ?4 \"''\"", ".parameter set ?5 0",
		".parameter set ?6 \"'%'\"", ".parameter set ?7 \"''\"", ".parameter set ?8 0",
		".parameter set ?9 -1", ".parameter set ?10 0",
	}
	path := filepath.Join(b.TempDir(), "list.sql")
	if err := os.WriteFile(path, []byte(strings.Join(append(params, query...), "\n")+"\n"), 0o600); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkListingProcess: `legit contacts --json`, `legit deadlines
// --json` and `legit retention --json` as the processes a rep runs, on
// files of 10,000 and 100,000 contacts (LEGIT_BENCH_1M adds a million),
// beside `sqlite3 -json` of the list's own query (issue 18: at most twice
// its time, memory flat). maxrss-KiB is the process's peak resident memory,
// cpu-ms its processor time. Run with
//
//	go test ./ui/cli -run XXX -bench ListingProcess -benchtime 5x
func BenchmarkListingProcess(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if os.Getenv("LEGIT_BENCH_1M") != "" {
		sizes = append(sizes, 1_000_000)
	}
	bin := buildLegit(b)
	script := listQueryScript(b)
	sqlite3, _ := exec.LookPath("sqlite3")
	for _, n := range sizes {
		db := listingDB(b, n)
		run := func(name, in, prog string, args ...string) {
			b.Run(fmt.Sprintf("%s/contacts=%d", name, n), func(b *testing.B) {
				rss := int64(-1)
				var cpu time.Duration
				for b.Loop() {
					c, r := runProcess(b, in, prog, args...)
					rss, cpu = max(rss, r), cpu+c
				}
				if rss >= 0 {
					b.ReportMetric(float64(rss), "maxrss-KiB")
				}
				b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/op")
			})
		}
		if sqlite3 != "" {
			run("sqlite3-json", script, sqlite3, "-json", db)
		}
		for _, cmd := range []string{"contacts", "deadlines", "retention"} {
			run(cmd+"-json", "", bin, "--db", db, cmd, "--json")
		}
	}
}

package cli

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"legit/contacts/contactstest"
)

// writeConnections writes n invented LinkedIn connections as LinkedIn's
// Connections.csv to linkedIn, and as the bare rows sqlite3's .import reads
// to plain.
func writeConnections(b *testing.B, linkedIn, plain string, n int) {
	b.Helper()
	for _, path := range []string{linkedIn, plain} {
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := contactstest.WriteConnections(f, n, path == linkedIn); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
}

// timeProcess runs name with args and returns its wall and processor time.
func timeProcess(b *testing.B, env []string, name string, args ...string) (wall, cpu time.Duration) {
	b.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = env
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return time.Since(start), cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

// BenchmarkImportProcess30k is issue 18's import target as a rep meets it:
// `legit import Connections.csv` of 30,000 LinkedIn rows into a new
// database (process start, new database, read, parse, write, commit),
// beside `sqlite3 new.db '.mode csv' '.import plain.csv t'` of the same
// rows, run in turn so that both see the same load. It reports the medians
// of both (wall ms and processor ms) and the ratio of the wall medians
// (the target: at most 2.5). Skipped where sqlite3 is not installed.
//
//	go test ./ui/cli -run XXX -bench ImportProcess30k -benchtime 10x
func BenchmarkImportProcess30k(b *testing.B) {
	sqlite3, err := exec.LookPath("sqlite3")
	if err != nil {
		b.Skip("no sqlite3 command on this machine")
	}
	bin := buildLegit(b)
	dir := b.TempDir()
	linkedIn, plain := filepath.Join(dir, "Connections.csv"), filepath.Join(dir, "plain.csv")
	writeConnections(b, linkedIn, plain, 30_000)
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "LEGIT_DB=")
	var legitWall, legitCPU, cliWall, cliCPU []time.Duration
	for i := 0; b.Loop(); i++ {
		w, c := timeProcess(b, env, bin, "--db", filepath.Join(dir, fmt.Sprintf("legit%d.db", i)),
			"import", linkedIn, "--source-detail", "LinkedIn export")
		legitWall, legitCPU = append(legitWall, w), append(legitCPU, c)
		w, c = timeProcess(b, env, sqlite3, filepath.Join(dir, fmt.Sprintf("cli%d.db", i)), ".mode csv", ".import "+plain+" t")
		cliWall, cliCPU = append(cliWall, w), append(cliCPU, c)
	}
	median := func(ds []time.Duration) float64 {
		s := slices.Clone(ds)
		slices.Sort(s)
		return float64(s[len(s)/2]) / float64(time.Millisecond)
	}
	b.ReportMetric(median(legitWall), "legit-ms")
	b.ReportMetric(median(legitCPU), "legit-cpu-ms")
	b.ReportMetric(median(cliWall), "sqlite3-ms")
	b.ReportMetric(median(cliCPU), "sqlite3-cpu-ms")
	b.ReportMetric(median(legitWall)/median(cliWall), "ratio")
}

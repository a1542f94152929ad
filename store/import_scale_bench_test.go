package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"legit/contacts"
)

// The benchmarks here measure how an import scales (issues 16 and 18):
//
//	go test -run '^$' -bench 'ImportTenInto' -benchtime 20x ./store/
//	go test -run '^$' -bench 'ImportSameName' -benchtime 3x ./store/
//	go test -run '^$' -bench 'ImportProcessRSS' -benchtime 1x -timeout 30m ./store/
//
// BenchmarkImportTenInto imports 10 rows into databases of 10,000, 100,000
// and 600,000 contacts: the time should not grow with the contacts stored.
// BenchmarkImportSameName imports files whose rows all have one name and
// company and no address (merged into one contact): the time per row should
// not grow with the rows. BenchmarkImportProcessRSS imports a generated
// 1.8-million-row spreadsheet (about 200 MB) in a child process and reports
// its peak resident memory.

// writeSpreadsheet writes n invented rows as a semicolon spreadsheet with an
// address on every row, from row number from on.
func writeSpreadsheet(tb testing.TB, path string, from, n int) {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, "Naam;E-mailadres;Bedrijf;Functie;Land;Opmerkingen\n")
	for i := from; i < from+n; i++ {
		fmt.Fprintf(w, "Voornaam%d Achternaam%d;persoon%d@bedrijf%d.example;Bedrijf %d B.V.;Inkoper %d;NL;beurs Utrecht stand %d\n",
			i, i, i, i%9973, i%9973, i%50, i%300)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// importPath imports the file at path as `legit import` does.
func importPath(tb testing.TB, s *Store, rep Rep, path string, kind contacts.SourceKind) ImportResult {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	rd, err := contacts.NewFileReader(path, f, "", nil)
	if err != nil {
		tb.Fatal(err)
	}
	res, err := s.ImportFrom(context.Background(), NewImportBatch(path, rd.SHA256(), rd.Format(), rep, kind, "bench", importNow, false), rd, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

func BenchmarkImportTenInto(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 600_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			s, rep := openImportStore(b)
			dir := b.TempDir()
			seed := filepath.Join(dir, "seed.csv")
			writeSpreadsheet(b, seed, 0, n)
			if res := importPath(b, s, rep, seed, contacts.Event); res.Imported != n {
				b.Fatalf("seeded %+v", res)
			}
			next := n
			for b.Loop() {
				b.StopTimer()
				path := filepath.Join(dir, "ten"+strconv.Itoa(next)+".csv")
				writeSpreadsheet(b, path, next, 10)
				next += 10
				b.StartTimer()
				if res := importPath(b, s, rep, path, contacts.Event); res.Imported != 10 {
					b.Fatalf("imported %+v", res)
				}
			}
		})
	}
}

func BenchmarkImportSameName(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "same.csv")
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			w := bufio.NewWriter(f)
			fmt.Fprint(w, "Name,Company,Note\n")
			for i := range n {
				fmt.Fprintf(w, "Jan de Vries,Polderdata B.V.,met at stand %d\n", i)
			}
			if err := w.Flush(); err != nil {
				b.Fatal(err)
			}
			_ = f.Close()
			for b.Loop() {
				b.StopTimer()
				s, rep := openImportStore(b)
				b.StartTimer()
				if res := importPath(b, s, rep, path, contacts.Event); res.Imported != 1 || res.InFile != n-1 {
					b.Fatalf("imported %+v, want one contact", res)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/row")
		})
	}
}

// TestImportProcess is the child of BenchmarkImportProcessRSS: it imports
// LEGIT_BENCH_IMPORT into a new database in LEGIT_BENCH_DB. It does nothing
// in a normal test run.
func TestImportProcess(t *testing.T) {
	path, db := os.Getenv("LEGIT_BENCH_IMPORT"), os.Getenv("LEGIT_BENCH_DB")
	if path == "" || db == "" {
		t.Skip("the child of BenchmarkImportProcessRSS")
	}
	s, err := Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.EnsureRep(context.Background(), "Robin Maes", "robin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	res := importPath(t, s, rep, path, contacts.Event)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	fmt.Printf("imported %d\n", res.Imported)
}

func BenchmarkImportProcessRSS(b *testing.B) {
	sqliteOnly(b, "a database file of its own")
	const rows = 1_800_000
	dir := b.TempDir()
	path := filepath.Join(dir, "visitors.csv")
	writeSpreadsheet(b, path, 0, rows)
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestImportProcess$", "-test.count", "1")
		cmd.Env = append(os.Environ(), "LEGIT_BENCH_IMPORT="+path, "LEGIT_BENCH_DB="+filepath.Join(dir, fmt.Sprintf("run%d.db", i)))
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
		b.ReportMetric(time.Since(start).Seconds(), "s/import")
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
}

package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"legit/contacts"
	"legit/outreach"
	"legit/outreach/usecase"
	"legit/store"
)

// annaRecord returns Anna's record from d's store.
func annaRecord(t *testing.T, d Deps) contacts.Record {
	t.Helper()
	ctx := context.Background()
	c, err := storeOf(d).ContactByEmail(ctx, annaEmail)
	if err != nil {
		t.Fatal(err)
	}
	r, err := d.Store.Record(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestSaveExportFileRecordsThePath(t *testing.T) {
	ctx := context.Background()
	d := demoDeps(t)
	r := annaRecord(t, d)
	dir := t.TempDir()
	t.Chdir(dir)
	if err := SaveExportFile(ctx, d.Store, "anna-mueller.json", r, testNow, d.Retention, testController); err != nil {
		t.Fatalf("SaveExportFile(relative) = %v", err)
	}
	missing := filepath.Join(dir, "no-such-folder", "anna.json")
	if err := SaveExportFile(ctx, d.Store, missing, r, testNow.Add(time.Hour), d.Retention, testController); err == nil {
		t.Fatalf("SaveExportFile(into a missing folder) = nil, want an error")
	}
	got, err := d.Store.ExportFiles(ctx, r.Contact.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(dir, "anna-mueller.json")
	if len(got) != 1 || got[0].Path != want || !got[0].At.Equal(testNow) {
		t.Fatalf("ExportFiles() = %+v, want only %s at %v (a failed write is not listed)", got, want, testNow)
	}
	fi, err := os.Stat(want)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
}

func TestErasurePlanListsExportFiles(t *testing.T) {
	r := recordFixture()
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		name    string
		exports []store.ExportFile
		want    []string
	}{
		{"none", nil, nil},
		{"one", []store.ExportFile{{Path: "/home/robin/vera-export.json", At: at}},
			[]string{"1 export file legit wrote of their data. Delete it yourself", "/home/robin/vera-export.json (written 20 Nov 2026 09:30)"}},
		{"two", []store.ExportFile{{Path: "/tmp/a.json", At: at}, {Path: "/tmp/b\x1b[31m.json", At: at.AddDate(0, 0, 1)}},
			[]string{"2 export files legit wrote of their data. Delete them yourself", "/tmp/a.json (written 20 Nov 2026 09:30); /tmp/b.json (written 21 Nov 2026 09:30)."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ErasurePlan(r, usecase.MailboxPlan{Exports: tt.exports})
			if (len(tt.exports) > 0) != strings.Contains(got, "Not reached by the erasure") {
				t.Errorf("ErasurePlan() with %d export files:\n%s", len(tt.exports), got)
			}
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("ErasurePlan() lacks %q:\n%s", want, got)
				}
			}
			if strings.Contains(got, "\x1b") {
				t.Errorf("ErasurePlan() passes a control character through:\n%q", got)
			}
		})
	}
}

// TestEraseConfirmListsTheExport: an export written with x on the contact
// screen is listed in the erasure confirmation, and its record goes with
// the erasure.
func TestEraseConfirmListsTheExport(t *testing.T) {
	ctx := context.Background()
	d := demoDeps(t)
	d.ExportDir = t.TempDir()
	tm := openAnna(t, d)
	press(tm, "x")
	waitFor(t, tm, "save it to a file")
	press(tm, "f")
	waitFor(t, tm, "Save the copy to")
	press(tm, "enter")
	waitFor(t, tm, "logged as an export")
	id := annaRecord(t, d).Contact.ID
	files, err := d.Store.ExportFiles(ctx, id)
	if err != nil || len(files) != 1 || filepath.Dir(files[0].Path) != d.ExportDir {
		t.Fatalf("ExportFiles() = %+v, %v; want the file x wrote in %s", files, err, d.ExportDir)
	}
	r, plan, err := usecase.ErasureQuestion(ctx, d.Store, id, store.ErasureRequest, outreach.ErasureCleanup{})
	if err != nil {
		t.Fatal(err)
	}
	if text := ErasurePlan(r, plan); !strings.Contains(text, files[0].Path+" (written 23 Nov 2026 12:00)") {
		t.Errorf("the erasure question does not list %s:\n%s", files[0].Path, text)
	}
	press(tm, "esc")
	waitFor(t, tm, "Privacy notice")
	press(tm, "D")
	waitFor(t, tm, "yourself,") // one word: the path's length moves the line breaks
	press(tm, "y")
	waitFor(t, tm, "Agnieszka")
	finalScreen(t, tm)
	if files, err := d.Store.ExportFiles(ctx, id); err != nil || len(files) != 0 {
		t.Errorf("ExportFiles(erased) = %+v, %v; want none", files, err)
	}
}

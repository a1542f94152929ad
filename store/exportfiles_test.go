package store

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
)

// TestExportFilesListedThenErased: the paths exports were written to are
// listed once each with their latest time, stay out of the log, move with
// a merge, and are gone from the database files after an erasure.
func TestExportFilesListedThenErased(t *testing.T) {
	ctx := context.Background()
	s := openRights(t)
	c := addRights(t, s, person("Quirina Exportova", "quirina@zz-export.example"))
	dup := addRights(t, s, person("Quirina Exportova", "q.exportova@zz-export.example"))
	first, second := "/home/robin/quirina-exportova-export.json", "/tmp/legit-export-quirina-exportova.json"
	at := func(days int) time.Time { return rightsNow.AddDate(0, 0, days) }
	for _, e := range []struct {
		id   int64
		path string
		at   time.Time
	}{{c.ID, first, at(-3)}, {dup.ID, second, at(-2)}, {c.ID, first, at(-1)}} {
		if _, err := s.NoteExportFile(ctx, e.id, e.path, e.at); err != nil {
			t.Fatalf("NoteExportFile(%s) = %v", e.path, err)
		}
	}
	id, err := s.NoteExportFile(ctx, c.ID, "/nowhere/never-written.json", at(0))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ForgetExportFile(ctx, id); err != nil {
		t.Fatalf("ForgetExportFile() = %v", err)
	}
	if err := s.Merge(ctx, c.ID, dup.ID, rightsRep); err != nil {
		t.Fatalf("Merge() = %v", err)
	}
	got, err := s.ExportFiles(ctx, c.ID)
	if err != nil {
		t.Fatalf("ExportFiles() = %v", err)
	}
	want := []ExportFile{{second, at(-2)}, {first, at(-1)}}
	if len(got) != len(want) {
		t.Fatalf("ExportFiles() = %v, want %v", got, want)
	}
	for i := range want {
		if got[i].Path != want[i].Path || !got[i].At.Equal(want[i].At) {
			t.Errorf("ExportFiles()[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	r, err := s.Record(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Events {
		for k, v := range e.Details {
			if strings.Contains(strings.ToLower(v), "exportova") {
				t.Errorf("log event %s detail %s names the person: %q", e.Kind, k, v)
			}
		}
	}
	if b := storeBytes(t, s); !bytes.Contains(b, []byte("quirina-exportova")) {
		t.Fatalf("before erasure the export path is not in the files: the test would prove nothing")
	}
	if _, err := s.Erase(ctx, c.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	if got, err := s.ExportFiles(ctx, c.ID); err != nil || len(got) != 0 {
		t.Errorf("ExportFiles(erased) = %v, %v; want none", got, err)
	}
	assertGone(t, s, "quirina-exportova")
}

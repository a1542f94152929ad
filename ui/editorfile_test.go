package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestEditorFileLeftByACrashIsRemoved runs a child process that writes a
// draft for the editor and dies without cleaning up (as a kill -9 would
// leave it); the next start removes the file.
func TestEditorFileLeftByACrashIsRemoved(t *testing.T) {
	if os.Getenv("LEGIT_TEST_CRASH_WITH_EDITOR_OPEN") == "1" {
		path, err := newEditorFile("Hello Anna, this draft names a person.")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Print(path)
		os.Exit(3) // no deferred removal runs: the crash
	}
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	cmd := exec.Command(os.Args[0], "-test.run=^TestEditorFileLeftByACrashIsRemoved$")
	cmd.Env = append(os.Environ(), "LEGIT_TEST_CRASH_WITH_EDITOR_OPEN=1")
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("child = %v, want exit 3 after writing the draft (output %q)", err, out)
	}
	path := string(out)
	dir, _ := editorDir()
	if filepath.Dir(path) != dir {
		t.Fatalf("draft written to %s, want it in %s", path, dir)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("the crash left no file: %v", err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("draft mode = %v, want 0600", info.Mode().Perm())
	}
	if d, err := os.Stat(dir); err != nil || d.Mode().Perm() != 0o700 {
		t.Errorf("editor directory mode = %v (%v), want 0700", d.Mode().Perm(), err)
	}
	// The next start: a process that began after the crash.
	n, err := removeStaleEditorFiles(dir, time.Now().Add(time.Second), processRunning)
	if err != nil || n != 1 {
		t.Fatalf("removeStaleEditorFiles = %d, %v; want 1 removed", n, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("stale draft %s is still there: %v", path, err)
	}
}

func TestRemoveStaleEditorFilesKeepsLiveDrafts(t *testing.T) {
	t.Parallel()
	started := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	before, after := started.Add(-time.Hour), started.Add(time.Minute)
	const dead, alive = 4000001, 4000002
	own := os.Getpid()
	tests := []struct {
		name    string
		file    string
		mtime   time.Time
		removed bool
	}{
		{"dead process, before this start", fmt.Sprintf("legit-draft-%d-1.txt", dead), before, true},
		{"own id reused, before this start", fmt.Sprintf("legit-draft-%d-2.txt", own), before, true},
		{"another running legit has it open", fmt.Sprintf("legit-draft-%d-3.txt", alive), before, false},
		{"written since this start", fmt.Sprintf("legit-draft-%d-4.txt", dead), after, false},
		{"not a draft name", "notes.txt", before, false},
		{"prefix without a process id", "legit-draft-x-5.txt", before, false},
	}
	dir := t.TempDir()
	for _, tc := range tests {
		p := filepath.Join(dir, tc.file)
		if err := os.WriteFile(p, []byte("draft"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, tc.mtime, tc.mtime); err != nil {
			t.Fatal(err)
		}
	}
	n, err := removeStaleEditorFiles(dir, started, func(pid int) bool { return pid == alive || pid == own })
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, tc := range tests {
		_, err := os.Stat(filepath.Join(dir, tc.file))
		if gone := os.IsNotExist(err); gone != tc.removed {
			t.Errorf("%s: removed = %v, want %v", tc.name, gone, tc.removed)
		}
		if tc.removed {
			want++
		}
	}
	if n != want {
		t.Errorf("removeStaleEditorFiles = %d, want %d", n, want)
	}
	if n, err := removeStaleEditorFiles(filepath.Join(dir, "missing"), started, processRunning); n != 0 || err != nil {
		t.Errorf("missing directory: %d, %v; want 0, nil", n, err)
	}
}

func TestProcessRunning(t *testing.T) {
	t.Parallel()
	if !processRunning(os.Getpid()) {
		t.Errorf("processRunning(own pid) = false")
	}
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Skipf("no true(1): %v", err)
	}
	if processRunning(cmd.Process.Pid) {
		t.Errorf("processRunning(finished child %d) = true", cmd.Process.Pid)
	}
}

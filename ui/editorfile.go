package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// editorFilePrefix starts the name of every draft written for $EDITOR; the
// process id that follows tells whose file it is.
const editorFilePrefix = "legit-draft-"

// processStart is when this process started (package initialisation): a
// draft file older than that and not held by a running legit is stale.
var processStart = time.Now()

// editorDir is where drafts opened in $EDITOR are written while the editor
// runs: legit/editor in the user's cache directory ($XDG_CACHE_HOME, else
// ~/.cache), mode 0700, so a crash leaves them in one known place.
func editorDir() (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("find the cache directory for editor drafts (set $XDG_CACHE_HOME or $HOME): %w", err)
	}
	dir := filepath.Join(cache, "legit", "editor")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("create %s for editor drafts: %w", dir, err)
	}
	return dir, nil
}

// newEditorFile writes body to a new file (mode 0600) in the editor
// directory, named legit-draft-<pid>-<random>.txt, and returns its path.
// The caller removes it when the editor returns; RemoveStaleEditorFiles
// removes it at the next start if the process died first.
func newEditorFile(body string) (string, error) {
	dir, err := editorDir()
	if err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, fmt.Sprintf("%s%d-*.txt", editorFilePrefix, os.Getpid()))
	if err != nil {
		return "", fmt.Errorf("create a file for the editor: %w", err)
	}
	_, err = f.WriteString(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return "", fmt.Errorf("write the draft for the editor: %w", err)
	}
	return f.Name(), nil
}

// RemoveStaleEditorFiles removes the drafts a crashed or killed legit left
// in the editor directory: files named legit-draft-<pid>-… that were last
// written before this process started and whose process is no longer
// running (or is this one, its id reused). A draft another running legit
// has open in its editor is kept. Call it once at start-up; it returns how
// many files it removed. A missing directory is not an error.
func RemoveStaleEditorFiles() (int, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return 0, nil // no cache directory: no draft can have been written
	}
	return removeStaleEditorFiles(filepath.Join(cache, "legit", "editor"), processStart, processRunning)
}

// removeStaleEditorFiles is RemoveStaleEditorFiles on dir, for a process
// started at started, asking running whether a process id is alive.
func removeStaleEditorFiles(dir string, started time.Time, running func(pid int) bool) (int, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the editor drafts in %s: %w", dir, err)
	}
	removed := 0
	var errs []error
	for _, e := range entries {
		pid, ok := editorFilePID(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(started) {
			continue
		}
		if pid != os.Getpid() && running(pid) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("remove the stale editor draft: %w", err))
			continue
		}
		removed++
	}
	return removed, errors.Join(errs...)
}

// editorFilePID reads the process id from a draft file's name.
func editorFilePID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, editorFilePrefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(digits)
	return pid, err == nil && pid > 0
}

// processRunning reports whether a process with this id exists: signal 0
// checks without sending anything, and "not permitted" means it exists.
func processRunning(pid int) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}

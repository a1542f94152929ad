package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
)

// WriteWait tells a writer that it is waiting for another's transaction
// (an import holds the write lock for as long as it runs): the import's
// file and how far it is, when known. Done says the wait is over.
type WriteWait struct {
	File    string // the file being imported; "" when another writer holds the lock
	Percent int    // how far that import is, 0 to 100; -1 when unknown
	Done    bool
}

// Message is what a rep is told while waiting.
func (w WriteWait) Message() string {
	switch {
	case w.File == "":
		return "waiting for another writer to finish…; ctrl+c stops"
	case w.Percent < 0:
		return fmt.Sprintf("waiting for the import of %s…; ctrl+c stops", w.File)
	}
	return fmt.Sprintf("waiting for the import of %s (%d%%)…; ctrl+c stops", w.File, w.Percent)
}

// importStatus is the import running on this database, as other writers
// (in this process, or another through the status file) see it.
type importStatus struct {
	File    string `json:"file"`
	Percent int    `json:"percent"`
	PID     int    `json:"pid"`
}

// waitState is a Store's part in waiting visibly.
type waitState struct {
	mu        sync.Mutex
	notify    func(WriteWait)
	importing *importStatus // the import this Store runs, if any
}

// OnWriteWait sets fn to be told when a write waits for another writer,
// with what is known of it, and when the wait ends. fn runs on the
// waiting goroutine and must not block.
func (s *Store) OnWriteWait(fn func(WriteWait)) {
	s.wait.mu.Lock()
	s.wait.notify = fn
	s.wait.mu.Unlock()
}

// statusPath is the file next to an SQLite database that says which import
// holds its write lock; "" on PostgreSQL.
func (s *Store) statusPath() string {
	if s.path == "" {
		return ""
	}
	return s.path + "-import"
}

// announceImport records that this Store imports file, for writers that
// will wait for it; the function returned ends that.
func (s *Store) announceImport(file string) func() {
	st := &importStatus{File: file, PID: os.Getpid()}
	s.wait.mu.Lock()
	s.wait.importing = st
	s.wait.mu.Unlock()
	s.writeStatus(st)
	return func() {
		s.wait.mu.Lock()
		s.wait.importing = nil
		s.wait.mu.Unlock()
		if p := s.statusPath(); p != "" {
			_ = os.Remove(p)
		}
	}
}

// importProgress records how far the running import is.
func (s *Store) importProgress(done, total int64) {
	if total <= 0 {
		return
	}
	pct := int(min(100, done*100/total)) / 10 * 10 // in steps of 10%: each is a file write
	s.wait.mu.Lock()
	st := s.wait.importing
	changed := st != nil && st.Percent != pct
	var cp importStatus
	if changed {
		st.Percent = pct
		cp = *st
	}
	s.wait.mu.Unlock()
	if changed {
		s.writeStatus(&cp)
	}
}

// writeStatus writes the status file (best effort: it only informs).
func (s *Store) writeStatus(st *importStatus) {
	p := s.statusPath()
	if p == "" {
		return
	}
	b, err := json.Marshal(st)
	if err != nil {
		return
	}
	tmp := p + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err == nil {
		_ = os.Rename(tmp, p)
	}
}

// runningImport is the import that holds the write lock, as far as this
// Store can tell: its own, or one another live process announced.
func (s *Store) runningImport() *importStatus {
	s.wait.mu.Lock()
	own := s.wait.importing
	var cp importStatus
	if own != nil {
		cp = *own
	}
	s.wait.mu.Unlock()
	if own != nil {
		return &cp
	}
	p := s.statusPath()
	if p == "" {
		return nil
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	var st importStatus
	if json.Unmarshal(b, &st) != nil || st.PID <= 0 {
		return nil
	}
	if err := syscall.Kill(st.PID, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return nil // a crash left the file: nobody imports
	}
	return &st
}

// waiter tells OnWriteWait about one wait, once it starts and when it ends.
type waiter struct {
	s       *Store
	started bool
}

// start tells that the write waits, with what is known of the import.
func (w *waiter) start() {
	w.s.wait.mu.Lock()
	fn := w.s.wait.notify
	w.s.wait.mu.Unlock()
	if fn == nil || w.started {
		return
	}
	w.started = true
	ww := WriteWait{Percent: -1}
	if st := w.s.runningImport(); st != nil {
		ww = WriteWait{File: st.File, Percent: st.Percent}
	}
	fn(ww)
}

// end tells that the wait is over, if it was told it started.
func (w *waiter) end() {
	if !w.started {
		return
	}
	w.s.wait.mu.Lock()
	fn := w.s.wait.notify
	w.s.wait.mu.Unlock()
	if fn != nil {
		fn(WriteWait{Done: true})
	}
}

// busyRetry is how long a writer waits between tries of the write lock
// after SQLite's busy timeout gave up.
const busyRetry = 100 * time.Millisecond

// waitWrites runs write (which takes SQLite's write lock: a BEGIN
// IMMEDIATE, or a statement outside a transaction) until it does not fail
// with "database is locked": while an import holds the lock, a writer waits
// for it instead of failing after the busy timeout, and OnWriteWait is
// told. ctx ends the wait.
func (s *Store) waitWrites(ctx context.Context, write func() error) error {
	w := &waiter{s: s}
	defer w.end()
	if s.runningImport() != nil {
		w.start()
	}
	for {
		err := write()
		if !isBusy(err) {
			return err
		}
		w.start()
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (%w)", ctx.Err(), err)
		case <-time.After(busyRetry):
		}
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

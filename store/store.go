// Package store keeps legit's data in one SQLite file: the schema and its
// migrations, every query, the hash-chained outreach log and the suppression
// hashes. It knows nothing of terminals or mail.
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // the SQLite driver, registered as "sqlite3"
)

// ErrNotFound is returned when a looked-up row does not exist.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned when a row would break a uniqueness rule.
var ErrDuplicate = errors.New("already exists")

// Store is an open legit database.
type Store struct {
	db     *sql.DB
	q      *queries
	engine engine
	path   string // the SQLite file; "" on PostgreSQL
	where  string // what Open was given: the file, or the PostgreSQL address
	key    []byte // key for the suppression hashes; nil for a team member, who cannot read it
	// serverHash: the role that connected is a team member, not the
	// owner; the server hashes addresses (serverHasher).
	serverHash bool
	now        func() time.Time
	offset     time.Duration // the team database's clock ahead of this computer's (ClockOffset)
	wait       waitState     // writers waiting for an import (OnWriteWait)

	listMu   sync.Mutex // guards listRule
	listRule string     // the list rule version known to be stored (list.go)
}

// DSN returns the connection string that opens path with the settings every
// connection needs: WAL, foreign keys, a busy timeout, secure delete (erased
// data is overwritten) and BEGIN IMMEDIATE, so writers queue rather than fail.
func DSN(path string) string {
	return fileURI(path) + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=5000&_secure_delete=on&_txlock=immediate"
}

// fileURI is path as an SQLite file: URI.
func fileURI(path string) string {
	return "file:" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// newPageSize is the page size of a database legit creates. Pages of 16 KiB
// (SQLite's default is 4 KiB) make the B-trees shallower and the write-ahead
// log four times as large before SQLite copies it back into the file: a
// 30,000-row import writes a fifth faster and its commit is not held up by
// that copy.
const newPageSize = 16384

// initPageSize gives the empty database file at path its page size. It must
// run before anything else writes the file: the page size is fixed by the
// first write, and a connection with the WAL setting of DSN writes at once.
func initPageSize(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", fileURI(path)+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	// Both pragmas must run on the one connection: the page size is a
	// setting of the connection until its first write fixes it in the file.
	conn, err := db.Conn(ctx)
	if err == nil {
		for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", newPageSize), "PRAGMA journal_mode = WAL"} {
			if _, err = conn.ExecContext(ctx, q); err != nil {
				err = fmt.Errorf("%s: %w", q, err)
				break
			}
		}
		err = errors.Join(err, conn.Close())
	}
	return errors.Join(err, db.Close())
}

// Open opens the database at where and brings its schema up to date: a
// postgres:// address opens PostgreSQL (OpenPostgres); anything else is the
// path of an SQLite file, created if needed with its directory made 0700 and
// the file 0600.
func Open(ctx context.Context, where string) (*Store, error) {
	if IsPostgres(where) {
		return OpenPostgres(ctx, where, "")
	}
	return openSQLite(ctx, where)
}

// openSQLite opens (creating if needed) the SQLite database at path.
func openSQLite(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create database folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	fi, err := f.Stat()
	if err == nil {
		err = f.Close()
	} else {
		_ = f.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if fi.Size() == 0 {
		if err := initPageSize(ctx, path); err != nil {
			return nil, fmt.Errorf("create database %s: %w", path, err)
		}
	}
	db, err := sql.Open("sqlite3", DSN(path))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := migrate(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	s := &Store{db: db, path: path, where: path, now: time.Now}
	if s.q, err = prepare(ctx, db, sqliteEngine); err != nil {
		_ = db.Close()
		return nil, err
	}
	if s.key, err = s.loadKey(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	if err := s.q.close(); err != nil {
		_ = s.db.Close()
		return err
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Path is the database file's path.
func (s *Store) Path() string { return s.path }

// SetClock replaces the store's clock (for tests and the demo).
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// Pragma reads one PRAGMA's value as text, so tests and `legit doctor`-style
// checks can confirm the connection settings.
func (s *Store) Pragma(ctx context.Context, name string) (string, error) {
	for _, r := range name {
		if (r < 'a' || r > 'z') && r != '_' {
			return "", fmt.Errorf("pragma %q: not a pragma name", name)
		}
	}
	var v string
	if err := s.db.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v); err != nil {
		return "", fmt.Errorf("pragma %s: %w", name, err)
	}
	return v, nil
}

// SchemaVersion returns the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// Tx is one write transaction with the prepared queries bound to it.
type Tx struct {
	tx  *sql.Tx
	ctx context.Context
	s   *Store
	// conn is the transaction's connection when its caller pinned it (an
	// import on PostgreSQL, which COPYs on it); nil otherwise.
	conn *sql.Conn
}

// stmt binds a prepared query to the transaction.
func (t *Tx) stmt(p *sql.Stmt) *sql.Stmt { return t.tx.StmtContext(t.ctx, p) }

// InTx runs fn in one transaction, committing if it returns nil and rolling
// back otherwise: a multi-step write is all or nothing. While another
// writer (an import) holds the write lock, it waits for it, however long,
// telling OnWriteWait; ctx ends the wait.
func (s *Store) InTx(ctx context.Context, fn func(*Tx) error) error {
	var tx *sql.Tx
	err := s.waitWrites(ctx, func() error {
		var err error
		tx, err = s.db.BeginTx(ctx, nil)
		return err
	})
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := s.lockWrites(ctx, tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := fn(&Tx{tx: tx, ctx: ctx, s: s}); err != nil {
		_ = tx.Rollback()
		return rolledBack(err)
	}
	if err := tx.Commit(); err != nil {
		return commitFailed(err)
	}
	return nil
}

// loadKey returns the suppression-hash key, creating it on first use. It lives
// in the database so that an opt-out can never be lost with a separate file.
// A team member's role cannot read it (PostgreSQL): the store then hashes
// on the server.
func (s *Store) loadKey(ctx context.Context) ([]byte, error) {
	if s.Postgres() {
		own, err := s.ownsSchema(ctx)
		if err != nil {
			return nil, err
		}
		if !own {
			s.serverHash = true
			return nil, nil
		}
	}
	var key []byte
	err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'suppression_key'`).Scan(&key)
	if err == nil {
		return key, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("read suppression key: %w", err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make suppression key: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO meta(key, value) VALUES ('suppression_key', ?) ON CONFLICT DO NOTHING`, key); err != nil {
		return nil, fmt.Errorf("save suppression key: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT value FROM meta WHERE key = 'suppression_key'`).Scan(&key); err != nil {
		return nil, fmt.Errorf("read suppression key: %w", err)
	}
	return key, nil
}

// timeText formats a time for storage.
func timeText(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// nullTime formats an optional time for storage.
func nullTime(t *time.Time) sql.NullString {
	if t == nil || t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: timeText(*t), Valid: true}
}

// parseTime reads a stored time; a bad value is a corrupt row.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}

// parseNullTime reads an optional stored time.
func parseNullTime(ns sql.NullString) (*time.Time, error) {
	if !ns.Valid || ns.String == "" {
		return nil, nil
	}
	t, err := parseTime(ns.String)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// engine is the database a Store runs on.
type engine int

// The engines: SQLite, embedded, for one rep; PostgreSQL for a team.
const (
	sqliteEngine engine = iota
	postgresEngine
)

// IsPostgres reports whether where is a PostgreSQL address rather than the
// path of an SQLite file.
func IsPostgres(where string) bool {
	return strings.HasPrefix(where, "postgres://") || strings.HasPrefix(where, "postgresql://")
}

// Postgres reports whether the store runs on PostgreSQL.
func (s *Store) Postgres() bool { return s.engine == postgresEngine }

// likeEscaper escapes LIKE's wildcards and its escape character (\), for
// a pattern with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// like is the engine's case-insensitive LIKE (SQLite's LIKE ignores ASCII
// case; PostgreSQL's needs ILIKE).
func (s *Store) like() string {
	if s.Postgres() {
		return "ILIKE"
	}
	return "LIKE"
}

// pgWriteLock is the advisory lock every write transaction on PostgreSQL
// takes first.
const pgWriteLock = 0x6c65676974 + 1

// lockWrites makes write transactions take turns, as they do on SQLite
// (where every write transaction begins IMMEDIATE): a transaction reads,
// decides and writes without another writer changing what it read. On
// PostgreSQL it takes a transaction-level advisory lock, released at commit
// or rollback; readers are not held up. The log's lock (lockLog) is then
// this one.
func (s *Store) lockWrites(ctx context.Context, tx *sql.Tx) error {
	if !s.Postgres() {
		return nil
	}
	var free bool
	if err := tx.QueryRowContext(ctx, `SELECT pg_try_advisory_xact_lock(?)`, pgWriteLock).Scan(&free); err != nil {
		return fmt.Errorf("wait for other writers: %w", err)
	}
	if free {
		return nil
	}
	w := &waiter{s: s}
	w.start()
	defer w.end()
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(?)`, pgWriteLock); err != nil {
		return fmt.Errorf("wait for other writers: %w", err)
	}
	return nil
}

// try runs one statement that may fail in a way the caller handles (a
// duplicate), without losing the transaction: PostgreSQL aborts a whole
// transaction on an error, so the statement runs inside a savepoint there.
func (t *Tx) try(fn func() error) error {
	if !t.s.Postgres() {
		return fn()
	}
	if _, err := t.tx.ExecContext(t.ctx, `SAVEPOINT legit_try`); err != nil {
		return fmt.Errorf("savepoint: %w", err)
	}
	if err := fn(); err != nil {
		if _, rerr := t.tx.ExecContext(t.ctx, `ROLLBACK TO SAVEPOINT legit_try`); rerr != nil {
			return errors.Join(err, fmt.Errorf("roll back to the savepoint: %w", rerr))
		}
		return err
	}
	_, err := t.tx.ExecContext(t.ctx, `RELEASE SAVEPOINT legit_try`)
	return err
}

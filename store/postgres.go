package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// pgMigrationLock is the advisory lock key that makes one client at a time
// bring a PostgreSQL schema up to date.
const pgMigrationLock = 0x6c65676974 // "legit"

// OpenPostgres opens the PostgreSQL database at url (postgres://…) and
// brings its schema up to date. password, when set, is used instead of what
// PGPASSWORD or ~/.pgpass give; it never goes into the address. A server
// that cannot be reached is an error that says so.
func OpenPostgres(ctx context.Context, url, password string) (*Store, error) {
	db, err := openPostgresDB(url, password)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("connect to PostgreSQL at %s: %w", safeAddr(url), err)
	}
	if err := migratePostgres(ctx, db); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("database %s: %w", safeAddr(url), err)
	}
	s := &Store{db: db, engine: postgresEngine, where: url}
	if s.offset, err = serverOffset(pctx, db, time.Now); err != nil {
		_ = db.Close()
		return nil, err
	}
	s.now = func() time.Time { return time.Now().Add(s.offset) }
	if s.q, err = prepare(ctx, db, postgresEngine); err != nil {
		_ = db.Close()
		return nil, err
	}
	if s.key, err = s.loadKey(ctx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// migratePostgres applies every PostgreSQL step newer than the recorded
// version, each in its own transaction with the record of its version,
// while holding an advisory lock so that two clients starting at once do
// not both migrate.
func migratePostgres(ctx context.Context, db *sql.DB) (err error) {
	ms, err := migrationsIn("postgres/migrations")
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, pgMigrationLock); err != nil {
		return fmt.Errorf("migrate: wait for other clients: %w", err)
	}
	defer func() {
		_, uerr := conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, pgMigrationLock)
		err = errors.Join(err, uerr)
	}()
	// A team member's role may not create tables: the table is made only
	// when it is missing.
	var made bool
	if err := conn.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&made); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if !made {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	var current int
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if n := len(ms); n > 0 && current > ms[n-1].version {
		return fmt.Errorf("database schema version %d is newer than this legit knows (%d): upgrade legit", current, ms[n-1].version)
	}
	for _, m := range ms {
		if m.version <= current {
			continue
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			_ = tx.Rollback()
			if isPermissionDenied(err) {
				return fmt.Errorf("migration %s: %w (the database's owner brings it up to date: legit team init as the owner)", m.name, err)
			}
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, time.Now().UTC().Format(time.RFC3339)); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", m.name, err)
		}
	}
	return nil
}

// PostgresSchemaVersion reads the schema version of the team database at
// url without changing it, and the version this legit's migrations reach.
// A database legit never opened has version 0.
func PostgresSchemaVersion(ctx context.Context, url, password string) (have, want int, err error) {
	ms, err := migrationsIn("postgres/migrations")
	if err != nil {
		return 0, 0, err
	}
	want = ms[len(ms)-1].version
	db, err := openPostgresDB(url, password)
	if err != nil {
		return 0, want, err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, want, fmt.Errorf("connect to PostgreSQL at %s: %w", safeAddr(url), err)
	}
	if !exists {
		return 0, want, nil
	}
	err = db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&have)
	return have, want, err
}

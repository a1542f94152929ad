package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed migrations/*.sql postgres/migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns SQLite's embedded steps in version order.
func migrations() ([]migration, error) { return migrationsIn("migrations") }

// migrationsIn returns the embedded steps in dir, in version order.
func migrationsIn(dir string) ([]migration, error) {
	names, err := fs.Glob(migrationFiles, dir+"/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, n := range names {
		base := strings.TrimPrefix(n, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", base)
		}
		b, err := migrationFiles.ReadFile(n)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", ms[i-1].name, ms[i].name, ms[i].version)
		}
	}
	return ms, nil
}

// migrate applies every step newer than the recorded version, each in its own
// transaction together with the record of its version.
//
// The steps run on one connection with foreign keys off, as SQLite's guide to
// rebuilding a table asks (a DROP TABLE would otherwise delete the rows that
// refer to it); each step's transaction commits only when foreign_key_check
// finds no more broken references than before the step, and the connection
// gets foreign keys back before it returns to the pool.
func migrate(ctx context.Context, db *sql.DB) error { return migrateWith(ctx, db, schemaScript) }

// migrateWith is migrate, making a new database from script when that is
// the current schema's (an empty script: step by step).
func migrateWith(ctx context.Context, db *sql.DB, script string) (err error) {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var current int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	ms, err := migrations()
	if err != nil {
		return err
	}
	if n := len(ms); n > 0 && current > ms[n-1].version {
		return fmt.Errorf("database schema version %d is newer than this legit knows (%d): upgrade legit", current, ms[n-1].version)
	}
	if n := len(ms); n == 0 || ms[n-1].version <= current {
		return nil
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer func() { err = errors.Join(err, restoreForeignKeys(ctx, conn)) }()
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return fmt.Errorf("migrate: turn foreign keys off: %w", err)
	}
	var todo []migration
	for _, m := range ms {
		if m.version > current {
			todo = append(todo, m)
		}
	}
	if current == 0 {
		// A new database: made in one transaction, so that a crash part-way
		// leaves it empty rather than half made; from the schema script
		// when it is the current schema's, else step by step.
		if script, ok := newSchemaScript(script, ms); ok {
			return applySchemaScript(ctx, conn, script, ms)
		}
		return applyMigrations(ctx, conn, todo...)
	}
	for _, m := range todo {
		if err := applyMigrations(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// applyMigrations runs the steps ms and records them in one transaction,
// committed only if they left no more foreign keys pointing nowhere than
// there were before (a database edited by hand with foreign keys off may
// already have some; they are not the steps' doing and must not lock the
// user out).
func applyMigrations(ctx context.Context, conn *sql.Conn, ms ...migration) error {
	name := ms[0].name
	if len(ms) > 1 {
		name = fmt.Sprintf("%s to %s", ms[0].name, ms[len(ms)-1].name)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	before, err := danglingKeys(ctx, tx)
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: %w", name, err)
	}
	at := time.Now().UTC().Format(time.RFC3339)
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, at); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
	}
	after, err := danglingKeys(ctx, tx)
	if err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("migration %s: %w", name, err)
	}
	if after > before {
		_ = tx.Rollback()
		return fmt.Errorf("migration %s would leave %d more rows referring to nothing; nothing was changed: keep using the legit you had and report this", name, after-before)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit migration %s: %w", name, err)
	}
	return nil
}

// danglingKeys counts the rows whose foreign key points nowhere.
func danglingKeys(ctx context.Context, tx *sql.Tx) (int, error) {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`).Scan(&n); err != nil {
		return 0, fmt.Errorf("check foreign keys: %w", err)
	}
	return n, nil
}

// restoreForeignKeys turns foreign keys back on for conn and releases it. A
// connection that cannot be put right is discarded rather than pooled.
func restoreForeignKeys(ctx context.Context, conn *sql.Conn) error {
	var on int
	_, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	if err == nil {
		err = conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on)
	}
	if err == nil && on != 1 {
		err = errors.New("the pragma did not take")
	}
	if err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		_ = conn.Close()
		return fmt.Errorf("migrate: turn foreign keys back on: %w", err)
	}
	return conn.Close()
}

package store

import (
	"context"
	"database/sql"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// schemaScript is the SQLite schema that the migrations make, as one script
// (store/schema/sqlite.sql, written by the test TestNewSchemaScript with
// -update). A new database is made from it: replaying every migration
// re-reads the growing schema after each change and took about 45 ms of
// every first command, most of a new database's cost.
//
//go:embed schema/sqlite.sql
var schemaScript string

// schemaScriptVersion is the line of the script that names the last
// migration it holds.
const schemaScriptVersion = "-- schema version: "

// newSchemaScript returns script when it is the schema of the last of ms;
// a script left behind by a new migration is not used (and
// TestNewSchemaScript fails until it is written again).
func newSchemaScript(script string, ms []migration) (string, bool) {
	if len(ms) == 0 {
		return "", false
	}
	for line := range strings.Lines(script) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), schemaScriptVersion); ok {
			n, err := strconv.Atoi(v)
			return script, err == nil && n == ms[len(ms)-1].version
		}
	}
	return "", false
}

// applySchemaScript makes a new database's schema from script and records
// every one of ms as applied, in one transaction.
func applySchemaScript(ctx context.Context, conn *sql.Conn, script string, ms []migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("make the schema: %w", err)
	}
	if _, err := tx.ExecContext(ctx, script); err != nil {
		_ = tx.Rollback()
		return fmt.Errorf("make the schema: %w", err)
	}
	at := time.Now().UTC().Format(time.RFC3339)
	for _, m := range ms {
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
			m.version, m.name, at); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("make the schema: %w", err)
	}
	return nil
}

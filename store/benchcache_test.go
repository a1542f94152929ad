package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cachedBenchSQLite opens the SQLite benchmark database at path, building
// it first when it is not there: a new store filled by fill in one
// transaction, on one connection with a large cache and no WAL (pages are
// written once, at commit), with the indexes of tables dropped while it
// fills and made again after (sorting once is much faster than an index
// insert per row). It is built beside path and renamed into place, so a
// build cut short is made again next time.
func cachedBenchSQLite(b *testing.B, path string, tables []string, fill func(*Tx) error) *Store {
	b.Helper()
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		start := time.Now()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			b.Fatal(err)
		}
		tmp := path + ".building"
		_ = os.Remove(tmp)
		s, err := Open(ctx, tmp)
		if err != nil {
			b.Fatal(err)
		}
		s.db.SetMaxOpenConns(1) // the settings below are the one connection's
		for _, p := range []string{"PRAGMA journal_mode = DELETE", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -600000"} {
			if _, err := s.db.Exec(p); err != nil {
				b.Fatalf("%s: %v", p, err)
			}
		}
		names, indexes := benchIndexes(b, s, tables)
		err = s.InTx(ctx, func(tx *Tx) error {
			for _, name := range names {
				if _, err := tx.tx.Exec(`DROP INDEX ` + name); err != nil {
					return err
				}
			}
			if err := fill(tx); err != nil {
				return err
			}
			for _, sql := range indexes {
				if _, err := tx.tx.Exec(sql); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %s in %s", path, time.Since(start).Round(time.Millisecond))
	}
	s, err := Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// benchIndexes lists the names and statements of the indexes on tables.
func benchIndexes(b *testing.B, s *Store, tables []string) (names, stmts []string) {
	b.Helper()
	rows, err := s.db.Query(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND tbl_name IN ('` + strings.Join(tables, "', '") + `')`)
	if err != nil {
		b.Fatal(err)
	}
	for rows.Next() {
		var name, sql string
		if err := rows.Scan(&name, &sql); err != nil {
			b.Fatal(err)
		}
		names, stmts = append(names, name), append(stmts, sql)
	}
	if err := closeRows(rows, "list indexes"); err != nil {
		b.Fatal(err)
	}
	return names, stmts
}

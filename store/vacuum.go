package store

import (
	"context"
	"fmt"
)

// erasedTables are the tables an erasure deletes from besides those that
// refer to contacts (contactTables), vacuumed after an erasure.
var erasedTables = []string{"contacts", "pending_erasures"}

// vacuumErased rewrites, on PostgreSQL, the tables an erasure deleted rows
// from, so that the erased rows' bytes leave the table and index files: a
// plain DELETE only marks them dead (they would stay until the space is
// reused). VACUUM FULL writes each table anew and drops the old files. It
// locks each table for the few moments it takes; backups and the
// write-ahead log already archived still hold what they held (see the
// README).
func (s *Store) vacuumErased(ctx context.Context) error {
	tables := append([]string{}, erasedTables...)
	err := s.snapshot(ctx, func(t *Tx) error {
		refs, err := t.contactTables()
		for _, r := range refs {
			tables = append(tables, r.table)
		}
		return err
	})
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, tb := range tables {
		if seen[tb] {
			continue
		}
		seen[tb] = true
		if _, err := s.db.ExecContext(ctx, "VACUUM (FULL) "+ident(tb)); err != nil {
			return fmt.Errorf("vacuum %s after the erasure: %w", tb, err)
		}
	}
	return nil
}

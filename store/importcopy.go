package store

import (
	"fmt"

	"github.com/jackc/pgx/v5"
)

// The staging tables' columns, in the order of the writers' values.
var (
	stageContactCols = []string{"id", "ref", "name", "email", "email_key", "email_hash", "company", "position", "country", "name_key", "profile_key"}
	stageSourceCols  = []string{"contact_id", "detail", "line"}
)

// copyFlush writes the queued contacts and sources on PostgreSQL: COPY into
// the staging tables on the transaction's connection, then one INSERT ...
// SELECT per table, in the import's transaction.
func (w *importWriter) copyFlush() error {
	if len(w.contacts.vals) == 0 && len(w.sources.vals) == 0 {
		return nil
	}
	t := w.t
	err := t.conn.Raw(func(dc any) error {
		pc, ok := dc.(*pgConn)
		if !ok {
			return fmt.Errorf("not a PostgreSQL connection: %T", dc)
		}
		for _, c := range []struct {
			table string
			cols  []string
			rw    *rowWriter
		}{{"import_stage_contacts", stageContactCols, &w.contacts}, {"import_stage_sources", stageSourceCols, &w.sources}} {
			if len(c.rw.vals) == 0 {
				continue
			}
			rows := make([][]any, 0, len(c.rw.vals)/c.rw.cols)
			for i := 0; i < len(c.rw.vals); i += c.rw.cols {
				rows = append(rows, c.rw.vals[i:i+c.rw.cols])
			}
			if _, err := pc.Conn.Conn().CopyFrom(t.ctx, pgx.Identifier{c.table}, c.cols, pgx.CopyFromRows(rows)); err != nil {
				return fmt.Errorf("copy into %s: %w", c.table, lostConn(err))
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(w.contacts.vals) > 0 {
		if _, err := t.tx.ExecContext(t.ctx, w.stage["import-from-stage-contacts"], w.contacts.shared...); err != nil {
			return fmt.Errorf("save contacts: %w", err)
		}
	}
	if len(w.sources.vals) > 0 {
		if _, err := t.tx.ExecContext(t.ctx, w.stage["import-from-stage-sources"], w.sources.shared...); err != nil {
			return fmt.Errorf("save sources: %w", err)
		}
	}
	if _, err := t.tx.ExecContext(t.ctx, w.stage["import-clear-stage"]); err != nil {
		return fmt.Errorf("clear the staging tables: %w", err)
	}
	w.contacts.vals, w.sources.vals = w.contacts.vals[:0], w.sources.vals[:0]
	return nil
}

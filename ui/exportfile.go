package ui

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"legit/contacts"
	"legit/notice"
)

// ExportFileStore is what SaveExportFile records in the database.
// *store.Store satisfies it.
type ExportFileStore interface {
	NoteExportFile(ctx context.Context, contactID int64, path string, at time.Time) (int64, error)
	ForgetExportFile(ctx context.Context, id int64) error
}

// SaveExportFile writes r to path as SaveExport does and records the file
// against the person (its absolute path and the time), so that the erasure
// confirmation can list it for the rep to delete. The record is made before
// the file is written, so a crash in between leaves a listed path rather
// than an unlisted copy of the person's data; a failed write forgets it
// unless it left a new file behind. The path is kept out of the log.
func SaveExportFile(ctx context.Context, st ExportFileStore, path string, r contacts.Record, now time.Time, ret contacts.Retention, ctl notice.Controller) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("write export %s: %w", path, err)
	}
	existed := exists(abs)
	id, err := st.NoteExportFile(ctx, r.Contact.ID, abs, now)
	if err != nil {
		return err
	}
	werr := SaveExport(abs, r, now, ret, ctl)
	if werr == nil || (!existed && exists(abs)) {
		return werr
	}
	if err := st.ForgetExportFile(ctx, id); err != nil {
		return errors.Join(werr, err)
	}
	return werr
}

// exists reports whether something is at path; an error other than "not
// there" counts as there, so that a record is never forgotten in doubt.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return !errors.Is(err, fs.ErrNotExist)
}

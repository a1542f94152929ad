package store

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ExportFile is a file an access export of a person was written to, as the
// erasure confirmation lists it: legit cannot know whether it still exists
// or where copies went, so the rep is asked to delete it.
type ExportFile struct {
	Path string
	At   time.Time // when it was last written
}

// NoteExportFile records that an export of contact id is written to path
// at at, and returns the record's id (for ForgetExportFile). Record it
// before writing the file: a crash in between then leaves a listed path
// rather than an unlisted copy of the person's data. The path stays out of
// the log (it often names the person); an erasure deletes the record.
func (s *Store) NoteExportFile(ctx context.Context, contactID int64, path string, at time.Time) (int64, error) {
	if path == "" {
		return 0, errors.New("record export file: the path is empty")
	}
	var id int64
	if err := s.q.InsertExportFile.QueryRowContext(ctx, contactID, path, timeText(at)).Scan(&id); err != nil {
		return 0, fmt.Errorf("record export file of contact %d: %w", contactID, err)
	}
	return id, nil
}

// ForgetExportFile deletes the record id made by NoteExportFile, for a file
// that was never written.
func (s *Store) ForgetExportFile(ctx context.Context, id int64) error {
	if _, err := s.q.DeleteExportFile.ExecContext(ctx, id); err != nil {
		return fmt.Errorf("forget export file %d: %w", id, err)
	}
	return nil
}

// ExportFiles lists the files exports of contact id were written to, each
// path once with its latest time, oldest first.
func (s *Store) ExportFiles(ctx context.Context, contactID int64) ([]ExportFile, error) {
	rows, err := s.q.ExportFilesOf.QueryContext(ctx, contactID)
	if err != nil {
		return nil, fmt.Errorf("list export files of contact %d: %w", contactID, err)
	}
	var out []ExportFile
	for rows.Next() {
		var f ExportFile
		var at string
		if err := rows.Scan(&f.Path, &at); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list export files of contact %d: %w", contactID, err)
		}
		if f.At, err = parseTime(at); err != nil {
			_ = rows.Close()
			return nil, err
		}
		out = append(out, f)
	}
	return out, closeRows(rows, "list export files")
}

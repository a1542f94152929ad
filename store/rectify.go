package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"legit/contacts"
)

// ErrStale is returned when a contact was changed after the version a form
// loaded (Tx.CheckVersion): saving would undo the other change unseen.
var ErrStale = errors.New("changed by someone else since you opened it")

// versionQueries are the queries of rectify.go and exportfiles.go.
type versionQueries struct {
	ContactVersion   *sql.Stmt `query:"contact-version"`
	InsertExportFile *sql.Stmt `query:"insert-export-file"`
	DeleteExportFile *sql.Stmt `query:"delete-export-file"`
	ExportFilesOf    *sql.Stmt `query:"export-files-of"`
}

// ContactForEdit returns contact id, as Store.Contact does, with its
// version read in the same snapshot: the number a form keeps to save later
// through Tx.CheckVersion.
func (s *Store) ContactForEdit(ctx context.Context, id int64) (contacts.Contact, int64, error) {
	var c contacts.Contact
	var version int64
	err := s.snapshot(ctx, func(t *Tx) error {
		var err error
		if version, err = t.version(id); err != nil {
			return err
		}
		if c, err = scanContact(t.stmt(t.s.q.ContactByID).QueryRow(id)); err != nil {
			return fmt.Errorf("contact %d: %w", id, err)
		}
		return t.loadDetails(&id, func(_ int64, f func(*contacts.Contact)) { f(&c) })
	})
	return c, version, err
}

// CheckVersion refuses with ErrStale when contact id is no longer at
// version: another window or command wrote to it since the caller loaded
// it. Call it in the transaction that saves, before the write. Every
// transaction holds the write lock from its start (_txlock=immediate), so
// no other write can come between the check and the save.
func (t *Tx) CheckVersion(contactID, version int64) error {
	now, err := t.version(contactID)
	if err != nil {
		return err
	}
	if now != version {
		return fmt.Errorf("contact %d: %w", contactID, ErrStale)
	}
	return nil
}

// Rectify corrects contact id's fields as Tx.Rectify does, over the
// version a form loaded (Store.ContactForEdit), in one transaction: a
// contact changed since is refused with ErrStale and nothing is written;
// a failure in any step leaves every step undone. It returns the changed
// field names.
func (s *Store) Rectify(ctx context.Context, contactID, version int64, changes contacts.Fields, rep string) ([]string, error) {
	var changed []string
	err := s.InTx(ctx, func(t *Tx) error {
		if err := t.CheckVersion(contactID, version); err != nil {
			return err
		}
		var err error
		changed, err = t.Rectify(contactID, changes, rep)
		return err
	})
	if err != nil {
		return nil, err
	}
	return changed, nil
}

// version reads the row version of contact id.
func (t *Tx) version(id int64) (int64, error) {
	var v int64
	err := t.stmt(t.s.q.ContactVersion).QueryRow(id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("contact %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("read the version of contact %d: %w", id, err)
	}
	return v, nil
}

// ErrAddressSuppressed is returned when a contact would be given an address
// that is on the suppression list.
var ErrAddressSuppressed = errors.New("the address is on the suppression list")

// Rectify corrects a contact's fields (Art. 16) inside the transaction and
// logs one rectification event naming the fields that changed (names only,
// never values). The fields are cleaned and checked first; an address on the
// suppression list is refused, and a contact whose status ends outreach keeps
// its new address suppressed too. It returns the changed field names; none
// changed means nothing is written.
func (t *Tx) Rectify(contactID int64, changes contacts.Fields, rep string) ([]string, error) {
	c, err := scanContact(t.stmt(t.s.q.ContactByID).QueryRow(contactID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("correct contact %d: %w", contactID, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("correct contact %d: %w", contactID, err)
	}
	f, err := changes.Normalize()
	if err != nil {
		return nil, err
	}
	changed := contacts.FieldsOf(c).Changed(f)
	if len(changed) == 0 {
		return nil, nil
	}
	var email, key, hash sql.NullString
	if f.Email != "" {
		if contacts.MatchKey(f.Email) != contacts.MatchKey(c.Email) {
			sup, err := t.IsSuppressed(f.Email)
			if err != nil {
				return nil, err
			}
			if sup {
				return nil, fmt.Errorf("address %s: %w (an opt-out, objection or erasure): it may not be given to a contact", f.Email, ErrAddressSuppressed)
			}
		}
		email = sql.NullString{String: f.Email, Valid: true}
		key = sql.NullString{String: contacts.MatchKey(f.Email), Valid: true}
		hash = sql.NullString{String: t.s.AddressHash(f.Email), Valid: true}
	}
	_, err = t.stmt(t.s.q.RectifyContact).Exec(contactID, f.Name, email, key, hash, f.Company, f.Position,
		f.Country, f.Language, string(f.Relationship), timeText(t.s.now()), string(f.LegalForm))
	if err != nil {
		if isUnique(err) {
			return nil, fmt.Errorf("address %s belongs to another contact: %w (merge the two with m on the contact screen)", f.Email, ErrDuplicate)
		}
		return nil, fmt.Errorf("correct contact %s: %w", c.Ref, err)
	}
	if f.Name != c.Name || f.Company != c.Company {
		if err := t.keyName(contactID, f.Name, f.Company); err != nil {
			return nil, err
		}
	}
	if f.Email != "" {
		// The old address stays known, so that an erasure, opt-out or
		// objection suppresses it too; replies kept from the new one join.
		for _, e := range []string{c.Email, f.Email} {
			if err := t.addAddress(contactID, e); err != nil {
				return nil, err
			}
		}
	}
	if f.Email != "" && statusEnds(c.Status) {
		if err := t.Suppress(f.Email, c.Ref, rep, statusReason[c.Status]); err != nil {
			return nil, err
		}
	}
	_, err = t.AppendEvent(Event{Rep: rep, Kind: EventRectify, ContactRef: c.Ref,
		Details: map[string]string{"fields": strings.Join(changed, ",")}})
	return changed, err
}

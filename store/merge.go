package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"legit/contacts"
)

// EventMerge is the log event of two contacts merged into one.
const EventMerge EventKind = "merge"

// Merge folds the contact dropID into keepID (duplicates of one person, for
// example after an address change) in one transaction: every row that refers
// to the dropped contact (sources, assessments, consents, messages, and any
// table added later) moves to the kept one, empty fields and a missing basis
// are filled from it, the earliest notice and the latest reply are kept, and
// the dropped contact is deleted. The kept contact keeps every address
// either had. Suppression wins: if either was opted out, objected or
// suppressed, the kept contact is too, and every address either ever had
// goes on the suppression list. The log gets a merge event naming both refs.
func (s *Store) Merge(ctx context.Context, keepID, dropID int64, rep string) error {
	if keepID == dropID {
		return fmt.Errorf("merge contact %d into itself: pick another contact", keepID)
	}
	err := s.InTx(ctx, func(t *Tx) error {
		keep, err := t.contactForMerge(keepID)
		if err != nil {
			return err
		}
		drop, err := t.contactForMerge(dropID)
		if err != nil {
			return err
		}
		// Both keep every address they had; one they share is kept once.
		for _, c := range []mergeContact{keep, drop} {
			if err := t.addAddress(c.ID, c.Email); err != nil {
				return err
			}
		}
		if _, err := t.stmt(s.q.MergeSharedAddresses).Exec(keepID, dropID); err != nil {
			return fmt.Errorf("merge addresses of %s: %w", drop.Ref, err)
		}
		tables, err := t.contactTables()
		if err != nil {
			return err
		}
		for _, r := range tables {
			q := fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ?", ident(r.table), ident(r.column), ident(r.column))
			if _, err := t.tx.ExecContext(t.ctx, q, keepID, dropID); err != nil {
				return fmt.Errorf("move rows of %s to %s in %s: %w", drop.Ref, keep.Ref, r.table, err)
			}
		}
		if _, err := t.stmt(s.q.CopyBasis).Exec(keepID, dropID); err != nil {
			return fmt.Errorf("merge basis of %s: %w", drop.Ref, err)
		}
		status := keep.Status
		if !statusEnds(status) && statusEnds(drop.Status) {
			status = drop.Status
		}
		informed := earliest(keep.InformedAt, drop.InformedAt)
		reply := latest(keep.reply, drop.reply)
		if _, err := t.stmt(s.q.DeleteContact).Exec(dropID); err != nil {
			return fmt.Errorf("delete merged contact %s: %w", drop.Ref, err)
		}
		if _, err := t.stmt(s.q.MergeInto).Exec(keepID, drop.Company, drop.Position, drop.Country, drop.Language,
			string(status), nullTime(informed), nullTime(reply), timeText(s.now())); err != nil {
			return fmt.Errorf("merge %s into %s: %w", drop.Ref, keep.Ref, err)
		}
		suppressed := keep.Suppressed || drop.Suppressed || statusEnds(status)
		if suppressed {
			reason, err := t.mergeReason(status, keep.Contact, drop.Contact)
			if err != nil {
				return err
			}
			for _, e := range []string{keep.Email, drop.Email} {
				if e == "" {
					continue
				}
				if err := t.Suppress(e, keep.Ref, rep, reason); err != nil {
					return err
				}
			}
			// Every address either had before, too.
			if _, err := t.suppressFormer(keepID, []string{keep.Email, drop.Email}, keep.Ref, rep, reason); err != nil {
				return err
			}
		}
		_, err = t.AppendEvent(Event{Rep: rep, Kind: EventMerge, ContactRef: keep.Ref,
			Details: map[string]string{"merged_ref": drop.Ref, "suppressed": fmt.Sprint(suppressed)}})
		return err
	})
	if err != nil {
		return err
	}
	return s.checkpoint(ctx)
}

// mergeContact is a contact with its last reply, as Merge reads it.
type mergeContact struct {
	contacts.Contact
	reply *time.Time
}

func (t *Tx) contactForMerge(id int64) (mergeContact, error) {
	c, err := scanContact(t.stmt(t.s.q.ContactByID).QueryRow(id))
	if errors.Is(err, sql.ErrNoRows) {
		return mergeContact{}, fmt.Errorf("merge contact %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return mergeContact{}, fmt.Errorf("merge contact %d: %w", id, err)
	}
	var reply sql.NullString
	if err := t.stmt(t.s.q.ContactLastReply).QueryRow(id).Scan(&reply); err != nil {
		return mergeContact{}, fmt.Errorf("merge contact %d: %w", id, err)
	}
	m := mergeContact{Contact: c}
	m.reply, err = parseNullTime(reply)
	return m, err
}

// mergeReason picks the suppression reason for a merged contact: its status
// when that ends outreach, else the reason either address is listed under.
func (t *Tx) mergeReason(status contacts.Status, cs ...contacts.Contact) (SuppressReason, error) {
	if r, ok := statusReason[status]; ok {
		return r, nil
	}
	for _, c := range cs {
		if c.Email == "" || !c.Suppressed {
			continue
		}
		var reason, at string
		if err := t.stmt(t.s.q.SuppressionByHash).QueryRow(t.s.AddressHash(c.Email)).Scan(&reason, &at); err != nil {
			return "", fmt.Errorf("read suppression of %s: %w", c.Ref, err)
		}
		return SuppressReason(reason), nil
	}
	return ReasonManual, nil
}

// statusEnds reports whether a status ends outreach.
func statusEnds(s contacts.Status) bool {
	_, ok := statusReason[s]
	return ok
}

func earliest(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.Before(*a)) {
		return b
	}
	return a
}

func latest(a, b *time.Time) *time.Time {
	if a == nil || (b != nil && b.After(*a)) {
		return b
	}
	return a
}

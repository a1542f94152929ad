package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"legit/contacts"
)

// retentionListQueries are the queries of retention_list.go.
type retentionListQueries struct {
	RetentionPage         *sql.Stmt `query:"retention-page"`
	RetentionPageConsents *sql.Stmt `query:"retention-page-consents"`
}

// contactPage is how many contacts EachForRetention reads at a time.
const contactPage = 500

// EachForRetention calls fn with every contact as the retention rule
// (contacts.RetentionDue) and its listing read it, in ListContacts' order,
// reading a page at a time (each in a snapshot of its own): memory stays
// flat however many contacts there are. With erasureAsked, only the
// contacts with an open erasure request; without, every contact. Each
// comes with its open erasure request as it stands when its page is read,
// so a walk of the requests and then of everyone (skipping those it had)
// lists a request opened or answered in between once.
//
// A contact holds only its ID, Ref, Name, Email, Company, Relationship,
// Status, Basis.Kind and Basis.PurchaseAt, and its consents when its basis
// is consent (their Purpose, GrantedAt and WithdrawnAt); its sources are not
// read. The activity holds its last reply, its open erasure request, and the
// latest dates of its sources and consents (LastObtained, LastConsent).
func (s *Store) EachForRetention(ctx context.Context, erasureAsked bool, fn func(contacts.Contact, contacts.Activity) error) error {
	var after ListKey
	for {
		var page []contacts.Contact
		var act []contacts.Activity
		err := s.snapshot(ctx, func(t *Tx) error {
			var err error
			page, act, err = t.retentionPage(after, erasureAsked)
			return err
		})
		if err != nil {
			return err
		}
		for i := range page {
			if err := fn(page[i], act[i]); err != nil {
				return err
			}
		}
		if len(page) < contactPage {
			return nil
		}
		last := page[len(page)-1]
		after = ListKey{Name: last.Name, ID: last.ID}
	}
}

// retentionPage reads the page of contacts after the row at after, as
// EachForRetention hands them on.
func (t *Tx) retentionPage(after ListKey, erasureAsked bool) ([]contacts.Contact, []contacts.Activity, error) {
	rows, err := t.stmt(t.s.q.RetentionPage).Query(after.Name, after.ID, contactPage, boolInt(erasureAsked))
	if err != nil {
		return nil, nil, fmt.Errorf("list contacts for retention: %w", err)
	}
	page := make([]contacts.Contact, 0, contactPage)
	act := make([]contacts.Activity, 0, contactPage)
	var consentIDs []int64
	var c contacts.Contact
	var rel, status, basis string
	var purchase, reply, asked, obtained, consented sql.NullString
	dest := []any{&c.ID, &c.Ref, &c.Name, &c.Email, &c.Company, &rel, &status, &basis,
		&purchase, &reply, &asked, &obtained, &consented}
	for rows.Next() {
		c = contacts.Contact{}
		if err := rows.Scan(dest...); err != nil {
			_ = rows.Close()
			return nil, nil, fmt.Errorf("list contacts for retention: %w", err)
		}
		c.Relationship, c.Status, c.Basis.Kind = contacts.Relationship(rel), contacts.Status(status), contacts.BasisKind(basis)
		var a contacts.Activity
		for _, f := range []struct {
			to   **time.Time
			from sql.NullString
		}{{&c.Basis.PurchaseAt, purchase}, {&a.LastReply, reply}, {&a.ErasureAsked, asked},
			{&a.LastObtained, obtained}, {&a.LastConsent, consented}} {
			if err == nil {
				*f.to, err = parseNullTime(f.from)
			}
		}
		if err != nil {
			_ = rows.Close()
			return nil, nil, err
		}
		if c.Basis.Kind == contacts.ConsentBasis {
			consentIDs = append(consentIDs, c.ID)
		}
		page, act = append(page, c), append(act, a)
	}
	if err := closeRows(rows, "list contacts for retention"); err != nil {
		return nil, nil, err
	}
	if len(consentIDs) > 0 {
		err = t.retentionConsents(consentIDs, page)
	}
	return page, act, err
}

// retentionConsents reads the consents of the contacts with these IDs into
// their places in page.
func (t *Tx) retentionConsents(ids []int64, page []contacts.Contact) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return fmt.Errorf("read consents: %w", err)
	}
	index := make(map[int64]int, len(ids))
	for i := range page {
		index[page[i].ID] = i
	}
	rows, err := t.stmt(t.s.q.RetentionPageConsents).Query(string(list))
	if err != nil {
		return fmt.Errorf("read consents: %w", err)
	}
	for rows.Next() {
		var cid int64
		var k contacts.Consent
		var purpose, granted string
		var withdrawn sql.NullString
		if err := rows.Scan(&cid, &purpose, &granted, &withdrawn); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read consent: %w", err)
		}
		k.Purpose = contacts.ConsentPurpose(purpose)
		if k.GrantedAt, err = parseTime(granted); err == nil {
			k.WithdrawnAt, err = parseNullTime(withdrawn)
		}
		if err != nil {
			_ = rows.Close()
			return err
		}
		if i, ok := index[cid]; ok {
			page[i].Consents = append(page[i].Consents, k)
		}
	}
	return closeRows(rows, "read consents")
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"legit/contacts"
)

// listContactQueries are the queries of list_contacts.go.
type listContactQueries struct {
	ListContactsPage    *sql.Stmt `query:"list-contacts-page"`
	ListPageSources     *sql.Stmt `query:"list-page-sources"`
	ListPageAssessments *sql.Stmt `query:"list-page-assessments"`
	ListPageConsents    *sql.Stmt `query:"list-page-consents"`
}

// contactPage is how many whole contacts EachContact reads at a time.
const contactPage = 500

// EachContact calls fn with every contact, with its sources, current basis,
// consents and activity, in ListContacts' order, reading a page at a time
// (each in a snapshot of its own): memory stays flat however many contacts
// there are. With erasureAsked, only the contacts with an open erasure
// request (Activity.ErasureAsked): the others' rows are not read.
func (s *Store) EachContact(ctx context.Context, erasureAsked bool, fn func(contacts.Contact, contacts.Activity) error) error {
	var after ListKey
	for {
		var page []contacts.Contact
		var act []contacts.Activity
		err := s.snapshot(ctx, func(t *Tx) error {
			var err error
			page, act, err = t.contactPage(after, erasureAsked)
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

// contactPage reads the page of whole contacts after the row at after
// (erasureAsked: of those with an open erasure request).
func (t *Tx) contactPage(after ListKey, erasureAsked bool) ([]contacts.Contact, []contacts.Activity, error) {
	rows, err := t.stmt(t.s.q.ListContactsPage).Query(after.Name, after.ID, contactPage, boolInt(erasureAsked))
	if err != nil {
		return nil, nil, fmt.Errorf("list contacts: %w", err)
	}
	page := make([]contacts.Contact, 0, contactPage)
	act := make([]contacts.Activity, 0, contactPage)
	ids := make([]int64, 0, contactPage)
	index := make(map[int64]int, contactPage)
	var reply, asked sql.NullString
	scan := newContactScan(&reply, &asked)
	for rows.Next() {
		c, err := scan.scan(rows)
		var a contacts.Activity
		if err == nil {
			a.LastReply, err = parseNullTime(reply)
		}
		if err == nil {
			a.ErasureAsked, err = parseNullTime(asked)
		}
		if err != nil {
			_ = rows.Close()
			return nil, nil, err
		}
		index[c.ID] = len(page)
		page, act, ids = append(page, c), append(act, a), append(ids, c.ID)
	}
	if err := closeRows(rows, "list contacts"); err != nil || len(page) == 0 {
		return nil, nil, err
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, nil, fmt.Errorf("list contacts: %w", err)
	}
	q := t.s.q
	err = t.loadDetailsFrom(detailQueries{q.ListPageSources, q.ListPageAssessments, q.ListPageConsents}, []any{string(list)},
		func(id int64, f func(*contacts.Contact)) {
			if i, ok := index[id]; ok {
				f(&page[i])
			}
		})
	return page, act, err
}

package store

import (
	"fmt"
	"strings"
)

// listObjects are the indexes and the trigger that serve the contact list
// and that no step of an import reads: contacts_list and
// contacts_list_stale order and mark the list's rows, contacts_company finds
// a company's people, and sources_list_insert marks a contact's list row
// stale when it gains a source (a new contact's is stale already).
var listObjects = []string{"contacts_list", "contacts_list_stale", "contacts_company", "sources_list_insert"}

// lookupObjects are the indexes an import's lookups read (contacts by
// address, profile and name; addresses by hash): an import into a database
// with no contacts answers those lookups from what it wrote itself
// (importMemory), so it sets them aside too, until the rows are in or until
// it holds too many contacts to keep in memory.
var lookupObjects = []string{"contacts_email_key", "contacts_name_key", "contacts_profile_key", "contact_addresses_hash"}

// deferredObject is one of listObjects or lookupObjects, dropped for an
// import.
type deferredObject struct{ kind, name, sql string }

// deferObjects drops the named objects (listObjects, lookupObjects) when an
// import on SQLite starts with no contacts at all (a new database, the
// common first import), and returns what to make again once the rows are
// in: building an index from the finished table sorts once, where keeping
// it up to date inserts every row at a random place. Both happen in the
// import's transaction, so a failed or cancelled import leaves them as they
// were (a unique index that the rows would break fails the import). With
// contacts stored, or on PostgreSQL, it drops nothing.
func (t *Tx) deferObjects(text map[string]string, names []string) ([]deferredObject, error) {
	if t.s.Postgres() {
		return nil, nil
	}
	list, err := jsonList(names)
	if err != nil {
		return nil, err
	}
	rows, err := t.tx.QueryContext(t.ctx, text["import-deferrable"], list)
	if err != nil {
		return nil, fmt.Errorf("read the indexes an import sets aside: %w", err)
	}
	var objs []deferredObject
	for rows.Next() {
		var o deferredObject
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read the indexes an import sets aside: %w", err)
		}
		objs = append(objs, o)
	}
	if err := closeRows(rows, "read the indexes an import sets aside"); err != nil {
		return nil, err
	}
	for _, o := range objs {
		if _, err := t.tx.ExecContext(t.ctx, "DROP "+strings.ToUpper(o.kind)+" "+o.name); err != nil {
			return nil, fmt.Errorf("set %s aside for the import: %w", o.name, err)
		}
	}
	return objs, nil
}

// restoreObjects makes the objects deferObjects dropped again, from their
// own definitions.
func (t *Tx) restoreObjects(objs []deferredObject) error {
	for _, o := range objs {
		if _, err := t.tx.ExecContext(t.ctx, o.sql); err != nil {
			return fmt.Errorf("make %s again: %w", o.name, err)
		}
	}
	return nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"legit/contacts"
)

// erasureQueries are the queries of addresses.go and pending.go.
type erasureQueries struct {
	InsertAddress        *sql.Stmt `query:"insert-contact-address"`
	AddressesOf          *sql.Stmt `query:"addresses-of"`
	ContactByAddressHash *sql.Stmt `query:"contact-by-address-hash"`
	ImportAddresses      *sql.Stmt `query:"import-contact-addresses"`
	MergeSharedAddresses *sql.Stmt `query:"merge-drop-shared-addresses"`
	StrangerRepliesFrom  *sql.Stmt `query:"stranger-replies-from"`
	LinkReply            *sql.Stmt `query:"link-reply"`
	StrangerSenders      *sql.Stmt `query:"stranger-senders"`
	ErasureMessages      *sql.Stmt `query:"erasure-messages"`
	ErasureReplies       *sql.Stmt `query:"erasure-replies"`
	InsertPending        *sql.Stmt `query:"insert-pending-erasure"`
	ListPending          *sql.Stmt `query:"list-pending-erasures"`
	PendingByID          *sql.Stmt `query:"pending-erasure-by-id"`
	OutboxErased         *sql.Stmt `query:"outbox-erased"`
	MailboxErased        *sql.Stmt `query:"mailbox-erased"`
	MailboxFailed        *sql.Stmt `query:"mailbox-failed"`
	DeleteFinished       *sql.Stmt `query:"delete-finished-erasure"`
	CountPendingMailbox  *sql.Stmt `query:"count-pending-mailbox"`
}

// knownAddress is one address a contact has had: its keyed hash and, while
// the contact exists, the address itself.
type knownAddress struct{ hash, email string }

// addAddress records email as one of the contact's addresses, so that it
// is suppressed with the others when the person is erased, opts out or
// objects, and links the replies kept from it before it was a contact's.
func (t *Tx) addAddress(contactID int64, email string) error {
	if email == "" {
		return nil
	}
	if _, err := t.stmt(t.s.q.InsertAddress).Exec(contactID, t.s.AddressHash(email), email); err != nil {
		return fmt.Errorf("record address of contact %d: %w", contactID, err)
	}
	_, err := t.linkReplies(contactID, email)
	return err
}

// addressesOf returns every address the contact has had, the current one
// among them.
func (t *Tx) addressesOf(contactID int64) ([]knownAddress, error) {
	rows, err := t.stmt(t.s.q.AddressesOf).Query(contactID)
	if err != nil {
		return nil, fmt.Errorf("read addresses of contact %d: %w", contactID, err)
	}
	var out []knownAddress
	for rows.Next() {
		var a knownAddress
		if err := rows.Scan(&a.hash, &a.email); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read addresses of contact %d: %w", contactID, err)
		}
		out = append(out, a)
	}
	return out, closeRows(rows, "read addresses")
}

// allAddresses is the contact's address history with the addresses in
// extra (its current one, another it wrote from) added, each once.
func (t *Tx) allAddresses(contactID int64, extra ...string) ([]knownAddress, error) {
	known, err := t.addressesOf(contactID)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, a := range known {
		seen[a.hash] = true
	}
	for _, e := range extra {
		if e == "" {
			continue
		}
		if h := t.s.AddressHash(e); !seen[h] {
			seen[h] = true
			known = append(known, knownAddress{hash: h, email: e})
		}
	}
	return known, nil
}

// suppressFormer puts on the suppression list every address the contact
// has had that is not yet on it, beyond those in given (which the caller
// suppresses itself), and returns the hashes it added. Each is logged like
// any suppression.
func (t *Tx) suppressFormer(contactID int64, given []string, ref, rep string, reason SuppressReason) ([]string, error) {
	known, err := t.addressesOf(contactID)
	if err != nil {
		return nil, err
	}
	skip := map[string]bool{}
	for _, e := range given {
		if e != "" {
			skip[t.s.AddressHash(e)] = true
		}
	}
	var added []string
	for _, a := range known {
		if skip[a.hash] {
			continue
		}
		skip[a.hash] = true
		listed, err := t.IsSuppressed(a.email)
		if err != nil {
			return added, err
		}
		if listed {
			continue
		}
		if err := t.Suppress(a.email, ref, rep, reason); err != nil {
			return added, err
		}
		added = append(added, a.hash)
	}
	return added, nil
}

// contactByFormerAddress finds the contact that once had email, nil if none.
func (t *Tx) contactByFormerAddress(email string) (*replyContact, error) {
	var c replyContact
	var status string
	err := t.stmt(t.s.q.ContactByAddressHash).QueryRow(t.s.AddressHash(email)).Scan(&c.id, &c.ref, &c.email, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("find contact by a former address: %w", err)
	}
	c.status = contacts.Status(status)
	return &c, nil
}

// linkReplies gives the contact the replies kept from email while it was
// no contact's: they are the person's data, shown in their access export
// and erased with them. A linked reply that said stop waits for the rep's
// decision, and sends to the contact are held meanwhile. It returns how
// many it linked.
func (t *Tx) linkReplies(contactID int64, email string) (int, error) {
	rows, err := t.stmt(t.s.q.StrangerRepliesFrom).Query(email)
	if err != nil {
		return 0, fmt.Errorf("find replies kept from the address: %w", err)
	}
	var ids []int64
	key := contacts.MatchKey(email)
	for rows.Next() {
		var id int64
		var sender string
		if err := rows.Scan(&id, &sender); err != nil {
			_ = rows.Close()
			return 0, fmt.Errorf("find replies kept from the address: %w", err)
		}
		if contacts.MatchKey(sender) == key {
			ids = append(ids, id)
		}
	}
	if err := closeRows(rows, "find replies kept from the address"); err != nil {
		return 0, err
	}
	for _, id := range ids {
		if _, err := t.stmt(t.s.q.LinkReply).Exec(id, contactID); err != nil {
			return 0, fmt.Errorf("link reply %d to contact %d: %w", id, contactID, err)
		}
	}
	return len(ids), nil
}

// linkImported links the replies kept from strangers whose address is now
// a contact's (after an import gave contacts addresses).
func (t *Tx) linkImported() error {
	rows, err := t.stmt(t.s.q.StrangerSenders).Query()
	if err != nil {
		return fmt.Errorf("read senders of kept replies: %w", err)
	}
	var senders []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			_ = rows.Close()
			return fmt.Errorf("read senders of kept replies: %w", err)
		}
		senders = append(senders, s)
	}
	if err := closeRows(rows, "read senders of kept replies"); err != nil {
		return err
	}
	for _, s := range senders {
		a, err := contacts.NormalizeAddress(s)
		if err != nil {
			continue
		}
		var id int64
		err = t.stmt(t.s.q.ContactIDByKey).QueryRow(contacts.MatchKey(a)).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("find the contact of a kept reply: %w", err)
		}
		if _, err := t.linkReplies(id, s); err != nil {
			return err
		}
	}
	return nil
}

// formerAddresses returns the addresses c had before its current one
// (corrected or merged away), for the access export.
func (s *Store) formerAddresses(ctx context.Context, c contacts.Contact) ([]string, error) {
	rows, err := s.q.AddressesOf.QueryContext(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("read addresses of contact %d: %w", c.ID, err)
	}
	var out []string
	for rows.Next() {
		var hash, email string
		if err := rows.Scan(&hash, &email); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read addresses of contact %d: %w", c.ID, err)
		}
		if contacts.MatchKey(email) != contacts.MatchKey(c.Email) {
			out = append(out, email)
		}
	}
	return out, closeRows(rows, "read addresses")
}

package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"legit/contacts"
)

// saveStrangerReply stores a reply from an address that is no contact's.
func saveStrangerReply(t *testing.T, s *Store, uid uint32, from, id, snippet string, class, stop contacts.ReplyClass) {
	t.Helper()
	res, err := s.SaveSyncBatch(context.Background(), SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: uid, Rep: rightsRep,
		Items: []InboxItem{{UID: uid, MessageID: id, From: from, Subject: "Your email", Date: rightsNow.Add(-48 * time.Hour),
			Class: class, Stop: stop, Snippet: snippet}}})
	if err != nil || res.Unknown != 1 {
		t.Fatalf("SaveSyncBatch(stranger) = %+v, %v; want one unknown sender", res, err)
	}
}

// importRows imports rows as a LinkedIn file would.
func importRows(t *testing.T, s *Store, rows ...contacts.ImportRow) ImportResult {
	t.Helper()
	rep, err := s.EnsureRep(context.Background(), rightsRep, "robin@example.com")
	if err != nil {
		t.Fatal(err)
	}
	res, err := s.Import(context.Background(), ImportBatch{FileName: "Connections.csv",
		Format: contacts.FormatLinkedIn, Rep: rep,
		Source: contacts.Source{Kind: contacts.LinkedIn, Detail: "LinkedIn connections export", ObtainedAt: rightsNow, ObtainedBy: rightsRep}},
		rows, nil)
	if err != nil {
		t.Fatalf("Import() = %v", err)
	}
	return res
}

// assertGone fails for every needle still in the database files. On
// PostgreSQL the erasure's VACUUM FULL keeps a copy of a deleted row that a
// snapshot older than the delete may still see, held anywhere in the
// database (another package's test waiting for the write or migration lock
// holds one for as long as it waits, seconds on a loaded machine). When the
// files still hold a needle, the check waits until no snapshot older than
// the erasure is left, vacuums as the next erasure would, and reads the
// files again: what is left then the erasure really left.
func assertGone(t *testing.T, s *Store, needles ...string) {
	t.Helper()
	b := storeBytes(t, s)
	found := func() bool {
		for _, n := range needles {
			if bytes.Contains(b, []byte(n)) {
				return true
			}
		}
		return false
	}
	if onPostgres() && found() {
		waitOlderSnapshots(t, s, time.Minute)
		if err := s.vacuumErased(context.Background()); err != nil {
			t.Fatal(err)
		}
		b = storeBytes(t, s)
	}
	for _, n := range needles {
		if c := bytes.Count(b, []byte(n)); c > 0 {
			t.Errorf("after erasure %q occurs %d times in the database files", n, c)
		}
	}
}

// waitOlderSnapshots waits, on PostgreSQL, until no session of the
// database (or one still starting up) holds a snapshot or a transaction
// older than now, so that a vacuum drops every row deleted before; it fails
// after limit, naming the sessions still in the way.
func waitOlderSnapshots(t *testing.T, s *Store, limit time.Duration) {
	t.Helper()
	var now string // the next transaction id: every older one has begun
	if err := s.db.QueryRow(`SELECT pg_snapshot_xmax(pg_current_snapshot())::text`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(limit); ; time.Sleep(50 * time.Millisecond) {
		rows, err := s.db.Query(`SELECT pid, backend_type, coalesce(state, ''), left(coalesce(query, ''), 80) FROM pg_stat_activity
			WHERE pid <> pg_backend_pid() AND (datname IS NULL OR datname = current_database())
			AND (age(backend_xmin) > age(?::text::xid) OR age(backend_xid) > age(?::text::xid))`, now, now)
		if err != nil {
			t.Fatal(err)
		}
		var older []string
		for rows.Next() {
			var pid, kind, state, query string
			if err := rows.Scan(&pid, &kind, &state, &query); err != nil {
				t.Fatal(err)
			}
			older = append(older, fmt.Sprintf("%s %s (%s): %s", pid, kind, state, query))
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			t.Fatal(err)
		}
		if len(older) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after %v these sessions still hold a snapshot older than the erasure:\n%s", limit, strings.Join(older, "\n"))
		}
	}
}

// TestStrangerReplyImportedExportedErased (issue 16.1): a reply that came
// before the address was a contact's joins the contact an import creates,
// is in the access export, and goes with the erasure: no byte of the
// address, the name or the company is left.
func TestStrangerReplyImportedExportedErased(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	const addr, name, company = "Xaver.Fremd@zz-stranger-gmbh.example", "Xaver Fremdling", "Zz Fremdfirma GmbH"
	saveStrangerReply(t, s, 1, addr, "stranger-1@zz-stranger-gmbh.example",
		"Interesting, tell me more. "+name+", "+company+", "+addr, contacts.ReplyOther, "")
	if res := importRows(t, s, contacts.ImportRow{Line: 2, Name: name, Email: strings.ToLower(addr), Company: company}); res.Imported != 1 {
		t.Fatalf("Import() = %+v, want 1 imported", res)
	}
	c, err := s.ContactByEmail(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Record(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Replies) != 1 || r.Replies[0].MessageID != "stranger-1@zz-stranger-gmbh.example" {
		t.Fatalf("access export replies = %+v, want the reply that came before the import", r.Replies)
	}
	if b := storeBytes(t, s); !bytes.Contains(b, []byte(name)) {
		t.Fatal("before erasure the name is not in the files: the test would prove nothing")
	}
	if _, err := s.Erase(ctx, c.ID, rightsRep, ErasureRequest); err != nil {
		t.Fatalf("Erase() = %v", err)
	}
	assertGone(t, s, addr, strings.ToLower(addr), name, company, "Xaver.Fremd", "xaver.fremd")
	var n int
	if err := s.db.QueryRow(`SELECT COUNT(*) FROM inbox`).Scan(&n); err != nil || n != 0 {
		t.Errorf("inbox rows after erasure = %d (%v), want 0", n, err)
	}
}

// TestStrangerReplyLinkedWhenTheAddressArrives: a kept reply joins the
// contact however its address comes: added by hand, given by a correction,
// merged in. One that said stop holds sends until the rep decides.
func TestStrangerReplyLinkedWhenTheAddressArrives(t *testing.T) {
	ctx := context.Background()
	const addr = "Lena.Vorher@zz-before.example"
	tests := []struct {
		name string
		// arrive makes addr a contact's and returns that contact's id.
		arrive func(t *testing.T, s *Store) int64
	}{
		{"added", func(t *testing.T, s *Store) int64 {
			return addRights(t, s, person("Lena Vorher", strings.ToLower(addr))).ID
		}},
		{"corrected", func(t *testing.T, s *Store) int64 {
			c := addRights(t, s, person("Lena Vorher", "lena.typo@zz-before.example"))
			f := contacts.FieldsOf(c)
			f.Email = addr
			if err := s.InTx(ctx, func(tx *Tx) error { _, err := tx.Rectify(c.ID, f, rightsRep); return err }); err != nil {
				t.Fatal(err)
			}
			return c.ID
		}},
		{"merged", func(t *testing.T, s *Store) int64 {
			keep := addRights(t, s, person("Lena Vorher", "lena@zz-after.example"))
			drop := addRights(t, s, person("Lena Vorher", strings.ToLower(addr)))
			if err := s.Merge(ctx, keep.ID, drop.ID, rightsRep); err != nil {
				t.Fatal(err)
			}
			return keep.ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openRights(t)
			saveStrangerReply(t, s, 1, addr, "before-1@zz-before.example", "Please stop.", contacts.ReplyOptOut, contacts.ReplyOptOut)
			id := tt.arrive(t, s)
			replies, err := s.RepliesOf(ctx, id)
			if err != nil || len(replies) != 1 || replies[0].MatchedBy != "sender" || replies[0].Review != ReviewPending {
				t.Fatalf("RepliesOf() = %+v, %v; want the kept reply, matched by sender, waiting for review", replies, err)
			}
			if held, err := s.HeldForReview(ctx, id); err != nil || held == nil {
				t.Errorf("HeldForReview() = %v, %v; want sends held until the rep decides the stop", held, err)
			}
		})
	}
}

// correctAddress gives contact c the address to, as the edit form does.
func correctAddress(t *testing.T, s *Store, c contacts.Contact, to string) {
	t.Helper()
	f := contacts.FieldsOf(c)
	f.Email = to
	if err := s.InTx(context.Background(), func(tx *Tx) error { _, err := tx.Rectify(c.ID, f, rightsRep); return err }); err != nil {
		t.Fatalf("Rectify() = %v", err)
	}
}

// suppressedAll reports, per address, whether it is on the suppression list.
func suppressedAll(t *testing.T, s *Store, addrs ...string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, a := range addrs {
		ok, err := s.IsSuppressed(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		out[a] = ok
	}
	return out
}

// TestErasedPersonStaysGone (issue 16.3): after a correction or a merge,
// an erasure suppresses every address the person had, and a re-import of
// the old one is skipped.
func TestErasedPersonStaysGone(t *testing.T) {
	ctx := context.Background()
	const old, current = "ines.alt@zz-old-employer.example", "ines.neu@zz-new-employer.example"
	tests := []struct {
		name string
		// setup leaves one contact with both addresses in its history.
		setup func(t *testing.T, s *Store) int64
	}{
		{"corrected", func(t *testing.T, s *Store) int64 {
			c := addRights(t, s, person("Ines Alt", old))
			correctAddress(t, s, c, current)
			return c.ID
		}},
		{"merged", func(t *testing.T, s *Store) int64 {
			keep := addRights(t, s, person("Ines Neu", current))
			drop := addRights(t, s, person("Ines Alt", old))
			if err := s.Merge(ctx, keep.ID, drop.ID, rightsRep); err != nil {
				t.Fatal(err)
			}
			return keep.ID
		}},
		{"imported then corrected", func(t *testing.T, s *Store) int64 {
			importRows(t, s, contacts.ImportRow{Line: 2, Name: "Ines Alt", Email: old, Company: "Old GmbH"})
			c, err := s.ContactByEmail(ctx, old)
			if err != nil {
				t.Fatal(err)
			}
			correctAddress(t, s, c, current)
			return c.ID
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openRights(t)
			id := tt.setup(t, s)
			r, err := s.Record(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if r.Contact.Email != current || !slices.Equal(r.FormerEmails, []string{old}) {
				t.Fatalf("record: email %q former %v; want %q with %q before", r.Contact.Email, r.FormerEmails, current, old)
			}
			e, err := s.EraseWith(ctx, id, rightsRep, ErasureRequest, EraseOptions{})
			if err != nil {
				t.Fatalf("Erase() = %v", err)
			}
			if e.Addresses != 2 {
				t.Errorf("Erasure.Addresses = %d, want 2", e.Addresses)
			}
			for a, ok := range suppressedAll(t, s, old, current) {
				if !ok {
					t.Errorf("%s not suppressed after the erasure", a)
				}
			}
			res := importRows(t, s, contacts.ImportRow{Line: 2, Name: "Ines Alt", Email: old, Company: "Old GmbH"})
			if res.Imported != 0 || res.Suppressed != 1 {
				t.Errorf("re-import of the old address = %+v, want skipped", res)
			}
			if n, _ := s.CountContacts(ctx); n != 0 {
				t.Errorf("%d contacts after the re-import, want 0: the erased person is back", n)
			}
			assertGone(t, s, old, current, "Ines Alt", "Ines Neu")
		})
	}
}

// TestOptOutCoversEveryAddress: an opt-out or objection, however it comes,
// suppresses the addresses the contact had before as well.
func TestOptOutCoversEveryAddress(t *testing.T) {
	ctx := context.Background()
	const old, current = "olaf.frueher@zz-optout.example", "olaf.jetzt@zz-optout.example"
	tests := []struct {
		name   string
		stop   func(t *testing.T, s *Store, c contacts.Contact)
		status contacts.Status
	}{
		{"by hand, current address", func(t *testing.T, s *Store, _ contacts.Contact) {
			if _, err := s.RecordOptOut(ctx, OptOut{Email: current, Reason: ReasonOptOut, Via: "phone", Rep: rightsRep}); err != nil {
				t.Fatal(err)
			}
		}, contacts.OptedOut},
		{"by hand, the old address", func(t *testing.T, s *Store, c contacts.Contact) {
			res, err := s.RecordOptOut(ctx, OptOut{Email: old, Reason: ReasonObjection, Via: "phone", Rep: rightsRep})
			if err != nil {
				t.Fatal(err)
			}
			if res.Contact == nil || res.Contact.ID != c.ID {
				t.Errorf("RecordOptOut(old address) found %+v, want the contact that had it", res.Contact)
			}
		}, contacts.Objected},
		{"reply from the current address", func(t *testing.T, s *Store, _ contacts.Contact) {
			saveReply(t, s, current, contacts.ReplyObjection)
		}, contacts.Objected},
		{"reply from the old address", func(t *testing.T, s *Store, _ contacts.Contact) {
			saveReply(t, s, old, contacts.ReplyOptOut)
		}, contacts.OptedOut},
		{"opt-out in an imported file", func(t *testing.T, s *Store, _ contacts.Contact) {
			importRows(t, s, contacts.ImportRow{Line: 2, Name: "Olaf", Email: current, OptedOut: true})
		}, contacts.OptedOut},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openRights(t)
			c := addRights(t, s, person("Olaf Umzug", old))
			correctAddress(t, s, c, current)
			if sup := suppressedAll(t, s, old, current); sup[old] || sup[current] {
				t.Fatalf("suppressed before any opt-out: %v", sup)
			}
			tt.stop(t, s, c)
			for a, ok := range suppressedAll(t, s, old, current) {
				if !ok {
					t.Errorf("%s not suppressed", a)
				}
			}
			got, err := s.Contact(ctx, c.ID)
			if err != nil || got.Status != tt.status {
				t.Errorf("status %s (%v), want %s", got.Status, err, tt.status)
			}
		})
	}
}

// saveReply stores a reply from addr of class (an opt-out or objection
// also says stop).
func saveReply(t *testing.T, s *Store, addr string, class contacts.ReplyClass) {
	t.Helper()
	var stop contacts.ReplyClass
	if class == contacts.ReplyOptOut || class == contacts.ReplyObjection {
		stop = class
	}
	_, err := s.SaveSyncBatch(context.Background(), SyncBatch{Mailbox: "INBOX", UIDValidity: 1, LastUID: 9, Rep: rightsRep,
		Items: []InboxItem{{UID: 9, MessageID: "stop-9@zz-optout.example", From: addr, Date: rightsNow.Add(-time.Hour),
			Class: class, Stop: stop, Snippet: "…"}}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestErasureQueuesWhatItLeaves (issue 16.2 and 12 §7): the erasure records,
// in its own transaction, the outbox files and the mailbox work it leaves,
// counts them in its log event without an address, and keeps no address in
// the queue; finishing both parts drops the row and logs the mailbox part.
func TestErasureQueuesWhatItLeaves(t *testing.T) {
	s := openRights(t)
	ctx := context.Background()
	const addr, old = "paula.pending@zz-queue.example", "paula.alt@zz-queue-old.example"
	c := addRights(t, s, person("Paula Pending", old))
	correctAddress(t, s, c, addr)
	addMessage(t, s, c.ID, "m-filed@northwind.example", "Hello", "Hello Paula")
	addMessage(t, s, c.ID, "m-outbox@northwind.example", "Again", "Hello again")
	if _, err := s.db.Exec(`UPDATE messages SET sent_copy = 'done' WHERE message_id = 'm-filed@northwind.example'`); err != nil {
		t.Fatal(err)
	}
	saveReply(t, s, addr, contacts.ReplyOther)
	e, err := s.EraseWith(ctx, c.ID, rightsRep, ErasureRequest, EraseOptions{Mailbox: true})
	if err != nil {
		t.Fatalf("EraseWith() = %v", err)
	}
	if e.PendingID == 0 || e.Outbox != 2 || len(e.Mailbox.Sent) != 1 || len(e.Mailbox.Replies) != 1 || len(e.Mailbox.Senders) != 2 {
		t.Fatalf("EraseWith() = %+v, want 2 outbox ids, 1 Sent copy, 1 reply, 2 senders queued", e)
	}
	assertGone(t, s, addr, old, "paula.pending", "Paula Pending")
	pend, err := s.PendingErasures(ctx)
	if err != nil || len(pend) != 1 {
		t.Fatalf("PendingErasures() = %+v, %v; want one", pend, err)
	}
	p := pend[0]
	if p.Ref != c.Ref || !slices.Equal(p.Outbox, []string{"m-filed@northwind.example", "m-outbox@northwind.example"}) ||
		p.Mailbox == nil || p.Mailbox.Sent[0] != "m-filed@northwind.example" || p.Mailbox.Replies[0].MessageID != "stop-9@zz-optout.example" {
		t.Errorf("pending erasure = %+v", p)
	}
	for _, k := range p.Mailbox.Senders {
		if k.Hash != s.AddressHash(addr) && k.Hash != s.AddressHash(old) {
			t.Errorf("sender key %+v matches neither address", k)
		}
	}
	var details string
	if err := s.db.QueryRow(`SELECT details FROM events WHERE kind = 'erasure'`).Scan(&details); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"queued_outbox":"2"`, `"queued_sent":"1"`, `"queued_replies":"1"`, `"queued_senders":"2"`} {
		if !strings.Contains(details, want) {
			t.Errorf("erasure event details %s lack %s", details, want)
		}
	}
	if n, _ := s.PendingMailbox(ctx); n != 1 {
		t.Errorf("PendingMailbox() = %d, want 1", n)
	}
	if err := s.MailboxFailed(ctx, p.ID, "connect to IMAP: refused"); err != nil {
		t.Fatal(err)
	}
	if err := s.OutboxErased(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	pend, _ = s.PendingErasures(ctx)
	if len(pend) != 1 || pend[0].Outbox != nil || pend[0].Attempts != 1 || pend[0].LastError == "" {
		t.Fatalf("after the outbox part: %+v, want the mailbox part left with one failed try", pend)
	}
	if err := s.MailboxErased(ctx, p.ID, MailboxCleanup{Sent: 1, Replies: 1, Inbox: 2}, rightsRep); err != nil {
		t.Fatal(err)
	}
	if pend, _ = s.PendingErasures(ctx); len(pend) != 0 {
		t.Errorf("PendingErasures() after both parts = %+v, want none", pend)
	}
	if n := eventCount(t, s, EventErasure, c.Ref); n != 2 {
		t.Errorf("erasure events = %d, want the erasure and its mailbox step", n)
	}
	assertGone(t, s, "zz-queue.example", "m-filed@northwind.example")
}

// TestMigrationLinksKeptReplies: a database from before 0010 gets the
// address history of its contacts, and replies kept from a contact's
// address join it.
func TestMigrationLinksKeptReplies(t *testing.T) {
	path := filepath.Join(t.TempDir(), "legit.db")
	old := migrateTo(t, path, 9)
	for _, q := range []string{
		`INSERT INTO contacts (id, ref, name, email, email_key, email_hash, created_at, updated_at)
		 VALUES (7, 'c-07', 'Jan de Vries', 'Jan@polderdata.example', 'jan@polderdata.example', 'h7', 'a', 'b')`,
		`INSERT INTO inbox (message_id, mailbox, uid, sender, class, stop, received_at, synced_at)
		 VALUES ('r1@polderdata.example', 'INBOX', 1, 'JAN@polderdata.example', 'opt_out', 'opt_out', 'x', 'x')`,
		`INSERT INTO inbox (message_id, mailbox, uid, sender, class, received_at, synced_at)
		 VALUES ('r2@else.example', 'INBOX', 2, 'someone@else.example', 'other', 'x', 'x')`,
	} {
		if _, err := old.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	defer s.Close()
	var hash, email string
	if err := s.db.QueryRow(`SELECT hash, email FROM contact_addresses WHERE contact_id = 7`).Scan(&hash, &email); err != nil || hash != "h7" {
		t.Errorf("address history of contact 7 = %q %q (%v), want its address", hash, email, err)
	}
	rows, err := s.db.Query(`SELECT message_id, COALESCE(contact_id, 0), review FROM inbox ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, review string
		var cid int64
		if err := rows.Scan(&id, &cid, &review); err != nil {
			t.Fatal(err)
		}
		got = append(got, strings.Join([]string{id, strconv.FormatInt(cid, 10), review}, " "))
	}
	want := []string{"r1@polderdata.example 7 pending", "r2@else.example 0 "}
	if !slices.Equal(got, want) {
		t.Errorf("inbox after migration = %q, want %q", got, want)
	}
}

// TestEraseWithoutContactIsNotFound keeps the old contract.
func TestEraseWithoutContactIsNotFound(t *testing.T) {
	s := openRights(t)
	if _, err := s.EraseWith(context.Background(), 999, rightsRep, ErasureRequest, EraseOptions{Mailbox: true}); !errors.Is(err, ErrNotFound) {
		t.Errorf("EraseWith(missing) = %v, want ErrNotFound", err)
	}
	if pend, _ := s.PendingErasures(context.Background()); len(pend) != 0 {
		t.Errorf("a failed erasure queued %+v", pend)
	}
}

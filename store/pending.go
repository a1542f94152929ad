package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"legit/contacts"
)

// MailboxWork is what an erasure leaves to do in the rep's IMAP mailbox:
// remove the copies legit filed in the Sent folder and the replies it read,
// found by Message-ID, and the other mail from the person's addresses in
// INBOX.
type MailboxWork struct {
	Sent    []string         `json:"sent,omitempty"`    // Message-IDs (without <>) of messages legit may have filed in Sent
	Replies []MailboxMessage `json:"replies,omitempty"` // the replies legit read
	Senders []SenderKey      `json:"senders,omitempty"` // one per address the person had
}

// Empty reports whether there is nothing to do.
func (w MailboxWork) Empty() bool { return len(w.Sent)+len(w.Replies)+len(w.Senders) == 0 }

// MailboxMessage is one message legit read, by mailbox and Message-ID
// (without <>).
type MailboxMessage struct {
	Mailbox   string `json:"mailbox"`
	MessageID string `json:"message_id"`
}

// SenderKey finds the mail from one address without keeping the address:
// the server is searched for the domain, and each hit's sender is compared
// by its keyed hash (Store.AddressHash).
type SenderKey struct {
	Domain string `json:"domain"`
	Hash   string `json:"hash"`
}

// PendingErasure is the work an erasure left outside the database, recorded
// in the erasure's own transaction so that a crash cannot lose it.
type PendingErasure struct {
	ID        int64
	Ref       string // the erased contact's pseudonymous ref
	CreatedAt time.Time
	Outbox    []string     // Message-IDs whose outbox files are to go; nil when done
	Mailbox   *MailboxWork // nil when done or when there is no mailbox
	Attempts  int          // failed tries of the mailbox part
	LastError string       // why the last try failed
	TriedAt   *time.Time
}

// MailboxCleanup counts what the mailbox part of an erasure removed.
type MailboxCleanup struct {
	Sent    int // copies in the Sent folder
	Replies int // replies legit read, found by Message-ID
	Inbox   int // other messages from the person's addresses in INBOX
	// Flagged: the server cannot expunge single messages (no UIDPLUS), so
	// they were only flagged \Deleted; the mail program removes them.
	Flagged bool
}

// syntheticIDSuffix ends the Message-ID legit makes up for a reply without
// one: no server can find it.
const syntheticIDSuffix = "@no-message-id"

// erasureScope is what an erasure leaves outside the database for one
// rep's client.
type erasureScope struct {
	outbox []string // Message-IDs of the person's messages: their outbox files
	work   MailboxWork
}

// erasureScopes gathers, inside the erasure's transaction, the work it
// leaves outside the database, per rep whose client is to do it: the
// Message-IDs of the messages to the contacts ids (outbox files), and with
// a mailbox the Sent copies, the replies read and a sender key per address
// in addrs. Key 0 is the rep erasing (self lists their reps rows), whose
// mailbox is used when mailbox is set; on a team database (PostgreSQL) a
// colleague who logs in as a member has their messages and replies cleaned
// up by their own client, in their own outbox and, when legit filed or read
// the person's mail there, their mailbox. On one rep's file (or a database
// used without a team) everything is key 0's.
func (t *Tx) erasureScopes(ids []int64, addrs []knownAddress, mailbox bool, self map[int64]bool) (map[int64]*erasureScope, error) {
	members, err := t.loginReps()
	if err != nil {
		return nil, err
	}
	who := func(rep int64) int64 {
		if len(self) == 0 || self[rep] || !members[rep] {
			return 0
		}
		return rep
	}
	scopes := map[int64]*erasureScope{0: {}}
	get := func(rep int64) *erasureScope {
		if scopes[rep] == nil {
			scopes[rep] = &erasureScope{}
		}
		return scopes[rep]
	}
	usedMailbox := map[int64]bool{0: mailbox}
	for _, id := range ids {
		rows, err := t.stmt(t.s.q.ErasureMessages).Query(id)
		if err != nil {
			return nil, fmt.Errorf("read messages to erase: %w", err)
		}
		for rows.Next() {
			var msgID string
			var filed bool
			var rep int64
			if err := rows.Scan(&msgID, &filed, &rep); err != nil {
				_ = rows.Close()
				return nil, fmt.Errorf("read messages to erase: %w", err)
			}
			r := who(rep)
			sc := get(r)
			msgID = strings.Trim(msgID, "<>")
			sc.outbox = append(sc.outbox, msgID)
			if filed {
				sc.work.Sent = append(sc.work.Sent, msgID)
				usedMailbox[r] = usedMailbox[r] || r != 0
			}
		}
		if err := closeRows(rows, "read messages to erase"); err != nil {
			return nil, err
		}
		rows, err = t.stmt(t.s.q.ErasureReplies).Query(id)
		if err != nil {
			return nil, fmt.Errorf("read replies to erase: %w", err)
		}
		for rows.Next() {
			var m MailboxMessage
			var rep int64
			if err := rows.Scan(&m.Mailbox, &m.MessageID, &rep); err != nil {
				_ = rows.Close()
				return nil, fmt.Errorf("read replies to erase: %w", err)
			}
			m.MessageID = strings.Trim(m.MessageID, "<>")
			if m.MessageID != "" && !strings.HasSuffix(m.MessageID, syntheticIDSuffix) {
				r := who(rep)
				get(r).work.Replies = append(get(r).work.Replies, m)
				usedMailbox[r] = usedMailbox[r] || r != 0
			}
		}
		if err := closeRows(rows, "read replies to erase"); err != nil {
			return nil, err
		}
	}
	for r, sc := range scopes {
		if !usedMailbox[r] {
			sc.work = MailboxWork{}
			continue
		}
		for _, a := range addrs {
			if at := strings.LastIndexByte(a.email, '@'); at >= 0 {
				sc.work.Senders = append(sc.work.Senders, SenderKey{Domain: strings.ToLower(a.email[at+1:]), Hash: a.hash})
			}
		}
	}
	return scopes, nil
}

// loginReps lists the reps who log in as a member of a team database, when
// the role that connected is one: their clients finish their own part of an
// erasure. None on one rep's file or for a role that is no member.
func (t *Tx) loginReps() (map[int64]bool, error) {
	out := map[int64]bool{}
	if !t.s.Postgres() {
		return out, nil
	}
	rows, err := t.tx.QueryContext(t.ctx, `SELECT id FROM reps WHERE login IS NOT NULL AND legit_my_rep() IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("list the team's members: %w", err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("list the team's members: %w", err)
		}
		out[id] = true
	}
	return out, closeRows(rows, "list the team's members")
}

// queueErasure records the work left outside the database for the rep
// erasing, if any, and returns its id and the counts the erasure event
// names.
func (t *Tx) queueErasure(ref string, outbox []string, work MailboxWork) (int64, map[string]string, error) {
	return t.queueErasureFor(0, ref, outbox, work)
}

// queueErasureFor is queueErasure for the client of rep (0: the rep
// erasing; another only on a team database).
func (t *Tx) queueErasureFor(rep int64, ref string, outbox []string, work MailboxWork) (int64, map[string]string, error) {
	if len(outbox) == 0 && work.Empty() {
		return 0, nil, nil
	}
	var ob, mb string
	if len(outbox) > 0 {
		b, err := json.Marshal(outbox)
		if err != nil {
			return 0, nil, fmt.Errorf("queue outbox removal: %w", err)
		}
		ob = string(b)
	}
	if !work.Empty() {
		b, err := json.Marshal(work)
		if err != nil {
			return 0, nil, fmt.Errorf("queue mailbox cleanup: %w", err)
		}
		mb = string(b)
	}
	var id int64
	var err error
	if rep == 0 {
		err = t.stmt(t.s.q.InsertPending).QueryRow(ref, timeText(t.s.now()), ob, mb).Scan(&id)
	} else {
		err = t.tx.QueryRowContext(t.ctx, `INSERT INTO pending_erasures (contact_ref, created_at, outbox, mailbox, rep_id)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, ref, timeText(t.s.now()), ob, mb, rep).Scan(&id)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("queue the work the erasure leaves: %w", err)
	}
	d := map[string]string{}
	for k, n := range map[string]int{"queued_outbox": len(outbox), "queued_sent": len(work.Sent),
		"queued_replies": len(work.Replies), "queued_senders": len(work.Senders)} {
		if n > 0 {
			d[k] = strconv.Itoa(n)
		}
	}
	return id, d, nil
}

// PendingErasures returns the erasures whose work outside the database is
// not yet done, oldest first.
func (s *Store) PendingErasures(ctx context.Context) ([]PendingErasure, error) {
	rows, err := s.q.ListPending.QueryContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("list pending erasures: %w", err)
	}
	var out []PendingErasure
	for rows.Next() {
		var p PendingErasure
		var created, outbox, mailbox string
		var tried sql.NullString
		if err := rows.Scan(&p.ID, &p.Ref, &created, &outbox, &mailbox, &p.Attempts, &p.LastError, &tried); err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("read pending erasure: %w", err)
		}
		if p.CreatedAt, err = parseTime(created); err == nil {
			p.TriedAt, err = parseNullTime(tried)
		}
		if err == nil {
			p.Outbox, p.Mailbox, err = decodePending(outbox, mailbox)
		}
		if err != nil {
			_ = rows.Close()
			return nil, fmt.Errorf("pending erasure %d: %w", p.ID, err)
		}
		out = append(out, p)
	}
	return out, closeRows(rows, "list pending erasures")
}

// decodePending reads the stored work of a pending erasure.
func decodePending(outbox, mailbox string) ([]string, *MailboxWork, error) {
	var ids []string
	if outbox != "" {
		if err := json.Unmarshal([]byte(outbox), &ids); err != nil {
			return nil, nil, fmt.Errorf("stored outbox list: %w", err)
		}
	}
	if mailbox == "" {
		return ids, nil, nil
	}
	var w MailboxWork
	if err := json.Unmarshal([]byte(mailbox), &w); err != nil {
		return nil, nil, fmt.Errorf("stored mailbox work: %w", err)
	}
	return ids, &w, nil
}

// PendingMailbox counts the erased contacts whose mailbox cleanup waits.
func (s *Store) PendingMailbox(ctx context.Context) (int, error) {
	var n int
	if err := s.q.CountPendingMailbox.QueryRowContext(ctx).Scan(&n); err != nil {
		return 0, fmt.Errorf("count pending mailbox cleanups: %w", err)
	}
	return n, nil
}

// OutboxErased records that the outbox files of pending erasure id are
// gone, and drops the row when nothing else is left to do.
func (s *Store) OutboxErased(ctx context.Context, id int64) error {
	return s.finishPart(ctx, id, s.q.OutboxErased, nil)
}

// MailboxErased records that the mailbox part of pending erasure id is
// done, logs what it removed (counts only) under the erased contact's ref,
// and drops the row when nothing else is left to do.
func (s *Store) MailboxErased(ctx context.Context, id int64, c MailboxCleanup, rep string) error {
	return s.finishPart(ctx, id, s.q.MailboxErased, func(t *Tx, ref string) error {
		d := map[string]string{"step": "mailbox", "sent_removed": strconv.Itoa(c.Sent),
			"replies_removed": strconv.Itoa(c.Replies), "inbox_removed": strconv.Itoa(c.Inbox)}
		if c.Flagged {
			d["expunge"] = "left to the mail program"
		}
		_, err := t.AppendEvent(Event{Rep: rep, Kind: EventErasure, ContactRef: ref, Details: d})
		return err
	})
}

// finishPart clears one part of a pending erasure with the query done, runs
// also (when set) in the same transaction, and deletes the row when both
// parts are done; a row already gone is no error (another window finished
// it). The WAL is then checkpointed, so the row's bytes do not linger.
func (s *Store) finishPart(ctx context.Context, id int64, done *sql.Stmt, also func(*Tx, string) error) error {
	err := s.InTx(ctx, func(t *Tx) error {
		var ref, outbox, mailbox string
		err := t.stmt(s.q.PendingByID).QueryRow(id).Scan(&ref, &outbox, &mailbox)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read pending erasure %d: %w", id, err)
		}
		if _, err := t.stmt(done).Exec(id); err != nil {
			return fmt.Errorf("finish pending erasure %d: %w", id, err)
		}
		if also != nil {
			if err := also(t, ref); err != nil {
				return err
			}
		}
		if _, err := t.stmt(s.q.DeleteFinished).Exec(id); err != nil {
			return fmt.Errorf("drop finished erasure %d: %w", id, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.checkpoint(ctx)
}

// MailboxFailed records a failed try of the mailbox part of pending
// erasure id, with why (no address may be in it), for the next try.
func (s *Store) MailboxFailed(ctx context.Context, id int64, why string) error {
	if _, err := s.q.MailboxFailed.ExecContext(ctx, id, contacts.Clean(why), timeText(s.now())); err != nil {
		return fmt.Errorf("note failed mailbox cleanup %d: %w", id, err)
	}
	return nil
}

// ErasureScope says what erasing contact id for reason would leave to do
// outside the database for the rep erasing, for the confirmation: the
// Message-IDs of the person's messages (outbox files) and, with a mailbox,
// the work there, over every contact row the erasure would remove (see
// EraseWith). It changes nothing.
func (s *Store) ErasureScope(ctx context.Context, id int64, reason string, mailbox bool) ([]string, MailboxWork, error) {
	var sc erasureScope
	err := s.snapshot(ctx, func(t *Tx) error {
		c, err := scanContact(t.stmt(s.q.ContactByID).QueryRow(id))
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("contact %d: %w", id, ErrNotFound)
		}
		if err != nil {
			return err
		}
		p, err := t.erasedWith(c, reason)
		if err != nil {
			return err
		}
		self, err := t.selfReps("")
		if err != nil {
			return err
		}
		scopes, err := t.erasureScopes(p.erasable(), p.addrs, mailbox, self)
		if err != nil {
			return err
		}
		sc = *scopes[0]
		return nil
	})
	return sc.outbox, sc.work, err
}

package outreach

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"legit/contacts"
	"legit/store"
)

// ErasureStore is what finishing erasures needs from the database: the
// work they left, and recording each part done or a failed try.
// *store.Store implements it.
type ErasureStore interface {
	PendingErasures(ctx context.Context) ([]store.PendingErasure, error)
	OutboxErased(ctx context.Context, id int64) error
	MailboxErased(ctx context.Context, id int64, c store.MailboxCleanup, rep string) error
	MailboxFailed(ctx context.Context, id int64, why string) error
	AddressHash(email string) string
}

// ErasureCleanup finishes what erasures leave outside the database (see
// store.PendingErasure): the outbox files of the person's emails, and their
// mail in the rep's IMAP mailbox, that is the copies legit filed in the Sent
// folder and the replies it read (both found by Message-ID), and the other
// messages in INBOX from one of the person's addresses. Nothing else in the
// mailbox is touched.
type ErasureCleanup struct {
	Outbox Outbox
	// IMAP says how to reach the rep's mailbox, reading the password only
	// when there is mailbox work; nil when no IMAP server is configured.
	IMAP         func() (Server, error)
	SentMailbox  string        // where legit files sent mail; "Sent" when empty
	InboxMailbox string        // where replies arrive; "INBOX" when empty
	Rep          string        // who the log records as acting
	Timeout      time.Duration // bound on the mailbox part; 30 s when zero
	// OutboxOnly leaves the mailbox part for a later call: no network (a
	// command opening the database, before the app's first frame).
	OutboxOnly bool
}

// HasMailbox reports whether an IMAP mailbox is configured, so that an
// erasure queues the person's mail there (store.EraseOptions.Mailbox).
func (c ErasureCleanup) HasMailbox() bool { return c.IMAP != nil }

// CleanupResult sums up what Finish did and what still waits.
type CleanupResult struct {
	OutboxRemoved int                  // outbox files removed
	Mailbox       store.MailboxCleanup // messages removed from the mailbox
	Finished      int                  // erasures whose mailbox part is done
	// Waiting counts the erased contacts whose mailbox cleanup waits for
	// the server, and Err says why; they are tried again at the next
	// start, erase or sync.
	Waiting int
	Err     error
}

// ErrNoMailbox says why queued mailbox work cannot be done.
var ErrNoMailbox = errors.New("no IMAP server is configured (add the [imap] section again to finish it)")

// Finish does the work the pending erasures in st left: it removes the
// outbox files first (local, it cannot wait), then the mail in the rep's
// mailbox over one connection. An unreachable server is no error: the
// mailbox work stays queued, its failed try is recorded, and the result
// counts it as waiting. Errors are those of the database and the outbox
// folder, whose work also stays queued.
func (c ErasureCleanup) Finish(ctx context.Context, st ErasureStore) (CleanupResult, error) {
	var res CleanupResult
	pend, err := st.PendingErasures(ctx)
	if err != nil {
		return res, err
	}
	var errs []error
	var mailbox []store.PendingErasure
	for _, p := range pend {
		if p.Outbox != nil {
			n, err := c.Outbox.Remove(p.Outbox)
			res.OutboxRemoved += n
			if err == nil {
				err = st.OutboxErased(ctx, p.ID)
			}
			if err != nil {
				errs = append(errs, fmt.Errorf("remove the outbox files of erased contact %s: %w", p.Ref, err))
			}
		}
		if p.Mailbox != nil {
			mailbox = append(mailbox, p)
		}
	}
	if len(mailbox) > 0 && !c.OutboxOnly {
		if err := c.finishMailbox(ctx, st, mailbox, &res); err != nil {
			errs = append(errs, err)
		}
	}
	return res, errors.Join(errs...)
}

// finishMailbox does the mailbox part of the pending erasures ps over one
// connection, bounded by the timeout.
func (c ErasureCleanup) finishMailbox(ctx context.Context, st ErasureStore, ps []store.PendingErasure, res *CleanupResult) error {
	if c.IMAP == nil {
		return postpone(ctx, st, ps, ErrNoMailbox, res)
	}
	srv, err := c.IMAP()
	if err != nil {
		return postpone(ctx, st, ps, err, res)
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	mctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cl, err := DialIMAP(mctx, srv, nil)
	if err != nil {
		return postpone(ctx, st, ps, err, res)
	}
	defer cl.Close()
	stop := context.AfterFunc(mctx, func() { _ = cl.Close() }) // the whole cleanup within its limit
	defer stop()
	m := mailboxEraser{c: cl.Client, hash: st.AddressHash, sent: orDefault(c.SentMailbox, "Sent"), inbox: orDefault(c.InboxMailbox, "INBOX")}
	var errs []error
	for i, p := range ps {
		done, err := m.erase(*p.Mailbox)
		if err != nil {
			if mctx.Err() != nil {
				err = fmt.Errorf("IMAP %s: no answer within %s: %w", srv.Addr(), timeout, mctx.Err())
			}
			// The connection may be broken: the rest waits for the next try.
			return errors.Join(append(errs, postpone(ctx, st, ps[i:], err, res))...)
		}
		if err := st.MailboxErased(ctx, p.ID, done, c.Rep); err != nil {
			errs = append(errs, err)
			continue
		}
		res.Finished++
		res.Mailbox.Sent += done.Sent
		res.Mailbox.Replies += done.Replies
		res.Mailbox.Inbox += done.Inbox
		res.Mailbox.Flagged = res.Mailbox.Flagged || done.Flagged
	}
	_ = cl.Logout().Wait()
	return errors.Join(errs...)
}

// postpone records a failed try of the mailbox part of ps, for why, and
// counts them as waiting.
func postpone(ctx context.Context, st ErasureStore, ps []store.PendingErasure, why error, res *CleanupResult) error {
	res.Waiting += len(ps)
	res.Err = why
	var errs []error
	for _, p := range ps {
		errs = append(errs, st.MailboxFailed(ctx, p.ID, why.Error()))
	}
	return errors.Join(errs...)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// mailboxEraser removes one erased person's mail over a logged-in client.
type mailboxEraser struct {
	c           *imapclient.Client
	hash        func(email string) string // store.AddressHash
	sent, inbox string
}

// envelopeBatch is how many messages' envelopes one FETCH asks for.
const envelopeBatch = 200

// erase removes the messages w names and counts them: in the Sent folder
// and the mailboxes replies were read from, those with the Message-IDs
// listed; in INBOX also those from one of the person's addresses. A
// mailbox that does not exist holds nothing to remove.
func (m mailboxEraser) erase(w store.MailboxWork) (store.MailboxCleanup, error) {
	var done store.MailboxCleanup
	type byID struct {
		ids   []string
		count *int
	}
	work := map[string][]byID{}
	if len(w.Sent) > 0 {
		work[m.sent] = append(work[m.sent], byID{w.Sent, &done.Sent})
	}
	for _, r := range w.Replies {
		work[r.Mailbox] = append(work[r.Mailbox], byID{[]string{r.MessageID}, &done.Replies})
	}
	if len(w.Senders) > 0 {
		work[m.inbox] = append(work[m.inbox], byID{})
	}
	boxes := make([]string, 0, len(work))
	for box := range work {
		boxes = append(boxes, box)
	}
	slices.Sort(boxes)
	for _, box := range boxes {
		ok, err := m.open(box)
		if err != nil {
			return done, err
		}
		if !ok {
			continue
		}
		found := map[imap.UID]bool{}
		add := func(uids []imap.UID, count *int) {
			for _, u := range uids {
				if !found[u] {
					found[u] = true
					*count++
				}
			}
		}
		for _, b := range work[box] {
			for _, id := range b.ids {
				uids, err := m.search(box, &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "Message-Id", Value: "<" + strings.Trim(id, "<>") + ">"}}})
				if err != nil {
					return done, err
				}
				add(uids, b.count)
			}
		}
		if box == m.inbox {
			for _, k := range w.Senders {
				uids, err := m.fromSender(box, k)
				if err != nil {
					return done, err
				}
				add(uids, &done.Inbox)
			}
		}
		flagged, err := m.remove(box, found)
		if err != nil {
			return done, err
		}
		done.Flagged = done.Flagged || flagged
	}
	return done, nil
}

// open selects box for writing; false when it does not exist.
func (m mailboxEraser) open(box string) (bool, error) {
	_, err := m.c.Select(box, nil).Wait()
	var ie *imap.Error
	if errors.As(err, &ie) && ie.Type == imap.StatusResponseTypeNo && (ie.Code == imap.ResponseCodeNonExistent || ie.Code == "") {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open IMAP %s: %w", box, err)
	}
	return true, nil
}

// search returns the UIDs in the open mailbox box that match crit.
func (m mailboxEraser) search(box string, crit *imap.SearchCriteria) ([]imap.UID, error) {
	sd, err := m.c.UIDSearch(crit, nil).Wait()
	if err != nil {
		return nil, fmt.Errorf("search IMAP %s: %w", box, err)
	}
	return sd.AllUIDs(), nil
}

// fromSender returns the UIDs of the messages in the open mailbox box from
// the address k stands for: the server finds those that mention its domain
// in From, and each one's sender is compared by keyed hash, so the address
// itself is never needed.
func (m mailboxEraser) fromSender(box string, k store.SenderKey) ([]imap.UID, error) {
	cands, err := m.search(box, &imap.SearchCriteria{Header: []imap.SearchCriteriaHeaderField{{Key: "From", Value: k.Domain}}})
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	var out []imap.UID
	for start := 0; start < len(cands); start += envelopeBatch {
		chunk := cands[start:min(len(cands), start+envelopeBatch)]
		msgs, err := m.c.Fetch(imap.UIDSetNum(chunk...), &imap.FetchOptions{UID: true, Envelope: true}).Collect()
		if err != nil {
			return nil, fmt.Errorf("read senders in IMAP %s: %w", box, err)
		}
		for _, msg := range msgs {
			if msg.Envelope != nil && slices.ContainsFunc(msg.Envelope.From, func(a imap.Address) bool {
				e, err := contacts.NormalizeAddress(a.Addr())
				return err == nil && m.hash(e) == k.Hash
			}) {
				out = append(out, msg.UID)
			}
		}
	}
	return out, nil
}

// remove flags the messages uids of the open mailbox box \Deleted and
// expunges exactly those (UID EXPUNGE). A server without UIDPLUS cannot
// expunge single messages: they stay flagged for the mail program to
// remove, and remove reports true.
func (m mailboxEraser) remove(box string, uids map[imap.UID]bool) (bool, error) {
	if len(uids) == 0 {
		return false, nil
	}
	list := make([]imap.UID, 0, len(uids))
	for u := range uids {
		list = append(list, u)
	}
	slices.Sort(list)
	set := imap.UIDSetNum(list...)
	flags := &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{imap.FlagDeleted}}
	if err := m.c.Store(set, flags, nil).Close(); err != nil {
		return false, fmt.Errorf("flag messages deleted in IMAP %s: %w", box, err)
	}
	if !m.c.Caps().Has(imap.CapUIDPlus) {
		return true, nil
	}
	if err := m.c.UIDExpunge(set).Close(); err != nil {
		return false, fmt.Errorf("expunge messages in IMAP %s: %w", box, err)
	}
	return false, nil
}

// CountOutbox counts the messages in the outbox whose Message-ID is one of
// ids (what an erasure will remove from it).
func CountOutbox(o Outbox, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	n := 0
	for _, d := range []string{"new", "cur", "tmp"} {
		entries, err := os.ReadDir(filepath.Join(o.Dir, d))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return n, fmt.Errorf("outbox %s: %w", o.Dir, err)
		}
		for _, e := range entries {
			b, err := os.ReadFile(filepath.Join(o.Dir, d, e.Name()))
			if err != nil {
				return n, fmt.Errorf("outbox %s: %w", o.Dir, err)
			}
			head, _, _ := bytes.Cut(b, []byte("\r\n\r\n"))
			if slices.ContainsFunc(ids, func(id string) bool {
				id = strings.Trim(id, "<>")
				return id != "" && bytes.Contains(head, []byte("<"+id+">"))
			}) {
				n++
			}
		}
	}
	return n, nil
}

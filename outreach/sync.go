package outreach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"slices"
	"strings"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-message"

	"legit/contacts"
	"legit/store"
)

// SyncStore is what sync needs from the database: where the last sync of a
// mailbox stopped, and saving a batch with its actions atomically.
// *store.Store implements it.
type SyncStore interface {
	SyncState(ctx context.Context, mailbox string) (uidValidity, lastUID uint32, err error)
	SaveSyncBatch(ctx context.Context, b store.SyncBatch) (store.BatchResult, error)
}

// SyncProgress reports how far a sync is: Done of Total new messages.
type SyncProgress struct {
	Mailbox     string
	Done, Total int
}

// SyncOptions tune a sync. The zero value syncs INBOX in batches of 500.
type SyncOptions struct {
	Mailbox   string // default "INBOX"
	BatchSize int    // UIDs per FETCH and per transaction; default 500
	TextBytes int    // how much of each body to fetch; default 4096
	Rep       string // the rep the log records
	Progress  func(SyncProgress)
}

// SyncResult sums up a sync.
type SyncResult struct {
	Mailbox     string                      `json:"mailbox"`
	UIDValidity uint32                      `json:"uid_validity"`
	LastUID     uint32                      `json:"last_uid"`
	Rescan      bool                        `json:"rescan"` // UIDVALIDITY changed: everything was read again
	Fetched     int                         `json:"fetched"`
	New         int                         `json:"new"`
	Duplicates  int                         `json:"duplicates"`
	Unknown     int                         `json:"unknown_senders"`
	Acted       map[contacts.ReplyClass]int `json:"acted"`
}

// ClientOptions are the IMAP client options sync needs: encoded-word
// subjects in any charset are decoded.
func ClientOptions() *imapclient.Options {
	return &imapclient.Options{WordDecoder: &mime.WordDecoder{CharsetReader: message.CharsetReader}}
}

// RunSync logs in to the server, syncs and logs out.
func RunSync(ctx context.Context, s Server, st SyncStore, o SyncOptions) (SyncResult, error) {
	c, err := DialIMAP(s, ClientOptions())
	if err != nil {
		return SyncResult{}, err
	}
	defer c.Close()
	res, err := Sync(ctx, c, st, o)
	if err == nil {
		_ = c.Logout().Wait()
	}
	return res, err
}

// Sync reads the replies that arrived since the last sync of the mailbox,
// classifies them and saves them through st in batches, each batch with the
// UID it reached, so a cancelled or broken sync resumes where it stopped.
// The mailbox is opened read-only and bodies are fetched with PEEK: nothing
// is marked as read. When the server's UIDVALIDITY differs from the one
// saved, the whole mailbox is read again; replies already stored (same
// Message-ID) are not duplicated. Cancelling ctx closes the connection;
// the batches already saved are kept.
func Sync(ctx context.Context, c *imapclient.Client, st SyncStore, o SyncOptions) (SyncResult, error) {
	if o.Mailbox == "" {
		o.Mailbox = "INBOX"
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.TextBytes <= 0 {
		o.TextBytes = 4096
	}
	res := SyncResult{Mailbox: o.Mailbox, Acted: map[contacts.ReplyClass]int{}}
	stop := context.AfterFunc(ctx, func() { _ = c.Close() })
	defer stop()
	fail := func(what string, err error) (SyncResult, error) {
		if ctx.Err() != nil {
			return res, fmt.Errorf("sync %s: %w", o.Mailbox, ctx.Err())
		}
		return res, fmt.Errorf("sync %s: %s: %w", o.Mailbox, what, err)
	}

	validity, last, err := st.SyncState(ctx, o.Mailbox)
	if err != nil {
		return res, err
	}
	sel, err := c.Select(o.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		return fail("open mailbox", err)
	}
	if validity != 0 && sel.UIDValidity != validity {
		last, res.Rescan = 0, true
	}
	res.UIDValidity, res.LastUID = sel.UIDValidity, last
	var uids []imap.UID
	if sel.NumMessages > 0 && (sel.UIDNext == 0 || uint32(sel.UIDNext) > last+1) {
		// A FETCH of UIDs only is cheaper for servers than a SEARCH.
		all, err := c.Fetch(imap.UIDSet{{Start: imap.UID(last + 1), Stop: 0}}, &imap.FetchOptions{UID: true}).Collect()
		if err != nil {
			return fail("list new messages", err)
		}
		for _, m := range all {
			if uint32(m.UID) > last { // "n:*" always includes the newest message
				uids = append(uids, m.UID)
			}
		}
		slices.Sort(uids)
	}
	total := len(uids)
	progress := func() {
		if o.Progress != nil {
			o.Progress(SyncProgress{Mailbox: o.Mailbox, Done: res.Fetched, Total: total})
		}
	}
	progress()
	if total == 0 {
		if _, err := st.SaveSyncBatch(ctx, store.SyncBatch{Mailbox: o.Mailbox, UIDValidity: sel.UIDValidity, LastUID: last, Rep: o.Rep}); err != nil {
			return res, err
		}
		return res, nil
	}
	header := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: ReplyHeaderFields, Peek: true}
	text := &imap.FetchItemBodySection{Specifier: imap.PartSpecifierText, Peek: true,
		Partial: &imap.SectionPartial{Offset: 0, Size: int64(o.TextBytes)}}
	fetch := &imap.FetchOptions{UID: true, Envelope: true, InternalDate: true,
		BodySection: []*imap.FetchItemBodySection{header, text}}
	// The FETCH of the next batch is sent before the current one is saved,
	// so the server works while the database writes.
	chunkAt := func(start int) []imap.UID { return uids[start:min(total, start+o.BatchSize)] }
	// A FETCH still pending when sync stops early is drained, else the
	// client's reader blocks and closing the client would wait forever.
	next := c.Fetch(imap.UIDSetNum(chunkAt(0)...), fetch)
	defer func() {
		if next != nil {
			_ = next.Close()
		}
	}()
	for start := 0; start < total; start += o.BatchSize {
		chunk := chunkAt(start)
		msgs, err := next.Collect()
		next = nil
		if err != nil {
			return fail("fetch messages", err)
		}
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("sync %s: %w", o.Mailbox, err)
		}
		if start+o.BatchSize < total {
			next = c.Fetch(imap.UIDSetNum(chunkAt(start+o.BatchSize)...), fetch)
		}
		b := store.SyncBatch{Mailbox: o.Mailbox, UIDValidity: sel.UIDValidity, LastUID: uint32(chunk[len(chunk)-1]), Rep: o.Rep}
		for _, m := range msgs {
			b.Items = append(b.Items, itemOf(m, m.FindBodySection(header), m.FindBodySection(text)))
		}
		br, err := st.SaveSyncBatch(ctx, b)
		if err != nil {
			return res, err
		}
		res.LastUID = b.LastUID
		res.Fetched += len(msgs)
		res.New += br.New
		res.Duplicates += br.Duplicates
		res.Unknown += br.Unknown
		for k, n := range br.Acted {
			res.Acted[k] += n
		}
		progress()
	}
	return res, nil
}

// itemOf reads one fetched message into an inbox item.
func itemOf(m *imapclient.FetchMessageBuffer, header, text []byte) store.InboxItem {
	r, err := ParseReply(header, text)
	if err != nil {
		r = Reply{}
	}
	if env := m.Envelope; env != nil {
		if r.MessageID == "" {
			r.MessageID = env.MessageID
		}
		if r.From == "" && len(env.From) > 0 {
			if a, err := contacts.NormalizeAddress(env.From[0].Addr()); err == nil {
				r.From = a
			}
		}
		if r.Subject == "" {
			r.Subject = env.Subject
		}
		if r.Date.IsZero() {
			r.Date = env.Date
		}
		if len(r.InReplyTo) == 0 {
			r.InReplyTo = env.InReplyTo
		}
	}
	if r.Date.IsZero() {
		r.Date = m.InternalDate
	}
	r.Subject = contacts.Clean(r.Subject)
	if r.MessageID == "" {
		r.MessageID = syntheticID(r, header)
	}
	return inboxItem(uint32(m.UID), r)
}

// NewInboxItem classifies one reply and makes it the item the store saves:
// the reply's headers, the verdict and a snippet of its own text, without the
// rest of the body.
func NewInboxItem(uid uint32, r Reply) store.InboxItem { return inboxItem(uid, r) }

func inboxItem(uid uint32, r Reply) store.InboxItem {
	own := StripQuoted(r.Text)
	v := classify(r, own)
	it := store.InboxItem{UID: uid, MessageID: r.MessageID, From: r.From, Subject: r.Subject, Date: r.Date,
		InReplyTo: r.InReplyTo, References: r.References, Class: v.Class, Stop: v.Stop, Phrase: v.Phrase, Lang: v.Lang,
		Purpose: v.Purpose, FailedRecipient: v.FailedRecipient, Snippet: snippet(own, 160)}
	if v.Class == contacts.ReplyConsent {
		it.Text = contacts.CleanMultiline(own) // the consent's evidence: the reply as the person wrote it
		if rs := []rune(it.Text); len(rs) > consentTextMax {
			it.Text = string(rs[:consentTextMax-1]) + "…"
		}
	}
	return it
}

// consentTextMax bounds the reply text kept as a consent's evidence.
const consentTextMax = 8000

// syntheticID names a message that has no Message-ID by a hash of its
// header, so a rescan recognises it.
func syntheticID(r Reply, header []byte) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{r.From, r.Subject, r.Date.UTC().String(), string(header)}, "\x00")))
	return "legit-" + hex.EncodeToString(sum[:12]) + "@no-message-id"
}

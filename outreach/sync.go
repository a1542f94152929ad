package outreach

import (
	"bytes"
	"container/heap"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"mime"
	"net/mail"
	"slices"
	"strings"
	"time"

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
	BatchSize int    // UIDs per FETCH and most replies per transaction; default 500
	// BatchBytes is the most bytes of replies held before they are saved,
	// even in the middle of a FETCH; default 8 MiB.
	BatchBytes int
	// TextBytes is how much of each body is read; default 4096. A server
	// that sends more is cut off there and the message counted as truncated.
	TextBytes int
	// ListLimit is the most new UIDs held at once: a mailbox with more new
	// messages is read in rounds, lowest UIDs first; default 1<<20 (4 MiB).
	ListLimit int
	Rep       string // the rep the log records
	Progress  func(SyncProgress)
}

// withDefaults fills the zero fields.
func (o SyncOptions) withDefaults() SyncOptions {
	if o.Mailbox == "" {
		o.Mailbox = "INBOX"
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 8 << 20
	}
	if o.TextBytes <= 0 {
		o.TextBytes = 4096
	}
	if o.ListLimit <= 0 {
		o.ListLimit = 1 << 20
	}
	return o
}

// maxHeaderBytes is the most legit reads of each header section of a
// message; a server that sends more is cut off at the last whole line.
const maxHeaderBytes = 64 << 10

// identityFields are the header fields that name a reply. They are fetched
// in a section of their own, so a long References field cannot push them
// past the cap, and the section of ReplyHeaderFields stays what it was.
var identityFields = []string{"From", "Subject", "Date", "Message-Id", "In-Reply-To"}

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
	// Truncated counts messages the server sent more of than was asked:
	// only the start of each was read.
	Truncated int `json:"truncated"`
	// Missing counts messages the server listed but did not send: the
	// next sync asks for them again.
	Missing int `json:"missing"`
}

// ClientOptions are the IMAP client options sync needs: encoded-word
// subjects in any charset are decoded.
func ClientOptions() *imapclient.Options {
	return &imapclient.Options{WordDecoder: &mime.WordDecoder{CharsetReader: message.CharsetReader}}
}

// RunSync logs in to the server, syncs and logs out. Every wait on the
// server is bounded by its timeouts; cancelling ctx ends the sync at once.
func RunSync(ctx context.Context, s Server, st SyncStore, o SyncOptions) (SyncResult, error) {
	c, err := DialIMAP(ctx, s, ClientOptions())
	if err != nil {
		return SyncResult{}, err
	}
	defer c.Close()
	res, err := Sync(ctx, c, st, o)
	if err == nil {
		c.logout()
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
//
// Memory is bounded whatever the server sends: the listing of new UIDs
// keeps at most ListLimit of them, each message part is read up to its cap
// (the rest is skipped and the message counted as truncated), and replies
// are saved every BatchSize messages or BatchBytes bytes. The UID saved
// never passes a message the server listed and did not send.
func Sync(ctx context.Context, c *IMAPConn, st SyncStore, o SyncOptions) (SyncResult, error) {
	o = o.withDefaults()
	res := SyncResult{Mailbox: o.Mailbox, Acted: map[contacts.ReplyClass]int{}}
	stop := context.AfterFunc(ctx, c.abort)
	defer stop()
	validity, last, err := st.SyncState(ctx, o.Mailbox)
	if err != nil {
		return res, err
	}
	var sel *imap.SelectData
	err = c.wait(func() error {
		var err error
		sel, err = c.Client.Select(o.Mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
		return err
	})
	if err != nil {
		return res, fmt.Errorf("sync %s: open mailbox: %w", o.Mailbox, err)
	}
	if validity != 0 && sel.UIDValidity != validity {
		last, res.Rescan = 0, true
	}
	res.UIDValidity, res.LastUID = sel.UIDValidity, last
	r := newSyncRun(ctx, c, st, o, &res, sel.UIDValidity, last)
	return res, r.run(sel)
}

// syncRun is one sync of one mailbox in progress.
type syncRun struct {
	ctx      context.Context
	c        *IMAPConn
	st       SyncStore
	o        SyncOptions
	res      *SyncResult
	validity uint32

	idSec, headSec, textSec *imap.FetchItemBodySection
	fetch                   *imap.FetchOptions

	reached      uint32 // every listed UID up to this one was read
	gap          bool   // a listed UID was not sent: reached stays below it
	saved        bool   // a batch was saved
	total        int    // messages to read, for the progress
	pending      []store.InboxItem
	pendingBytes int
}

func newSyncRun(ctx context.Context, c *IMAPConn, st SyncStore, o SyncOptions, res *SyncResult, validity, last uint32) *syncRun {
	r := &syncRun{ctx: ctx, c: c, st: st, o: o, res: res, validity: validity, reached: last}
	r.idSec = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: identityFields, Peek: true}
	r.headSec = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierHeader, HeaderFields: ReplyHeaderFields, Peek: true}
	r.textSec = &imap.FetchItemBodySection{Specifier: imap.PartSpecifierText, Peek: true,
		Partial: &imap.SectionPartial{Offset: 0, Size: int64(o.TextBytes)}}
	r.fetch = &imap.FetchOptions{UID: true, InternalDate: true, BodySection: []*imap.FetchItemBodySection{r.idSec, r.headSec, r.textSec}}
	return r
}

// run lists and reads the new messages, in rounds of at most ListLimit.
func (r *syncRun) run(sel *imap.SelectData) error {
	for round := 0; ; round++ {
		uids, more, err := r.list(sel)
		if err != nil {
			return err
		}
		r.total = r.res.Fetched + len(uids)
		if round == 0 || len(uids) > 0 {
			r.progress()
		}
		if len(uids) == 0 {
			break
		}
		before := r.reached
		if err := r.readAll(uids); err != nil {
			return err
		}
		if !more || r.gap || r.reached == before {
			break
		}
	}
	if !r.saved { // nothing new: record where the sync stands
		return r.save()
	}
	return nil
}

// list returns the lowest ListLimit UIDs above reached, sorted, and
// whether the server listed more. A mailbox whose last UID is 4294967295
// can have nothing newer: it is not asked.
func (r *syncRun) list(sel *imap.SelectData) ([]imap.UID, bool, error) {
	last := r.reached
	if last == math.MaxUint32 || sel.NumMessages == 0 || (sel.UIDNext != 0 && uint32(sel.UIDNext) <= last+1) {
		return nil, false, nil
	}
	low := lowestUIDs{limit: r.o.ListLimit}
	// A FETCH of UIDs only is cheaper for servers than a SEARCH.
	cmd := r.c.Client.Fetch(imap.UIDSet{{Start: imap.UID(last + 1), Stop: 0}}, &imap.FetchOptions{UID: true})
	err := r.c.wait(func() error {
		for m := cmd.Next(); m != nil; m = cmd.Next() {
			for it := m.Next(); it != nil; it = m.Next() {
				if u, ok := it.(imapclient.FetchItemDataUID); ok && uint32(u.UID) > last { // "n:*" always includes the newest message
					low.add(u.UID)
				}
			}
		}
		return cmd.Close()
	})
	if err != nil {
		return nil, false, r.fail("list new messages", err)
	}
	return low.sorted(), low.dropped, nil
}

// readAll reads uids in chunks of BatchSize and saves them. The FETCH of
// the next chunk is sent before the current one is saved, so the server
// works while the database writes.
func (r *syncRun) readAll(uids []imap.UID) error {
	chunkAt := func(start int) []imap.UID { return uids[start:min(len(uids), start+r.o.BatchSize)] }
	next := r.c.Client.Fetch(imap.UIDSetNum(chunkAt(0)...), r.fetch)
	// A FETCH still pending when sync stops early is ended, else the
	// client's reader blocks and closing the client would wait forever.
	defer func() {
		if next != nil {
			r.c.abort()
			_ = next.Close()
		}
	}()
	for start := 0; start < len(uids); start += r.o.BatchSize {
		cmd := next
		next = nil
		if err := r.read(cmd, chunkAt(start)); err != nil {
			return err
		}
		if start+r.o.BatchSize < len(uids) {
			next = r.c.Client.Fetch(imap.UIDSetNum(chunkAt(start+r.o.BatchSize)...), r.fetch)
		}
		if err := r.save(); err != nil {
			return err
		}
		r.progress()
	}
	return nil
}

// read takes in the answer to one FETCH of chunk, message by message,
// saving early when the replies held reach BatchBytes.
func (r *syncRun) read(cmd *imapclient.FetchCommand, chunk []imap.UID) error {
	stop := func(err error) error {
		r.c.abort()
		_ = cmd.Close()
		return err
	}
	got := make([]bool, len(chunk))
	at := 0 // chunk[:at] were all read
	for {
		var m fetched
		var end bool
		err := r.c.wait(func() error {
			fm := cmd.Next()
			if fm == nil {
				end = true
				return cmd.Close()
			}
			var err error
			m, err = r.readMessage(fm)
			return err
		})
		if err != nil {
			return stop(r.fail("fetch messages", err))
		}
		if end {
			break
		}
		i, found := slices.BinarySearch(chunk, m.uid)
		if !found || got[i] {
			continue // not asked for: the client passes none, but be sure
		}
		got[i] = true
		for !r.gap && at < len(chunk) && got[at] {
			r.reached = uint32(chunk[at])
			at++
		}
		if m.truncated {
			r.res.Truncated++
		}
		item := itemOf(m)
		r.pending = append(r.pending, item)
		r.pendingBytes += itemBytes(item)
		if r.pendingBytes >= r.o.BatchBytes {
			if err := r.save(); err != nil {
				return stop(err)
			}
			r.progress()
		}
	}
	missing := 0
	for _, g := range got {
		if !g {
			missing++
		}
	}
	if missing > 0 { // never sent: reached stays below the first of them
		r.res.Missing += missing
		r.total -= missing
		r.gap = true
	}
	return nil
}

// save saves the replies held, with the UID reached.
func (r *syncRun) save() error {
	if err := r.ctx.Err(); err != nil {
		return fmt.Errorf("sync %s: %w", r.o.Mailbox, err)
	}
	b := store.SyncBatch{Mailbox: r.o.Mailbox, UIDValidity: r.validity, LastUID: r.reached, Rep: r.o.Rep, Items: r.pending}
	br, err := r.st.SaveSyncBatch(r.ctx, b)
	if err != nil {
		return err
	}
	r.saved = true
	r.res.LastUID = b.LastUID
	r.res.Fetched += len(b.Items)
	r.res.New += br.New
	r.res.Duplicates += br.Duplicates
	r.res.Unknown += br.Unknown
	for k, n := range br.Acted {
		r.res.Acted[k] += n
	}
	r.pending, r.pendingBytes = nil, 0
	return nil
}

func (r *syncRun) progress() {
	if r.o.Progress != nil {
		r.o.Progress(SyncProgress{Mailbox: r.o.Mailbox, Done: r.res.Fetched, Total: r.total})
	}
}

func (r *syncRun) fail(what string, err error) error {
	return fmt.Errorf("sync %s: %s: %w", r.o.Mailbox, what, err)
}

// fetched is what legit read of one message.
type fetched struct {
	uid       imap.UID
	internal  time.Time
	id, head  []byte // the identity and the reply header sections
	text      []byte
	truncated bool // a part was longer than asked: only its start was read
}

// readMessage reads one message of a FETCH answer, each part up to its cap.
// What is left of a part is skipped by the client.
func (r *syncRun) readMessage(fm *imapclient.FetchMessageData) (fetched, error) {
	var m fetched
	for it := fm.Next(); it != nil; it = fm.Next() {
		switch it := it.(type) {
		case imapclient.FetchItemDataUID:
			m.uid = it.UID
		case imapclient.FetchItemDataInternalDate:
			m.internal = it.Time
		case imapclient.FetchItemDataBodySection:
			var dst *[]byte
			limit := maxHeaderBytes
			switch {
			case it.Literal == nil:
				continue
			case it.MatchCommand(r.idSec):
				dst = &m.id
			case it.MatchCommand(r.headSec):
				dst = &m.head
			case it.MatchCommand(r.textSec):
				dst, limit = &m.text, r.o.TextBytes
			default:
				continue
			}
			b, cut, err := readUpTo(it.Literal, limit)
			if err != nil {
				return m, err
			}
			if cut && dst != &m.text {
				if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
					b = b[:i+1] // a header keeps whole lines
				}
			}
			*dst, m.truncated = b, m.truncated || cut
		}
	}
	return m, nil
}

// readUpTo reads at most limit bytes of r and reports whether there was more.
func readUpTo(r io.Reader, limit int) ([]byte, bool, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, false, err
	}
	if len(b) > limit {
		return b[:limit], true, nil
	}
	return b, false, nil
}

// itemBytes is about what an inbox item holds in memory.
func itemBytes(it store.InboxItem) int {
	n := 256 + len(it.MessageID) + len(it.From) + len(it.Subject) + len(it.Phrase) + len(it.Snippet) + len(it.FailedRecipient)
	for _, s := range it.InReplyTo {
		n += len(s)
	}
	for _, s := range it.References {
		n += len(s)
	}
	return n
}

// lowestUIDs keeps the lowest limit UIDs it is given, so a listing of any
// length, in any order, costs at most limit UIDs of memory.
type lowestUIDs struct {
	limit   int
	h       uidMaxHeap
	dropped bool // some UIDs given were not kept
}

func (l *lowestUIDs) add(u imap.UID) {
	switch {
	case len(l.h) < l.limit:
		l.h = append(l.h, u)
		if len(l.h) == l.limit {
			heap.Init(&l.h)
		}
	case u < l.h[0]:
		l.h[0], l.dropped = u, true
		heap.Fix(&l.h, 0)
	default:
		l.dropped = true
	}
}

// sorted returns the UIDs kept, lowest first.
func (l *lowestUIDs) sorted() []imap.UID {
	s := []imap.UID(l.h)
	slices.Sort(s)
	return slices.Compact(s)
}

// uidMaxHeap is a heap of UIDs with the highest on top.
type uidMaxHeap []imap.UID

func (h uidMaxHeap) Len() int           { return len(h) }
func (h uidMaxHeap) Less(i, j int) bool { return h[i] > h[j] }
func (h uidMaxHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *uidMaxHeap) Push(x any)        { *h = append(*h, x.(imap.UID)) }
func (h *uidMaxHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// itemOf reads one fetched message into an inbox item. The identity
// fields are read from their own header section; when the reply section
// cannot be read, the identity alone names the reply.
func itemOf(m fetched) store.InboxItem {
	r, err := ParseReply(joinHeader(m.id, m.head), m.text)
	if err != nil {
		if r, err = ParseReply(m.id, nil); err != nil {
			r = Reply{}
		}
	}
	if r.From == "" {
		r.From = fromFallback(m.id)
	}
	if r.Date.IsZero() {
		r.Date = m.internal
	}
	r.Subject = contacts.Clean(r.Subject)
	if r.MessageID == "" {
		r.MessageID = syntheticID(r, m.head)
	}
	return inboxItem(uint32(m.uid), r)
}

// joinHeader puts the identity section before the reply section, as one
// header.
func joinHeader(id, head []byte) []byte {
	id = bytes.TrimRight(id, "\r\n")
	if len(id) == 0 {
		return head
	}
	out := make([]byte, 0, len(id)+2+len(head))
	return append(append(append(out, id...), "\r\n"...), head...)
}

// fromFallback reads the sender with the full RFC 5322 address grammar
// (comments, groups) when the reply parser found none.
func fromFallback(id []byte) string {
	msg, err := mail.ReadMessage(bytes.NewReader(append(bytes.TrimRight(id, "\r\n"), "\r\n\r\n"...)))
	if err != nil {
		return ""
	}
	al, err := (&mail.AddressParser{WordDecoder: wordDecoder}).ParseList(msg.Header.Get("From"))
	if err != nil || len(al) == 0 {
		return ""
	}
	a, err := contacts.NormalizeAddress(al[0].Address)
	if err != nil {
		return ""
	}
	return a
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
		Purpose: v.Purpose, FailedRecipient: v.FailedRecipient, Snippet: snippet(own, 160), Unsure: v.Unsure}
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

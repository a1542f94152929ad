package outreach_test

import (
	"bytes"
	"io"
	"net"
	"sync/atomic"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"legit/outreach"
)

// fakeIMAP scripts what a misbehaving IMAP server claims and sends for
// INBOX: login, SELECT and everything else are imapmemserver's; the UID
// listing and the body FETCH answer as the fields say.
type fakeIMAP struct {
	// selected edits what SELECT reports (UIDNEXT, EXISTS, UIDVALIDITY).
	selected func(*imap.SelectData)
	// listing calls yield for each UID the answer to "UID FETCH n:* (UID)"
	// claims, until yield returns false.
	listing func(from imap.UID, yield func(imap.UID) bool)
	// message is the message sent for uid in a body FETCH; false leaves it
	// out of the answer.
	message func(uid imap.UID) ([]byte, bool)
	// textSize and headerSize, when > 0, are how many bytes every TEXT or
	// HEADER section carries, whatever was asked: the real part, then filler.
	textSize, headerSize int64
	// stall, when set, blocks every body FETCH until it is closed.
	stall chan struct{}
	// bodyFetches counts the body FETCH commands answered.
	bodyFetches atomic.Int32
}

// startFake runs f on a loopback port with the user rep / s3cret.
func startFake(tb testing.TB, f *fakeIMAP) outreach.Server {
	tb.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser("rep", "s3cret")
	if err := u.Create("INBOX", nil); err != nil {
		tb.Fatal(err)
	}
	mem.AddUser(u)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return &fakeSession{Session: mem.NewSession(), f: f}, nil, nil
		},
		Caps:         imap.CapSet{imap.CapIMAP4rev1: {}},
		InsecureAuth: true,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	tb.Cleanup(func() { _ = srv.Close() })
	if f.stall != nil {
		tb.Cleanup(func() { close(f.stall) }) // runs before the server closes
	}
	return outreach.Server{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, Username: "rep", Password: "s3cret", Security: outreach.NoTLS}
}

type fakeSession struct {
	imapserver.Session
	f *fakeIMAP
}

func (s *fakeSession) Select(name string, o *imap.SelectOptions) (*imap.SelectData, error) {
	d, err := s.Session.Select(name, o)
	if err == nil && s.f.selected != nil {
		s.f.selected(d)
	}
	return d, err
}

func (s *fakeSession) Fetch(w *imapserver.FetchWriter, set imap.NumSet, o *imap.FetchOptions) error {
	uids, ok := set.(imap.UIDSet)
	if !ok {
		return s.Session.Fetch(w, set, o)
	}
	seq := uint32(0)
	if uids[0].Start == 0 {
		// UIDs start at 1; Dovecot answers "0:*" this way.
		return &imap.Error{Type: imap.StatusResponseTypeBad, Text: "Error in IMAP command UID FETCH: Invalid uidset"}
	}
	if len(o.BodySection) == 0 {
		if s.f.listing != nil {
			s.f.listing(uids[0].Start, func(uid imap.UID) bool {
				seq++
				m := w.CreateMessage(seq)
				m.WriteUID(uid)
				return m.Close() == nil
			})
		}
		return nil
	}
	s.f.bodyFetches.Add(1)
	if s.f.stall != nil {
		<-s.f.stall
	}
	for _, r := range uids {
		for u := uint64(r.Start); u <= uint64(r.Stop); u++ {
			raw, ok := s.f.message(imap.UID(u))
			if !ok {
				continue
			}
			seq++
			if err := s.writeMessage(w.CreateMessage(seq), imap.UID(u), raw, o); err != nil {
				return err
			}
		}
	}
	return nil
}

// writeMessage answers the items a sync asks for, with the sizes scripted.
func (s *fakeSession) writeMessage(m *imapserver.FetchResponseWriter, uid imap.UID, raw []byte, o *imap.FetchOptions) error {
	m.WriteUID(uid)
	if o.InternalDate {
		m.WriteInternalDate(testNow)
	}
	head, text, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	head = append(head, "\r\n\r\n"...)
	for _, sec := range o.BodySection {
		part, size := text, s.f.textSize
		if sec.Specifier == imap.PartSpecifierHeader {
			part, size = head, s.f.headerSize
		} else if p := sec.Partial; p != nil && size == 0 {
			part = part[min(int64(len(part)), p.Offset):min(int64(len(part)), p.Offset+p.Size)]
		}
		if size == 0 {
			size = int64(len(part))
		}
		wc := m.WriteBodySection(sec, size)
		if _, err := io.Copy(wc, io.LimitReader(io.MultiReader(bytes.NewReader(part), filler{}), size)); err != nil {
			return err
		}
		if err := wc.Close(); err != nil {
			return err
		}
	}
	return m.Close()
}

// filler is an endless run of short text lines, so a huge literal costs the
// server no memory.
type filler struct{}

func (filler) Read(p []byte) (int, error) {
	const line = "filler filler filler filler\r\n"
	for i := range p {
		p[i] = line[i%len(line)]
	}
	return len(p), nil
}

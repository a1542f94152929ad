package outreach

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/emersion/go-message/mail"

	"legit/contacts"
	"legit/store"
)

// AccessCopy is a copy of a person's data (Art. 15(3) GDPR) to send them
// by email: the export attached to a short letter.
type AccessCopy struct {
	To       string   // where to send it; the contact's address when empty
	Held     []string // every address held for the person (current and former)
	Export   []byte   // the export document (JSON)
	FileName string   // the attachment's name
}

// ErrNotHeldAddress refuses an access copy to an address not held for the
// person: the controller must be sure who asks (Art. 12(6) GDPR).
var ErrNotHeldAddress = errors.New("not an address held for this person, so it is not sure the request comes from them (Art. 12(6) GDPR): confirm their identity first, or deliver the copy another way (f saves it, d records how it was delivered)")

// ErrAccessNeedsServer refuses an access copy without a mail server: a
// queued copy reaches nobody, so it would answer nothing.
var ErrAccessNeedsServer = errors.New("no SMTP configured: a copy queued in the outbox reaches nobody and answers nothing. Save it (f, or legit export --out) and deliver it another way, then record how (d, or legit export --delivered)")

// accessSubject and accessBody are the letter the export goes with.
const accessSubject = "The personal data we hold about you"

func accessBody(name, file, rep string) string {
	return fmt.Sprintf("Hello %s,\n\nyou asked which personal data we hold about you. The attached file (%s) holds all of it: "+
		"what we hold, where it came from, on what basis, what we sent you and what we recorded (Art. 15 GDPR). "+
		"It is JSON, which any text editor opens; its summary comes first.\n\nIf anything in it is wrong, reply and we will correct it.\n\n%s",
		name, file, rep)
}

// SendAccess sends the person their data through the one send path, as an
// attachment, to an address held for them. It is not outreach: no lawful
// basis for marketing is needed and an opt-out does not stop it (Art. 21(3)
// ends direct marketing only), it counts as no first contact, and it carries
// the full privacy notice if the person was never informed, else the short
// one; never tracking. It needs a mail server: a queued copy answers nothing.
func (s *Sender) SendAccess(ctx context.Context, contactID int64, a AccessCopy) (Result, error) {
	if s.Transport == nil {
		return Result{}, ErrAccessNeedsServer
	}
	c, err := s.Store.Contact(ctx, contactID)
	if err != nil {
		return Result{}, err
	}
	to := a.To
	if to == "" {
		to = c.Email
	}
	if to == "" {
		return Result{}, fmt.Errorf("no address is held for %s: deliver the copy another way (f saves it, d records how)", contacts.Clean(c.Name))
	}
	if !heldAddress(to, append([]string{c.Email}, a.Held...)) {
		return Result{}, fmt.Errorf("%s is %w", contacts.Clean(to), ErrNotHeldAddress)
	}
	c.Email = to
	v := Verdict{LongNotice: c.InformedAt == nil}
	d := Draft{To: []string{to}, Subject: accessSubject, Body: accessBody(c.Name, a.FileName, s.Rep)}
	msg := store.Message{ContactID: c.ID, ContactRef: c.Ref, RepID: s.RepID, Subject: d.Subject, Body: d.Body, Kind: store.KindAccess}
	if msg.ID, err = s.Store.SaveDraft(ctx, msg); err != nil {
		return Result{}, err
	}
	b, err := s.Builder.Build(c, d, v, s.now(), "")
	if err == nil {
		b, err = withAttachment(b, a.FileName, a.Export)
	}
	if err != nil {
		return Result{MessageRow: msg.ID}, err
	}
	res, err := s.deliver(ctx, c, msg, b, v, false)
	if err != nil {
		return res, err
	}
	res.Answered, err = s.Store.AccessGiven(context.WithoutCancel(ctx), c, s.Rep, "email", b.MessageID)
	if err != nil {
		return res, fmt.Errorf("the copy went out, but recording the request answered failed (record it with legit export --delivered email): %w", err)
	}
	return res, nil
}

// heldAddress reports whether to is one of held, compared as normalised
// addresses.
func heldAddress(to string, held []string) bool {
	want, err := contacts.NormalizeAddress(to)
	if err != nil {
		return false
	}
	for _, h := range held {
		if n, err := contacts.NormalizeAddress(h); err == nil && n == want {
			return true
		}
	}
	return false
}

// withAttachment rebuilds b as multipart/mixed: its text, then the file.
// The headers stay as Build made them.
func withAttachment(b Built, name string, file []byte) (Built, error) {
	head, _, ok := bytes.Cut(b.Raw, []byte("\r\n\r\n"))
	if !ok {
		return b, errors.New("build message: no header")
	}
	var h mail.Header
	for _, line := range strings.Split(string(unfold(head)), "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.ToLower(k) {
		case "content-type", "content-transfer-encoding", "content-disposition", "list-unsubscribe":
			continue // the parts carry their own; an access copy is not marketing
		}
		h.Add(k, strings.TrimSpace(v))
	}
	var buf bytes.Buffer
	mw, err := mail.CreateWriter(&buf, h)
	if err != nil {
		return b, fmt.Errorf("build message: %w", err)
	}
	var th mail.InlineHeader
	th.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	th.Set("Content-Transfer-Encoding", "quoted-printable")
	tw, err := mw.CreateSingleInline(th)
	if err == nil {
		_, err = tw.Write([]byte(b.Text))
	}
	if err == nil {
		err = tw.Close()
	}
	if err != nil {
		return b, fmt.Errorf("build message: text part: %w", err)
	}
	var ah mail.AttachmentHeader
	ah.SetContentType("application/json", nil)
	ah.SetFilename(name)
	ah.Set("Content-Transfer-Encoding", "base64")
	aw, err := mw.CreateAttachment(ah)
	if err == nil {
		_, err = aw.Write(file)
	}
	if err == nil {
		err = aw.Close()
	}
	if err != nil {
		return b, fmt.Errorf("build message: attachment: %w", err)
	}
	if err := mw.Close(); err != nil {
		return b, fmt.Errorf("build message: %w", err)
	}
	b.Raw = buf.Bytes()
	return b, nil
}

// unfold joins folded header lines (RFC 5322 §2.2.3).
func unfold(head []byte) []byte {
	return bytes.ReplaceAll(bytes.ReplaceAll(head, []byte("\r\n "), []byte(" ")), []byte("\r\n\t"), []byte(" "))
}

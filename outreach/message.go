package outreach

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"html"
	"mime"
	netmail "net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"

	"legit/contacts"
)

// Footer renders the footer appended to every email: the long Art. 14
// notice for a contact not yet informed, else the short one. The lead wires
// notice.Render here; tests pass a small deterministic footer.
type Footer func(c contacts.Contact, long bool, tracking bool) (string, error)

// Identity is who sends: the rep.
type Identity struct {
	Name  string
	Email string
}

// Builder builds the MIME message for one draft. The footer is appended by
// the builder, so the rep cannot edit it away.
type Builder struct {
	From   Identity
	Footer Footer
	// PixelURL is where the open pixel points; needed only when tracking is
	// allowed. The message's token is appended as ?m=TOKEN.
	PixelURL string
	// NewID makes a Message-ID (without <>); random when nil.
	NewID func() string
}

// Built is a message ready for a transport.
type Built struct {
	MessageID string // without <>
	Date      time.Time
	From, To  string
	Text      string // the plain-text body as it goes out, footer included
	Raw       []byte
}

// footerRule separates the body from the notice. It is not the "-- "
// signature delimiter (RFC 3676 §4.3), below which many mail clients fold
// the text away: the notice must be seen.
const footerRule = "________________________________"

// bodyWithoutSigDelimiter is the body without trailing blank space and with
// every "-- " signature delimiter line written as "--", so that no client
// folds away what follows it: the rep's signature stays, and the notice
// below it stays in view.
func bodyWithoutSigDelimiter(body string) string {
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	for i, l := range lines {
		if l == "-- " {
			lines[i] = "--"
		}
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n \t")
}

// Build makes the message for c from d as the verdict allows, dated now.
// messageID reuses an ID (a retry) when not empty.
func (b Builder) Build(c contacts.Contact, d Draft, v Verdict, now time.Time, messageID string) (Built, error) {
	if b.Footer == nil {
		return Built{}, fmt.Errorf("build message: no footer renderer configured")
	}
	footer, err := b.Footer(c, v.LongNotice, v.Tracking)
	if err != nil {
		return Built{}, fmt.Errorf("build message: render the notice footer: %w", err)
	}
	if messageID == "" {
		messageID = b.newID()
	}
	text := bodyWithoutSigDelimiter(d.Body) + "\n\n" + footerRule + "\n" + strings.TrimRight(footer, "\n") + "\n"
	out := Built{MessageID: messageID, Date: now.UTC(), From: b.From.Email, To: c.Email, Text: text}

	fields := []struct{ name, value string }{
		{"From name", b.From.Name}, {"From address", b.From.Email}, {"To name", c.Name},
		{"To address", c.Email}, {"Subject", d.Subject}, {"Message-ID", messageID},
	}
	for _, f := range fields {
		if err := headerSafe(f.value); err != nil {
			return Built{}, fmt.Errorf("build message: %s %w", f.name, err)
		}
	}
	for _, a := range []string{b.From.Email, c.Email} {
		p, err := netmail.ParseAddress(a)
		if err != nil {
			return Built{}, fmt.Errorf("build message: address %q is not valid: %w", contacts.Clean(a), err)
		}
		if p.Address != a || p.Name != "" {
			return Built{}, fmt.Errorf("build message: address %q is not valid: give the bare address (name@example.com)", contacts.Clean(a))
		}
		if at := strings.LastIndexByte(a, '@'); at > contacts.MaxLocalPart || len(a) > contacts.MaxAddress {
			return Built{}, fmt.Errorf("build message: address %q is longer than mail servers accept (RFC 5321 §4.5.3.1): correct it", contacts.Clean(a))
		}
	}

	var h mail.Header
	h.SetDate(now)
	h.Set("From", mailbox(b.From.Name, b.From.Email))
	h.Set("To", mailbox(c.Name, c.Email))
	h.Set("Subject", unstructured(d.Subject))
	h.SetMessageID(messageID)
	h.Set("List-Unsubscribe", "<mailto:"+b.From.Email+"?subject=unsubscribe>")
	h.Set("MIME-Version", "1.0")

	var buf bytes.Buffer
	if !v.Tracking {
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Transfer-Encoding", "quoted-printable")
		w, err := mail.CreateSingleInlineWriter(&buf, h)
		if err != nil {
			return Built{}, fmt.Errorf("build message: %w", err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			return Built{}, fmt.Errorf("build message: %w", err)
		}
		if err := w.Close(); err != nil {
			return Built{}, fmt.Errorf("build message: %w", err)
		}
		out.Raw = buf.Bytes()
		return out, nil
	}
	if b.PixelURL == "" {
		return Built{}, fmt.Errorf("build message: tracking is allowed but no pixel address is configured; turn tracking off")
	}
	// The boundary comes from the Message-ID so a built message is
	// reproducible (golden files) and still unique per message.
	h.SetContentType("multipart/alternative", map[string]string{"boundary": "legit-" + pixelToken("boundary:"+messageID)})
	iw, err := message.CreateWriter(&buf, h.Header)
	if err != nil {
		return Built{}, fmt.Errorf("build message: %w", err)
	}
	parts := []struct{ ct, body string }{
		{"text/plain", text},
		{"text/html", htmlBody(text, b.PixelURL+"?m="+pixelToken(messageID))},
	}
	for _, p := range parts {
		var ph message.Header
		ph.SetContentType(p.ct, map[string]string{"charset": "utf-8"})
		ph.Set("Content-Transfer-Encoding", "quoted-printable")
		ph.Set("Content-Disposition", "inline")
		w, err := iw.CreatePart(ph)
		if err != nil {
			return Built{}, fmt.Errorf("build message: %s part: %w", p.ct, err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return Built{}, fmt.Errorf("build message: %s part: %w", p.ct, err)
		}
		if err := w.Close(); err != nil {
			return Built{}, fmt.Errorf("build message: %s part: %w", p.ct, err)
		}
	}
	if err := iw.Close(); err != nil {
		return Built{}, fmt.Errorf("build message: %w", err)
	}
	out.Raw = buf.Bytes()
	return out, nil
}

// headerSafe refuses CR, LF and other control characters in a header value,
// the line and paragraph separators and the bidirectional controls (which
// make a mail program show other text than is there), and text shaped like
// an RFC 2047 encoded word, which a mail program would decode (and which
// could smuggle control characters in).
func headerSafe(v string) error {
	if i := strings.Index(v, "=?"); i >= 0 && strings.Contains(v[i+2:], "?=") {
		return fmt.Errorf("contains an encoded word (=?…?=): write it as plain text")
	}
	for i, r := range v {
		switch {
		case r == '\r' || r == '\n' || r == '\u2028' || r == '\u2029':
			return fmt.Errorf("contains a line break (%U at %d): remove it", r, i)
		case unicode.IsControl(r):
			return fmt.Errorf("contains a control character (%U at %d): remove it", r, i)
		case contacts.Unsafe(r):
			return fmt.Errorf("contains an invisible character that changes the direction of the text (%U at %d): remove it", r, i)
		}
	}
	return nil
}

// mailbox formats one address for a From or To header field (RFC 5322
// §3.4). A display name of printable ASCII without a word too long to fold
// becomes a quoted-string with "\" and `"` escaped (§3.2.4); any other name
// becomes RFC 2047 encoded words (§5(3)): Q encoding when every ASCII
// character in it is a letter, a digit, a space or one of !*+-/, which stay
// as they are, and B (base64) encoding otherwise, since a phrase's encoded
// word may hold no other ASCII character as it is (net/mail's encoder leaves
// "\" bare, and its parser then refuses the header). The address must
// already be valid and bare (Build checks).
func mailbox(name, addr string) string {
	angle := (&netmail.Address{Address: addr}).String()
	if name == "" {
		return angle
	}
	ascii, qSafe := true, true
	for _, r := range name {
		switch {
		case r > unicode.MaxASCII:
			ascii = false
		case r < ' ' || r > '~':
			ascii, qSafe = false, false
		case !phraseQChar(r):
			qSafe = false
		}
	}
	switch {
	case ascii && !hasLongWord(name):
		return quotedString(name) + " " + angle
	case qSafe && !ascii:
		return mime.QEncoding.Encode("utf-8", name) + " " + angle
	default:
		return encodedWords(name) + " " + angle
	}
}

// unstructured is a Subject's value: the text as it is when it is printable
// ASCII that folds at its spaces, else RFC 2047 encoded words (Q encoding
// splits them itself; a long ASCII word is B encoded in pieces, which
// go-message would otherwise break by inserting a space).
func unstructured(s string) string {
	if hasLongWord(s) && !strings.ContainsFunc(s, func(r rune) bool { return r < ' ' || r > '~' }) {
		return encodedWords(s)
	}
	return mime.QEncoding.Encode("utf-8", s)
}

// maxWord is the longest run without a space written as it is in a header:
// a line of RFC 5322 should fit in 78 characters (§2.1.1), and go-message
// inserts a space to break a longer run.
const maxWord = 70

// hasLongWord reports whether s has a run of more than maxWord characters
// without a space.
func hasLongWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) > maxWord {
			return true
		}
	}
	return false
}

// encodedWords writes s as RFC 2047 B-encoded words (at most 75 characters,
// §2; these are 60, so that one fits on a line after "Subject: "), each
// holding whole UTF-8 characters (§5(3)), separated by spaces, which a
// reader drops between encoded words (§6.2).
func encodedWords(s string) string {
	const chunk = 36 // 48 base64 characters, 60 with "=?utf-8?b?" and "?="
	var b strings.Builder
	for s != "" {
		n := min(len(s), chunk)
		for n > 0 && n < len(s) && !utf8.RuneStart(s[n]) {
			n--
		}
		if n == 0 { // not UTF-8: cut anywhere
			n = min(len(s), chunk)
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("=?utf-8?b?" + base64.StdEncoding.EncodeToString([]byte(s[:n])) + "?=")
		s = s[n:]
	}
	return b.String()
}

// phraseQChar reports the ASCII characters an RFC 2047 Q-encoded word may
// carry unencoded in a phrase (§5(3)); a space is written as "_".
func phraseQChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(" !*+-/", r)
}

// quotedString is s as an RFC 5322 quoted-string: in quotes, with every
// backslash and quote escaped by a backslash.
func quotedString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' || s[i] == '"' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// htmlBody is the text as simple HTML with the open pixel at the end.
func htmlBody(text, pixel string) string {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><body><div style=\"white-space:pre-wrap\">")
	b.WriteString(html.EscapeString(text))
	b.WriteString("</div><img src=\"" + html.EscapeString(pixel) + "\" width=\"1\" height=\"1\" alt=\"\"></body></html>\n")
	return b.String()
}

// pixelToken is the opaque token naming a message in its pixel URL.
func pixelToken(messageID string) string {
	sum := sha256.Sum256([]byte(messageID))
	return hex.EncodeToString(sum[:8])
}

// newID makes a Message-ID on the rep's domain.
func (b Builder) newID() string {
	if b.NewID != nil {
		return b.NewID()
	}
	host := "legit.invalid"
	if at := strings.LastIndexByte(b.From.Email, '@'); at >= 0 && at < len(b.From.Email)-1 {
		host = b.From.Email[at+1:]
	}
	r := make([]byte, 12)
	_, _ = rand.Read(r) // crypto/rand never fails on supported platforms
	return hex.EncodeToString(r) + "." + "legit@" + host
}

// Preview is the message as the recipient's mail program shows it: the
// decoded headers, then the plain-text body with the footer. The Message-ID
// is left out: mail programs do not show it, and each build gets a new one,
// so a preview's would not be the one that is sent.
func (b Built) Preview() string {
	var out strings.Builder
	mr, err := mail.CreateReader(bytes.NewReader(b.Raw))
	if err == nil {
		for _, k := range []string{"From", "To", "Subject", "Date", "List-Unsubscribe", "Content-Type"} {
			v := mr.Header.Get(k)
			if k == "Subject" {
				v, _ = mr.Header.Subject()
			}
			if k == "To" || k == "From" {
				if l, err := mr.Header.AddressList(k); err == nil && len(l) == 1 {
					v = l[0].String()
					if l[0].Name != "" {
						v = l[0].Name + " <" + l[0].Address + ">"
					}
				}
			}
			if v != "" {
				out.WriteString(k + ": " + contacts.Clean(v) + "\n")
			}
		}
		_ = mr.Close()
	}
	out.WriteString("\n" + b.Text)
	if strings.Contains(string(b.Raw), "multipart/alternative") {
		out.WriteString("\n(+ an HTML copy of the same text with an open-tracking pixel)\n")
	}
	return out.String()
}

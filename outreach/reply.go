package outreach

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"

	"github.com/emersion/go-message"
	_ "github.com/emersion/go-message/charset" // decode Latin-1, Windows-1250, … bodies
	"github.com/emersion/go-message/textproto"

	"legit/contacts"
)

// maxText is how much of a reply's text legit reads and keeps in memory.
const maxText = 16 << 10

// Reply is what legit reads of one incoming message: a few header fields and
// the start of its text. Full bodies are never kept.
type Reply struct {
	MessageID   string // without <>
	From        string // normalised sender address; "" when unreadable
	Subject     string // decoded
	Date        time.Time
	InReplyTo   []string // Message-IDs, without <>
	References  []string
	ContentType string // media type, lower case
	ReportType  string // multipart/report's report-type parameter
	// AutoSubmitted is the Auto-Submitted header ("auto-replied", …; "no"
	// or "" for a human).
	AutoSubmitted string
	// XAutoreply is set when X-Autoreply, X-Autorespond or Precedence:
	// auto_reply marks an automatic answer.
	XAutoreply bool
	// FailedRecipients are from X-Failed-Recipients or a DSN's
	// Final-Recipient / Original-Recipient fields.
	FailedRecipients []string
	// Text is the decoded start of the first text part.
	Text string
}

// AutoReply reports whether the headers mark the message as sent by a machine
// in answer to ours (an out-of-office, a vacation notice).
func (r Reply) AutoReply() bool {
	as := strings.ToLower(strings.TrimSpace(r.AutoSubmitted))
	return (as != "" && as != "no") || r.XAutoreply
}

// Snippet is the first line or so of the reply's own text, cleaned for a
// terminal, at most n runes.
func (r Reply) Snippet(n int) string { return snippet(StripQuoted(r.Text), n) }

// snippet cleans own text for a terminal and cuts it to n runes.
func snippet(own string, n int) string {
	s := contacts.Clean(own)
	if rs := []rune(s); len(rs) > n {
		s = string(rs[:n-1]) + "…"
	}
	return s
}

// ReplyHeaderFields are the header fields sync fetches besides the envelope
// (which has From, Subject, Date, Message-ID and In-Reply-To).
var ReplyHeaderFields = []string{"References", "Content-Type", "Content-Transfer-Encoding", "Mime-Version",
	"Auto-Submitted", "X-Autoreply", "X-Autorespond", "Precedence", "X-Failed-Recipients"}

var wordDecoder = &mime.WordDecoder{CharsetReader: message.CharsetReader}

// ParseReply reads a message from its header and the (possibly cut short)
// start of its body. It never fails on a truncated body: what could be read
// is kept. It fails only when the header itself is unreadable.
func ParseReply(header, body []byte) (Reply, error) {
	br := bufio.NewReader(io.MultiReader(bytes.NewReader(header), strings.NewReader("\r\n\r\n")))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		return Reply{}, err
	}
	mh := message.Header{Header: h}
	var r Reply
	r.MessageID = firstMsgID(h.Get("Message-Id"))
	if al, err := parseAddressList(h.Get("From")); err == nil && len(al) > 0 {
		r.From = al[0]
	}
	if s, err := wordDecoder.DecodeHeader(h.Get("Subject")); err == nil {
		r.Subject = s
	} else {
		r.Subject = h.Get("Subject")
	}
	if v := h.Get("Date"); v != "" {
		if d, err := parseDate(v); err == nil {
			r.Date = d
		}
	}
	r.InReplyTo = msgIDs(h.Get("In-Reply-To"))
	r.References = msgIDs(h.Get("References"))
	if t, params, err := mh.ContentType(); err == nil {
		r.ContentType, r.ReportType = strings.ToLower(t), params["report-type"]
	} else if h.Get("Content-Type") == "" {
		r.ContentType = "text/plain"
	}
	r.AutoSubmitted = h.Get("Auto-Submitted")
	prec := strings.ToLower(h.Get("Precedence"))
	r.XAutoreply = h.Has("X-Autoreply") || h.Has("X-Autorespond") || prec == "auto_reply"
	for _, a := range strings.Split(h.Get("X-Failed-Recipients"), ",") {
		if a = strings.TrimSpace(a); a != "" {
			r.FailedRecipients = append(r.FailedRecipients, a)
		}
	}
	if len(body) > maxText {
		body = body[:maxText]
	}
	e, err := message.New(mh, bytes.NewReader(body))
	if err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err) {
		return r, nil // header fine, body unreadable: classify on the header
	}
	readEntity(e, &r, 0)
	return r, nil
}

// readEntity takes the first text part into r.Text and any DSN recipients.
func readEntity(e *message.Entity, r *Reply, depth int) {
	if e == nil || depth > 5 {
		return
	}
	t, _, _ := e.Header.ContentType()
	t = strings.ToLower(t)
	if mr := e.MultipartReader(); mr != nil {
		for {
			p, err := mr.NextPart()
			if p == nil || (err != nil && !message.IsUnknownCharset(err) && !message.IsUnknownEncoding(err)) {
				return
			}
			readEntity(p, r, depth+1)
		}
	}
	switch {
	case t == "message/delivery-status" || t == "message/global-delivery-status":
		b, _ := io.ReadAll(io.LimitReader(e.Body, maxText))
		for _, m := range dsnRecipient.FindAllSubmatch(b, -1) {
			r.FailedRecipients = append(r.FailedRecipients, strings.TrimSpace(string(m[1])))
		}
	case r.Text == "" && (t == "text/plain" || t == ""):
		b, _ := io.ReadAll(io.LimitReader(e.Body, maxText))
		r.Text = strings.ToValidUTF8(string(b), "")
	case r.Text == "" && t == "text/html":
		b, _ := io.ReadAll(io.LimitReader(e.Body, maxText))
		r.Text = htmlText(strings.ToValidUTF8(string(b), ""))
	}
}

// dsnRecipient is a DSN's Final-Recipient (or Original-Recipient) field.
var dsnRecipient = regexp.MustCompile(`(?im)^(?:final|original)-recipient:\s*rfc822\s*;\s*<?([^\s>]+)>?`)

var (
	htmlTag   = regexp.MustCompile(`(?s)<(script|style)[^>]*>.*?</(script|style)>|<[^>]*>`)
	htmlBreak = regexp.MustCompile(`(?i)<(br|/p|/div|/blockquote)[^>]*>`)
)

// htmlText is a rough plain-text rendering of an HTML part, enough to
// classify: tags dropped, line breaks kept, common entities decoded;
// a <blockquote> (quoted history) is dropped.
func htmlText(s string) string {
	if i := strings.Index(strings.ToLower(s), "<blockquote"); i >= 0 {
		s = s[:i]
	}
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = htmlTag.ReplaceAllString(s, "")
	return strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">", "&#39;", "'", "&quot;", `"`).Replace(s)
}

// parseAddressList reads a From-style header into normalised addresses.
func parseAddressList(v string) ([]string, error) {
	if v == "" {
		return nil, errors.New("no address")
	}
	var out []string
	for _, part := range splitAddresses(v) {
		if a := angleAddr(part); a != "" {
			if n, err := contacts.NormalizeAddress(a); err == nil {
				out = append(out, n)
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no readable address")
	}
	return out, nil
}

// splitAddresses splits a header value at commas outside quotes and <>.
func splitAddresses(v string) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i, c := range v {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '<' && !quoted:
			depth++
		case c == '>' && !quoted && depth > 0:
			depth--
		case c == ',' && !quoted && depth == 0:
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	return append(out, v[start:])
}

// angleAddr is the address inside <>, or the bare address.
func angleAddr(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			return strings.TrimSpace(s[i+1 : i+j])
		}
		return ""
	}
	if strings.ContainsAny(s, " \"") {
		return ""
	}
	return s
}

var msgIDPattern = regexp.MustCompile(`<([^<>\s]+)>`)

// msgIDs reads a list of Message-IDs ("<a@b> <c@d>"), without the brackets.
func msgIDs(v string) []string {
	var out []string
	for _, m := range msgIDPattern.FindAllStringSubmatch(v, 50) {
		out = append(out, m[1])
	}
	return out
}

// firstMsgID is the one Message-ID of a Message-Id header.
func firstMsgID(v string) string {
	if ids := msgIDs(v); len(ids) > 0 {
		return ids[0]
	}
	v = strings.TrimSpace(v)
	if v != "" && !strings.ContainsAny(v, " <>") {
		return v
	}
	return ""
}

// parseDate reads a Date header in the forms mail clients write.
func parseDate(v string) (time.Time, error) {
	return mail.ParseDate(strings.TrimSpace(v))
}

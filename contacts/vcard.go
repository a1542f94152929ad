package contacts

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	"github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/htmlindex"
)

// ParseVCard reads business cards in vCard 2.1, 3.0 or 4.0 as phones and
// card-scanner apps write them (see startVCard), all at once.
func ParseVCard(data []byte) (Parsed, error) {
	r, err := NewReader("", data, FormatVCard, nil)
	if err != nil {
		return Parsed{Format: FormatVCard}, errors.Unwrap(err)
	}
	return r.readRows()
}

// startVCard reads cards one at a time. go-vcard reads 3.0 and 4.0; before
// it does, folded lines and 2.1's quoted-printable soft line breaks are
// unfolded (in linear time), bare parameters (EMAIL;WORK:) named, and the
// data of PHOTO, LOGO, SOUND and KEY left out unread; quoted-printable
// values and CHARSET parameters are decoded after. Each card is one row, on
// the line of its BEGIN:VCARD; a card of more than 64 KiB without that data
// is a bad row.
func (r *Reader) startVCard(br *bufio.Reader) {
	cr := &cardReader{br: br}
	r.next = func() (ImportRow, error) {
		for {
			c, err := cr.next()
			if errors.Is(err, io.EOF) && cr.cards == 0 {
				return ImportRow{}, errors.New("no BEGIN:VCARD found: is this a vCard (.vcf) file?")
			}
			if err != nil {
				return ImportRow{}, err
			}
			r.rows++
			if c.err != "" {
				r.addBad(c.line, c.err)
				continue
			}
			rec, err := cardRecord(c.text)
			if err != nil {
				r.addBad(c.line, err.Error())
				continue
			}
			rec.Line = c.line
			return rec, nil
		}
	}
}

// rawCard is the text of one card (unfolded, 2.1 fixes applied) and its
// first line.
type rawCard struct {
	line int
	text string
	err  string
}

// cardReader cuts a stream into cards and unfolds them before go-vcard
// sees them, in time linear in the size of the file: a line that starts
// with a space or a tab continues the line before it without that one white
// space character (RFC 6350 §3.2, RFC 2425 §5.8.1, vCard 2.1 §2.1.3), and a
// quoted-printable value whose line ends in "=" (a soft line break, RFC 2045
// §6.7) continues on the next line without the "=". Bare 2.1 parameters are
// named on the way. go-vcard then reads one physical line per property, so
// its own unfolding (which appends line to line) never runs.
type cardReader struct {
	br    *bufio.Reader
	line  int // lines read
	cards int // cards begun
	raw   []byte
	// started is a card whose BEGIN ended the card before (which had no
	// END): the next card, begun.
	started *rawCard
}

// skippedProps are the properties whose values (pictures, sounds, keys)
// an import has no use for: their data is dropped as it is read.
var skippedProps = map[string]bool{"PHOTO": true, "LOGO": true, "SOUND": true, "KEY": true}

// readLine reads one physical line without its line end, keeping at most
// maxRowBytes of it (long says it was longer).
func (c *cardReader) readLine() (line []byte, long bool, err error) {
	c.raw = c.raw[:0]
	for {
		part, err := c.br.ReadSlice('\n')
		if len(c.raw)+len(part) > maxRowBytes {
			long = true
			part = part[:max(0, min(len(part), maxRowBytes-len(c.raw)))]
		}
		c.raw = append(c.raw, part...)
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && len(c.raw) == 0 && !long {
			return nil, false, err
		}
		c.line++
		l := c.raw
		if n := len(l); n > 0 && l[n-1] == '\n' {
			l = l[:n-1]
			if n := len(l); n > 0 && l[n-1] == '\r' {
				l = l[:n-1]
			}
		}
		return l, long, nil
	}
}

// next returns the next card; io.EOF after the last.
func (c *cardReader) next() (rawCard, error) {
	cur := c.started
	c.started = nil
	var b strings.Builder
	if cur != nil {
		b.WriteString("BEGIN:VCARD\r\n")
	}
	var l logicalLine
	skipping, long := false, false
	flush := func() {
		if l.open {
			if !skipping {
				b.WriteString(bare21Params(l.String()))
				b.WriteString("\r\n")
			}
			l.reset()
		}
		if b.Len() > maxRowBytes {
			long = true
			b.Reset()
		}
	}
	for {
		rawb, lineLong, err := c.readLine()
		if errors.Is(err, io.EOF) {
			if cur != nil {
				cur.err = "card has no END:VCARD: the file may be cut off"
				return *cur, nil
			}
			return rawCard{}, io.EOF
		}
		if err != nil {
			return rawCard{}, fmt.Errorf("read line %d: %w", c.line+1, err)
		}
		upper := strings.ToUpper(string(bytes.TrimSpace(rawb)))
		switch {
		case upper == "BEGIN:VCARD":
			c.cards++
			if cur != nil {
				cur.err = "card has no END:VCARD before the next BEGIN:VCARD"
				// The next card starts at this BEGIN.
				c.started = &rawCard{line: c.line}
				return *cur, nil
			}
			cur = &rawCard{line: c.line}
			b.WriteString("BEGIN:VCARD\r\n")
		case cur == nil:
		case upper == "END:VCARD":
			flush()
			if long {
				cur.err = "the card is longer than 64 KiB without its photos: it is not one contact; split the file"
				return *cur, nil
			}
			b.WriteString("END:VCARD\r\n")
			cur.text = b.String()
			return *cur, nil
		case l.open && !skipping && l.softBreak():
			l.joinSoftBreak(string(rawb))
		case len(rawb) > 0 && (rawb[0] == ' ' || rawb[0] == '\t'):
			// A fold; with no line open (right after BEGIN) it starts one.
			if !skipping {
				l.add(string(rawb[1:]))
			}
		default:
			flush()
			skipping = skippedProps[propName(rawb)]
			if !skipping {
				long = long || lineLong
				l.add(string(rawb))
			}
		}
		if l.open && len(l.b) > maxRowBytes {
			long = true
			l.reset()
		}
	}
}

// propName is the upper-cased name of the property a content line starts,
// without its group ("item1.PHOTO;..." is PHOTO).
func propName(line []byte) string {
	end := bytes.IndexAny(line, ";:")
	if end < 0 {
		end = len(line)
	}
	name := line[:end]
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	if len(name) > 8 {
		return ""
	}
	return strings.ToUpper(string(name))
}

// logicalLine collects the physical lines of one property. It remembers
// where the property part (up to the first colon) ends, so asking whether the
// value is quoted-printable costs nothing more however often it is asked:
// every operation is linear in the bytes it adds.
type logicalLine struct {
	b       []byte
	open    bool
	colon   int // index of the first colon, -1 while none is seen
	scanned int // bytes already searched for the colon
	qp      bool
}

func (l *logicalLine) reset() {
	l.b, l.open, l.colon, l.scanned, l.qp = l.b[:0], false, -1, 0, false
}

// add appends a physical line (without its fold's white space).
func (l *logicalLine) add(s string) {
	if !l.open {
		l.reset()
		l.open = true
	}
	l.b = append(l.b, s...)
	if l.colon < 0 {
		if i := bytes.IndexByte(l.b[l.scanned:], ':'); i >= 0 {
			l.colon = l.scanned + i
			l.qp = strings.Contains(strings.ToUpper(string(l.b[:l.colon])), "QUOTED-PRINTABLE")
		}
		l.scanned = len(l.b)
	}
}

// softBreak reports whether the line is a quoted-printable value ending in
// a soft line break.
func (l *logicalLine) softBreak() bool {
	return l.qp && len(l.b) > l.colon+1 && l.b[len(l.b)-1] == '='
}

// joinSoftBreak drops the "=" of a soft line break and appends the next line
// as it is: in quoted-printable its leading white space is part of the value.
func (l *logicalLine) joinSoftBreak(s string) {
	l.b = append(l.b[:len(l.b)-1], s...)
}

func (l *logicalLine) String() string { return string(l.b) }

// bare21Params turns vCard 2.1's bare parameters (EMAIL;WORK;PREF:) into
// TYPE= parameters, which go-vcard reads. It assumes no colon inside quoted
// parameter values.
func bare21Params(line string) string {
	i := strings.IndexByte(line, ':')
	if i < 0 || line == "" || line[0] == ' ' || line[0] == '\t' {
		return line
	}
	parts := strings.Split(line[:i], ";")
	for j, p := range parts[1:] {
		if !strings.Contains(p, "=") {
			parts[j+1] = "TYPE=" + p
		}
	}
	return strings.Join(parts, ";") + line[i:]
}

// fixField decodes a quoted-printable value and converts its CHARSET to
// UTF-8; 8-bit text without a CHARSET is read like a spreadsheet's.
func fixField(f *vcard.Field) {
	p := f.Params
	if strings.EqualFold(p.Get("ENCODING"), "QUOTED-PRINTABLE") || p.HasType("QUOTED-PRINTABLE") {
		if b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(f.Value))); err == nil {
			f.Value = string(b)
			delete(f.Params, "ENCODING")
		}
	}
	if cs := p.Get("CHARSET"); cs != "" {
		if enc, err := htmlindex.Get(cs); err == nil {
			if b, err := enc.NewDecoder().String(f.Value); err == nil {
				f.Value = b
			}
		}
		delete(f.Params, "CHARSET")
	}
	if !utf8.ValidString(f.Value) {
		f.Value = decodeText([]byte(f.Value))
	}
}

// cardRecord decodes one card and takes the contact's fields from it.
func cardRecord(text string) (ImportRow, error) {
	card, err := vcard.NewDecoder(strings.NewReader(text)).Decode()
	if err != nil {
		return ImportRow{}, fmt.Errorf("broken vCard: %w", err)
	}
	for _, fs := range card {
		for _, f := range fs {
			fixField(f)
		}
	}
	var r ImportRow
	r.Name = Clean(card.Value(vcard.FieldFormattedName))
	if r.Name == "" {
		if n := card.Name(); n != nil {
			r.Name = Clean(unescapeVCard(n.GivenName) + " " + unescapeVCard(n.FamilyName))
		}
	}
	org := splitVCard(card.Value(vcard.FieldOrganization))
	var dept []string
	if len(org) > 0 {
		r.Company = Clean(org[0])
		for _, d := range org[1:] {
			if d = Clean(d); d != "" {
				dept = append(dept, d)
			}
		}
	}
	r.Position = joinNonEmpty(", ", Clean(unescapeVCard(card.Value(vcard.FieldTitle))), strings.Join(dept, ", "))
	if r.Position == "" {
		r.Position = Clean(unescapeVCard(card.Value(vcard.FieldRole)))
	}
	r.Note = Clean(unescapeVCard(card.Value(vcard.FieldNote)))
	for _, c := range []struct {
		f    Field
		prop string
		v    string
	}{{FieldName, "FN", r.Name}, {FieldCompany, "ORG", r.Company}, {FieldPosition, "TITLE", r.Position}, {FieldNote, "NOTE", r.Note}} {
		if err := checkCap(c.f, c.prop, c.v); err != nil {
			return r, err
		}
	}
	for _, f := range card[vcard.FieldEmail] {
		if err := checkCap(FieldEmail, "EMAIL", strings.TrimSpace(f.Value)); err != nil {
			return r, err
		}
	}
	if r.Email, err = cardEmail(card[vcard.FieldEmail]); err != nil {
		return r, err
	}
	if r.Name == "" && r.Email == "" {
		return r, errors.New("card has no name (FN or N) and no EMAIL")
	}
	return r, nil
}

// cardEmail picks the card's address: a valid one marked both work and
// preferred first, then preferred, then work, then the first valid one.
func cardEmail(fields []*vcard.Field) (string, error) {
	best, bestScore := "", -1
	var firstErr error
	for _, f := range fields {
		a, err := NormalizeAddress(f.Value)
		if err != nil {
			if firstErr == nil && !errors.Is(err, ErrNoAddress) {
				firstErr = err
			}
			continue
		}
		score := 0
		if f.Params.HasType("pref") || f.Params.Get(vcard.ParamPreferred) != "" {
			score += 2
		}
		if f.Params.HasType("work") {
			score++
		}
		if score > bestScore {
			best, bestScore = a, score
		}
	}
	if best == "" && firstErr != nil {
		return "", firstErr
	}
	return best, nil
}

// splitVCard splits a structured value on semicolons that are not escaped.
func splitVCard(v string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch {
		case v[i] == '\\' && i+1 < len(v) && v[i+1] == ';':
			b.WriteByte(';')
			i++
		case v[i] == ';':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(v[i])
		}
	}
	return append(out, b.String())
}

// unescapeVCard undoes the "\;" escape go-vcard leaves in values.
func unescapeVCard(v string) string { return strings.ReplaceAll(v, `\;`, ";") }

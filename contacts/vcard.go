package contacts

import (
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
// card-scanner apps write them. go-vcard reads 3.0 and 4.0; before it does,
// folded lines and 2.1's quoted-printable soft line breaks are unfolded (in
// linear time) and bare parameters (EMAIL;WORK:) named, and quoted-printable
// values and CHARSET parameters are decoded after. Each card is one row, on
// the line of its BEGIN:VCARD.
func ParseVCard(data []byte) (Parsed, error) {
	p := Parsed{Format: FormatVCard}
	if bytes.HasPrefix(data, bomUTF16LE) || bytes.HasPrefix(data, bomUTF16BE) {
		data = []byte(decodeText(data))
	}
	data = bytes.TrimPrefix(data, bomUTF8)
	cards := splitCards(string(data))
	if len(cards) == 0 {
		return p, errors.New("no BEGIN:VCARD found: is this a vCard (.vcf) file?")
	}
	for _, c := range cards {
		p.Rows++
		if c.err != "" {
			p.Bad = append(p.Bad, RowError{Line: c.line, Reason: c.err})
			continue
		}
		rec, err := cardRecord(c.text)
		if err != nil {
			p.Bad = append(p.Bad, RowError{Line: c.line, Reason: err.Error()})
			continue
		}
		rec.Line = c.line
		p.Records = append(p.Records, rec)
	}
	return p, nil
}

// rawCard is the text of one card (unfolded, 2.1 fixes applied) and its
// first line.
type rawCard struct {
	line int
	text string
	err  string
}

// splitCards cuts the file into cards and unfolds them before go-vcard sees
// them, in time linear in the size of the file: a line that starts with a
// space or a tab continues the line before it without that one white space
// character (RFC 6350 §3.2, RFC 2425 §5.8.1, vCard 2.1 §2.1.3), and a
// quoted-printable value whose line ends in "=" (a soft line break, RFC 2045
// §6.7) continues on the next line without the "=". Bare 2.1 parameters are
// named on the way. go-vcard then reads one physical line per property, so
// its own unfolding (which appends line to line) never runs.
func splitCards(s string) []rawCard {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []rawCard
	var cur *rawCard
	var b strings.Builder
	var l logicalLine
	flush := func() {
		if l.open {
			b.WriteString(bare21Params(l.String()))
			b.WriteString("\r\n")
			l.reset()
		}
	}
	for i, raw := range lines {
		upper := strings.ToUpper(strings.TrimSpace(raw))
		switch {
		case upper == "BEGIN:VCARD":
			if cur != nil {
				cur.err = "card has no END:VCARD before the next BEGIN:VCARD"
				out = append(out, *cur)
			}
			cur = &rawCard{line: i + 1}
			l.reset()
			b.Reset()
			b.WriteString("BEGIN:VCARD\r\n")
		case cur == nil:
		case upper == "END:VCARD":
			flush()
			b.WriteString("END:VCARD\r\n")
			cur.text = b.String()
			out = append(out, *cur)
			cur = nil
		case l.open && l.softBreak():
			l.joinSoftBreak(raw)
		case raw != "" && (raw[0] == ' ' || raw[0] == '\t'):
			// A fold; with no line open (right after BEGIN) it starts one.
			l.add(raw[1:])
		default:
			flush()
			l.add(raw)
		}
	}
	if cur != nil {
		cur.err = "card has no END:VCARD: the file may be cut off"
		out = append(out, *cur)
	}
	return out
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

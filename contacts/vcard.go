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
// card-scanner apps write them. go-vcard reads 3.0 and 4.0; for 2.1 the
// quoted-printable soft line breaks are joined and bare parameters
// (EMAIL;WORK:) named before decoding, and quoted-printable values and
// CHARSET parameters are decoded after. Each card is one row, on the line of
// its BEGIN:VCARD.
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

// rawCard is the text of one card (2.1 fixes applied) and its first line.
type rawCard struct {
	line int
	text string
	err  string
}

// splitCards cuts the file into cards, joining quoted-printable soft line
// breaks and naming bare 2.1 parameters on the way.
func splitCards(s string) []rawCard {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []rawCard
	var cur *rawCard
	var b strings.Builder
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		upper := strings.ToUpper(strings.TrimSpace(l))
		switch {
		case upper == "BEGIN:VCARD":
			if cur != nil {
				cur.err = "card has no END:VCARD before the next BEGIN:VCARD"
				out = append(out, *cur)
			}
			cur = &rawCard{line: i + 1}
			b.Reset()
			b.WriteString("BEGIN:VCARD\r\n")
			continue
		case cur == nil:
			continue
		case upper == "END:VCARD":
			b.WriteString("END:VCARD\r\n")
			cur.text = b.String()
			out = append(out, *cur)
			cur = nil
			continue
		}
		for strings.HasSuffix(l, "=") && isQuotedPrintable(l) && i+1 < len(lines) {
			i++
			l = l[:len(l)-1] + lines[i]
		}
		b.WriteString(bare21Params(l))
		b.WriteString("\r\n")
	}
	if cur != nil {
		cur.err = "card has no END:VCARD: the file may be cut off"
		out = append(out, *cur)
	}
	return out
}

// isQuotedPrintable reports whether the property part of a line (before the
// first colon) says its value is quoted-printable.
func isQuotedPrintable(l string) bool {
	i := strings.IndexByte(l, ':')
	if i < 0 {
		return false
	}
	return strings.Contains(strings.ToUpper(l[:i]), "QUOTED-PRINTABLE")
}

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
